import * as z from 'zod/mini';
import type { Case } from '../schema/case.js';
import { caseSchema } from '../schema/case.js';
import { isCaseId } from '../schema/case-id.js';
import { type EncryptedValue, encryptedValueVersion } from '../schema/encrypted-value.js';
import { isRecord } from '../schema/rule.js';
import {
  arrayItem,
  fieldMetaOf,
  objectShape,
  type SchemaNode,
  unwrapOptional,
} from '../schema/walk.js';
import { toPointer } from '../validate/issue.js';
import { toBase64url } from './base64url.js';
import { type CryptoIssue, type CryptoResult, failure } from './crypto-issue.js';
import {
  decodePlaintext,
  envelopeAlgorithms,
  envelopeBytes,
  isEncryptedValue,
  ivBytes,
  openValue,
  sealValue,
} from './field-cipher.js';
import { organisationKeyProblem, publicKeyId } from './organisation-key.js';
import { availableSubtle, randomBytes } from './webcrypto.js';

/** A record type with every encrypted value replaced by the plain value it holds. */
export type Decrypted<T> = T extends EncryptedValue
  ? never
  : T extends readonly (infer U)[]
    ? Decrypted<U>[]
    : T extends object
      ? { [K in keyof T]: Decrypted<T[K]> }
      : T;

/** A case whose identifying fields all hold plain values, as `decryptCase` returns it. */
export type PlainCase = Decrypted<Case>;

/** Where an identifying field sits in a record, and whether it is encrypted there. */
export interface IdentifyingPath {
  /** A JSON Pointer to the value, e.g. `/responses/1/notes`. */
  readonly pointer: string;
  readonly path: readonly (string | number)[];
  /** The field's key without list indexes, e.g. `responses.notes`: bound to its encrypted value. */
  readonly key: string;
  readonly encrypted: boolean;
}

interface FoundField {
  readonly path: readonly (string | number)[];
  readonly key: string;
  /** The schema of the field's plain value. */
  readonly plain: SchemaNode;
  readonly value: unknown;
}

function findIdentifying(
  schema: SchemaNode,
  value: unknown,
  path: readonly (string | number)[],
  found: FoundField[],
): FoundField[] {
  const meta = fieldMetaOf(schema);
  if (meta) {
    if (meta.sensitivity === 'identifying' && value !== undefined) {
      found.push({ path, key: meta.key, plain: unwrapOptional(schema), value });
    }
    return found;
  }
  const shape = objectShape(schema);
  if (shape) {
    if (!isRecord(value)) return found;
    for (const [key, child] of Object.entries(shape)) {
      if (Object.hasOwn(value, key)) findIdentifying(child, value[key], [...path, key], found);
    }
    return found;
  }
  const item = arrayItem(schema);
  if (item && Array.isArray(value)) {
    value.forEach((entry, index) => {
      findIdentifying(item, entry, [...path, index], found);
    });
  }
  return found;
}

/** Lists the identifying fields a record holds (plain or encrypted), in schema order, read from the schema's metadata. */
export function identifyingPaths(record: unknown): IdentifyingPath[] {
  return findIdentifying(caseSchema, record, [], []).map(({ path, key, value }) => ({
    pointer: toPointer(path),
    path,
    key,
    encrypted: isRecord(value),
  }));
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
}

/** Why an object in an identifying field is not an encrypted value this release can open, or undefined when it is one. */
function envelopeIssue(value: Record<string, unknown>, pointer: string): CryptoIssue | undefined {
  const version = value.$enc;
  if (version !== encryptedValueVersion) {
    return typeof version === 'string' && version.startsWith('talap-e2e/')
      ? {
          code: 'unsupported_version',
          path: pointer,
          message: `${pointer} holds an encrypted value of another format version than ${encryptedValueVersion}: update @talap/core to read it.`,
        }
      : {
          code: 'malformed_envelope',
          path: pointer,
          message: `${pointer} holds an object that is not an encrypted value (no "$enc": "${encryptedValueVersion}").`,
        };
  }
  if (value.alg !== envelopeAlgorithms.alg || value.enc !== envelopeAlgorithms.enc) {
    return {
      code: 'unsupported_version',
      path: pointer,
      message: `${pointer} holds an encrypted value with algorithms other than ${envelopeAlgorithms.alg} and ${envelopeAlgorithms.enc}: update @talap/core to read it.`,
    };
  }
  if (!isEncryptedValue(value)) {
    return {
      code: 'malformed_envelope',
      path: pointer,
      message: `${pointer} is not a well-formed encrypted value: a part is missing, unknown, too long or not base64url.`,
    };
  }
  return undefined;
}

/** The organisation public key to encrypt for, as `importPublicKey` or `generateOrganisationKeyPair` gives it. */
export interface EncryptionKey {
  /** The key id written into every encrypted value; must be the key's own (`publicKeyId`). */
  readonly keyId: string;
  readonly publicKey: CryptoKey;
}

/** A fixed data key and nonces instead of fresh random ones: only for making frozen test vectors. */
export interface FixedEncryptionParts {
  readonly dataKey: CryptoKey;
  readonly nextIv: () => Uint8Array<ArrayBuffer>;
}

const noCaseId = () =>
  failure(
    'missing_case_id',
    'The record has no case id ("id", a UUID version 7): encrypted values are bound to their case, so give the record its id first.',
    '/id',
  );

/** `encryptCase`, with the data key and nonces given: the vector generator's entry. */
export async function encryptCaseWith(
  record: unknown,
  key: EncryptionKey,
  fixed?: FixedEncryptionParts,
): Promise<CryptoResult<unknown>> {
  const crypto = availableSubtle();
  if (!crypto.ok) return crypto;
  if (!isRecord(record) || !isCaseId(record.id)) return noCaseId();
  const problem = organisationKeyProblem(key.publicKey, 'public');
  if (problem) return failure('invalid_key', problem);
  if (key.keyId !== (await publicKeyId(key.publicKey))) {
    return failure('invalid_key', 'The key id is not the id of this public key (see publicKeyId).');
  }
  const issues: CryptoIssue[] = [];
  const plain: FoundField[] = [];
  for (const field of findIdentifying(caseSchema, record, [], [])) {
    const pointer = toPointer(field.path);
    if (isRecord(field.value)) {
      const issue = envelopeIssue(field.value, pointer);
      if (issue) issues.push(issue);
    } else if (!z.safeParse(field.plain, field.value).success) {
      issues.push({
        code: 'invalid_plaintext',
        path: pointer,
        message: `${pointer} does not hold a valid value for its field: validate the record (validateCase) before encrypting it.`,
      });
    } else {
      plain.push(field);
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const copy = structuredClone(record);
  if (plain.length === 0) return { ok: true, value: copy };
  // One data key per call: every value encrypted now shares it, and each envelope carries it
  // wrapped, so any one value can be opened alone.
  const dataKey =
    fixed?.dataKey ??
    (await crypto.value.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']));
  const wrapped = await crypto.value.wrapKey('raw', dataKey, key.publicKey, { name: 'RSA-OAEP' });
  const ek = toBase64url(new Uint8Array(wrapped));
  for (const field of plain) {
    const envelope = await sealValue(field.value, {
      dataKey,
      ek,
      kid: key.keyId,
      iv: fixed?.nextIv() ?? randomBytes(ivBytes),
      binding: { caseId: record.id, fieldKey: field.key },
    });
    setAt(copy, field.path, envelope);
  }
  return { ok: true, value: copy };
}

/**
 * Encrypts every identifying field a record holds, on the device, for the organisation's public
 * key: one fresh AES-256-GCM data key per call, wrapped with RSA-OAEP-256, each value bound to the
 * case id and its field. Fields already encrypted stay as they are, so it may run again after an
 * edit. Refuses a record without a case id and plain values that do not fit their field.
 */
export function encryptCase(record: Case, key: EncryptionKey): Promise<CryptoResult<Case>>;
export function encryptCase(record: unknown, key: EncryptionKey): Promise<CryptoResult<unknown>>;
export function encryptCase(record: unknown, key: EncryptionKey): Promise<CryptoResult<unknown>> {
  return encryptCaseWith(record, key);
}

/** Private keys by key id: a map, or a list such as `decryptPrivateKey` results give. */
export type PrivateKeyring =
  | ReadonlyMap<string, CryptoKey>
  | Iterable<{ readonly keyId: string; readonly privateKey: CryptoKey }>;

function keyMap(keys: PrivateKeyring): ReadonlyMap<string, CryptoKey> {
  if ('get' in keys && typeof keys.get === 'function')
    return keys as ReadonlyMap<string, CryptoKey>;
  const map = new Map<string, CryptoKey>();
  for (const { keyId, privateKey } of keys as Iterable<{ keyId: string; privateKey: CryptoKey }>) {
    map.set(keyId, privateKey);
  }
  return map;
}

type Opened = { readonly path: readonly (string | number)[]; readonly value: unknown };

/**
 * Decrypts every encrypted value of a record with the organisation's private keys, picked by each
 * value's key id (older keys stay usable after a rotation). Plain values stay as they are. Never
 * returns wrong plaintext: a value that was altered, moved from another case or field, or
 * encrypted for a key not given is an issue naming its field and the reason.
 */
export function decryptCase(record: Case, keys: PrivateKeyring): Promise<CryptoResult<PlainCase>>;
export function decryptCase(record: unknown, keys: PrivateKeyring): Promise<CryptoResult<unknown>>;
export async function decryptCase(
  record: unknown,
  keys: PrivateKeyring,
): Promise<CryptoResult<unknown>> {
  const crypto = availableSubtle();
  if (!crypto.ok) return crypto;
  if (!isRecord(record) || !isCaseId(record.id)) return noCaseId();
  const caseId = record.id;
  const privateKeys = keyMap(keys);
  for (const [keyId, privateKey] of privateKeys) {
    const problem = organisationKeyProblem(privateKey, 'private');
    if (problem) return failure('invalid_key', `The private key for key id ${keyId}: ${problem}`);
  }
  const dataKeys = new Map<string, Promise<CryptoKey | undefined>>();
  const unwrap = (kid: string, ek: string, wrapped: Uint8Array<ArrayBuffer>, key: CryptoKey) => {
    const cacheKey = `${kid} ${ek}`;
    let dataKey = dataKeys.get(cacheKey);
    if (!dataKey) {
      dataKey = crypto.value
        .unwrapKey('raw', wrapped, key, { name: 'RSA-OAEP' }, { name: 'AES-GCM' }, false, [
          'decrypt',
        ])
        .catch(() => undefined);
      dataKeys.set(cacheKey, dataKey);
    }
    return dataKey;
  };
  const open = async (field: FoundField): Promise<Opened | CryptoIssue> => {
    const path = toPointer(field.path);
    const issue = (code: CryptoIssue['code'], message: string): CryptoIssue => ({
      code,
      path,
      message: `${path} ${message}`,
    });
    const shapeIssue = envelopeIssue(field.value as Record<string, unknown>, path);
    if (shapeIssue) return shapeIssue;
    const envelope = field.value as EncryptedValue;
    const bytes = envelopeBytes(envelope);
    if ('broken' in bytes) {
      return issue(
        'malformed_envelope',
        `holds an encrypted value whose "${bytes.broken}" is not base64url of a possible length (truncated?).`,
      );
    }
    const privateKey = privateKeys.get(envelope.kid);
    if (!privateKey) {
      return issue(
        'unknown_key',
        `was encrypted for key id ${envelope.kid}, and no private key with that id was given: load that key's file too (an older key, after a rotation?).`,
      );
    }
    const dataKey = await unwrap(envelope.kid, envelope.ek, bytes.ek, privateKey);
    if (!dataKey) {
      return issue(
        'unwrap_failed',
        `could not be opened: the private key given for key id ${envelope.kid} does not open its data key. The key file holds another key than its id says, or the value's "ek" was altered.`,
      );
    }
    const binding = { caseId, fieldKey: field.key };
    const plaintext = await openValue(bytes.iv, bytes.ct, dataKey, envelope.kid, binding);
    if (!plaintext) {
      return issue(
        'authentication_failed',
        'failed its integrity check: the encrypted value was altered, or moved here from another case or another field. Nothing was decrypted.',
      );
    }
    const decoded = decodePlaintext(plaintext);
    if (!decoded || !z.safeParse(field.plain, decoded.value).success) {
      return issue(
        'invalid_plaintext',
        'decrypted to something that is not a valid value of its field: whoever encrypted it did not follow the schema.',
      );
    }
    return { path: field.path, value: decoded.value };
  };
  const encrypted = findIdentifying(caseSchema, record, [], []).filter((field) =>
    isRecord(field.value),
  );
  const results = await Promise.all(encrypted.map(open));
  const issues = results.filter((result): result is CryptoIssue => 'code' in result);
  if (issues.length > 0) return { ok: false, issues };
  const copy = structuredClone(record);
  for (const result of results as Opened[]) setAt(copy, result.path, result.value);
  return { ok: true, value: copy };
}
