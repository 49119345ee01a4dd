import { randomUUID } from 'node:crypto';
import type { KeyRole } from '@talap/core/protocol';
import { makeKey } from '../auth/keys.js';
import type { Database, Queryable } from './database.js';

/** An organisation as the CLI shows it. */
export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly allowedOrigins: readonly string[];
}

/** A key as listed: never the secret, which is shown only when it is made. */
export interface KeyInfo {
  readonly id: string;
  readonly org: string;
  readonly role: KeyRole;
  readonly label: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** A key as the hub checks it on each request. */
export interface StoredKey {
  readonly id: string;
  readonly organisationId: string;
  readonly role: KeyRole;
  readonly secretHash: Uint8Array;
  readonly revoked: boolean;
  readonly allowedOrigins: readonly string[];
}

/** Raised for a mistake in an organisation or key command (unknown organisation, name taken). */
export class AdminInputError extends Error {
  override readonly name = 'AdminInputError';
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks that an origin is a scheme, host and optional port, as browsers send it. */
export function checkOrigin(origin: string): string {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new AdminInputError(
      `"${origin}" is not an origin: write it like https://ngo.example.org`,
    );
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
    throw new AdminInputError(
      `"${origin}" is not an origin: write the scheme, host and port only, like https://ngo.example.org`,
    );
  }
  return origin;
}

/** Creates an organisation; names are unique. */
export async function createOrganisation(
  db: Database,
  name: string,
  allowedOrigins: readonly string[] = [],
): Promise<Organisation> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) {
    throw new AdminInputError('An organisation name has 1 to 100 characters.');
  }
  const origins = allowedOrigins.map(checkOrigin);
  const id = randomUUID();
  const rows = await db.query<{ id: string }>(
    `insert into organisations (id, name, allowed_origins) values ($1, $2, $3)
     on conflict (name) do nothing returning id`,
    [id, trimmed, origins],
  );
  if (rows.length === 0) {
    throw new AdminInputError(`An organisation named "${trimmed}" already exists.`);
  }
  return { id, name: trimmed, allowedOrigins: origins };
}

/** Every organisation, oldest first. */
export async function listOrganisations(db: Queryable): Promise<Organisation[]> {
  const rows = await db.query<{ id: string; name: string; allowed_origins: string[] }>(
    'select id, name, allowed_origins from organisations order by created_at, name',
  );
  return rows.map((row) => ({ id: row.id, name: row.name, allowedOrigins: row.allowed_origins }));
}

/** Finds an organisation by id or by name. */
export async function findOrganisation(db: Queryable, idOrName: string): Promise<Organisation> {
  const rows = uuidPattern.test(idOrName)
    ? await db.query<{ id: string; name: string; allowed_origins: string[] }>(
        'select id, name, allowed_origins from organisations where id = $1',
        [idOrName.toLowerCase()],
      )
    : await db.query<{ id: string; name: string; allowed_origins: string[] }>(
        'select id, name, allowed_origins from organisations where name = $1',
        [idOrName.trim()],
      );
  const row = rows[0];
  if (!row) {
    throw new AdminInputError(`No organisation "${idOrName}". See them with: talap-hub org list`);
  }
  return { id: row.id, name: row.name, allowedOrigins: row.allowed_origins };
}

/** Replaces the web origins whose pages may call the hub with this organisation's keys. */
export async function setAllowedOrigins(
  db: Database,
  idOrName: string,
  origins: readonly string[],
): Promise<Organisation> {
  const organisation = await findOrganisation(db, idOrName);
  const checked = origins.map(checkOrigin);
  await db.query('update organisations set allowed_origins = $2 where id = $1', [
    organisation.id,
    checked,
  ]);
  return { ...organisation, allowedOrigins: checked };
}

/** Every origin any organisation allows, for answering CORS preflights before a key is known. */
export async function allAllowedOrigins(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<{ origin: string }>(
    'select distinct unnest(allowed_origins) as origin from organisations',
  );
  return new Set(rows.map((row) => row.origin));
}

/** Makes a key for an organisation and role; the returned `key` is the only time the secret is seen. */
export async function createKey(
  db: Database,
  orgIdOrName: string,
  role: KeyRole,
  label?: string,
): Promise<{ id: string; key: string; org: string; role: KeyRole }> {
  const organisation = await findOrganisation(db, orgIdOrName);
  if (label !== undefined && label.length > 100) {
    throw new AdminInputError('A key label has at most 100 characters.');
  }
  const made = makeKey();
  await db.transaction(async (tx) => {
    // The audit log is scoped by row-level security even for its owner: name the organisation.
    await tx.query(`select set_config('talap.organisation', $1, true)`, [organisation.id]);
    await tx.query(
      'insert into api_keys (id, organisation_id, role, secret_hash, label) values ($1, $2, $3, $4, $5)',
      [made.id, organisation.id, role, made.secretHash, label ?? null],
    );
    await tx.query(
      `insert into audit_log (organisation_id, key_id, action) values ($1, $2, 'key.create')`,
      [organisation.id, made.id],
    );
  });
  return { id: made.id, key: made.key, org: organisation.id, role };
}

/** Revokes a key at once; returns false when there is no such key. */
export async function revokeKey(db: Database, keyId: string): Promise<boolean> {
  if (!uuidPattern.test(keyId)) {
    throw new AdminInputError(`"${keyId}" is not a key id. See them with: talap-hub key list`);
  }
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ organisation_id: string }>(
      `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1
       returning organisation_id`,
      [keyId.toLowerCase()],
    );
    const row = rows[0];
    if (!row) return false;
    await tx.query(`select set_config('talap.organisation', $1, true)`, [row.organisation_id]);
    await tx.query(
      `insert into audit_log (organisation_id, key_id, action) values ($1, $2, 'key.revoke')`,
      [row.organisation_id, keyId.toLowerCase()],
    );
    return true;
  });
}

/** Lists keys, of one organisation or all, without their secrets. */
export async function listKeys(db: Database, orgIdOrName?: string): Promise<KeyInfo[]> {
  const organisationId =
    orgIdOrName === undefined ? null : (await findOrganisation(db, orgIdOrName)).id;
  const rows = await db.query<{
    id: string;
    organisation_id: string;
    role: KeyRole;
    label: string | null;
    created_at: Date;
    revoked_at: Date | null;
  }>(
    `select id, organisation_id, role, label, created_at, revoked_at from api_keys
     where $1::uuid is null or organisation_id = $1 order by created_at, id`,
    [organisationId],
  );
  return rows.map((row) => ({
    id: row.id,
    org: row.organisation_id,
    role: row.role,
    label: row.label,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at).toISOString(),
  }));
}

/** Looks a key up by id for authentication; `undefined` when there is none. */
export async function findKey(db: Queryable, keyId: string): Promise<StoredKey | undefined> {
  const rows = await db.query<{
    id: string;
    organisation_id: string;
    role: KeyRole;
    secret_hash: Uint8Array;
    revoked_at: Date | null;
    allowed_origins: string[];
  }>(
    `select k.id, k.organisation_id, k.role, k.secret_hash, k.revoked_at, o.allowed_origins
     from api_keys k join organisations o on o.id = k.organisation_id where k.id = $1`,
    [keyId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    organisationId: row.organisation_id,
    role: row.role,
    secretHash: row.secret_hash,
    revoked: row.revoked_at !== null,
    allowedOrigins: row.allowed_origins,
  };
}

/** The hub's epoch: it changes when the database is restored from a backup, so clients re-send what the restore lost. */
export async function readEpoch(db: Queryable): Promise<string> {
  const rows = await db.query<{ value: string }>(`select value from hub_meta where key = 'epoch'`);
  const epoch = rows[0]?.value;
  if (epoch === undefined) throw new Error('The database has no epoch: it was not migrated.');
  return epoch;
}

/** Gives the hub a new epoch; run it after restoring the database from a backup. */
export async function rotateEpoch(db: Queryable): Promise<string> {
  const epoch = randomUUID();
  await db.query(`update hub_meta set value = $1 where key = 'epoch'`, [epoch]);
  return epoch;
}
