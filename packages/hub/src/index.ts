/**
 * @talap/hub: the reference case hub that Talap intake forms and sync clients talk to, on
 * embedded PostgreSQL (PGlite) or a PostgreSQL server.
 */

export { defaultLimits, resolveLimits } from './http/limits.js';
export { buildOpenApiDocument } from './http/openapi.js';
export { createHub, type Hub, type HubOptions } from './hub.js';
export type { Actor, CheckedMutation } from './store/cases.js';
export { type Database, type Queryable, scopedRole, withOrganisation } from './store/database.js';
export {
  DatabaseTooNewError,
  type Migration,
  MissingRoleError,
  migrate,
  migrations,
} from './store/migrations.js';
export { openDatabase, type StorageOptions } from './store/open.js';
export {
  AdminInputError,
  allAllowedOrigins,
  createKey,
  createOrganisation,
  findOrganisation,
  type KeyInfo,
  listKeys,
  listOrganisations,
  type Organisation,
  readEpoch,
  revokeKey,
  rotateEpoch,
  setAllowedOrigins,
} from './store/organisations.js';
export { DataFolderBusyError } from './store/pglite.js';
export {
  addPublicKey,
  listPublicKeys,
  type PublicKeyInfo,
  type PublicKeyStatus,
  readPublicKey,
  retirePublicKey,
  type ServedPublicKey,
} from './store/public-keys.js';
