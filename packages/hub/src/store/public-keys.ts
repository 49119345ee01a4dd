import { exportPublicKey, importPublicKey, type PublicKeyJwk } from '@talap/core/crypto';
import type { Database, Queryable } from './database.js';
import { AdminInputError, findOrganisation } from './organisations.js';

// An organisation's public keys for field-level encryption (docs/encryption.md). The hub only
// keeps and serves them: it never holds a private key and never needs the plaintext of an
// identifying field. At most one key of an organisation is active, the one forms and sync
// clients encrypt new values for; retired keys stay listed so that old values can be traced to
// the key file that opens them.

/** Whether new values are encrypted for the key (`active`) or it only names older values (`retired`). */
export type PublicKeyStatus = 'active' | 'retired';

/** One of an organisation's public keys, as the CLI lists it. */
export interface PublicKeyInfo {
  /** The key id written into every value encrypted for it: the first 16 hex digits of the fingerprint. */
  readonly keyId: string;
  /** SHA-256 of the key's SPKI encoding, as 16 groups of 4 hex digits. */
  readonly fingerprint: string;
  readonly status: PublicKeyStatus;
  /** The public key as a JSON Web Key with its `kid`. */
  readonly jwk: PublicKeyJwk;
  readonly createdAt: string;
  readonly retiredAt: string | null;
}

/** A public key as `GET /v1/config` serves it: the JSON Web Key with its fingerprint and status beside it. */
export type ServedPublicKey = PublicKeyJwk & {
  readonly fingerprint: string;
  readonly status: PublicKeyStatus;
  readonly createdAt: string;
  readonly retiredAt?: string;
};

interface PublicKeyRow {
  key_id: string;
  fingerprint: string;
  jwk: PublicKeyJwk;
  created_at: Date;
  retired_at: Date | null;
}

const columns = 'key_id, fingerprint, jwk, created_at, retired_at';
// The active key first, then retired ones, newest first.
const order = 'order by retired_at is not null, created_at desc, key_id';

function infoOf(row: PublicKeyRow): PublicKeyInfo {
  return {
    keyId: row.key_id,
    fingerprint: row.fingerprint,
    status: row.retired_at === null ? 'active' : 'retired',
    jwk: row.jwk,
    createdAt: new Date(row.created_at).toISOString(),
    retiredAt: row.retired_at === null ? null : new Date(row.retired_at).toISOString(),
  };
}

/** Runs `work` in a transaction that may see one organisation's public keys (they are under row-level security). */
function inOrganisation<T>(
  db: Database,
  organisationId: string,
  work: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('talap.organisation', $1, true)`, [organisationId]);
    return work(tx);
  });
}

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

/**
 * Reads a public key given as a JSON Web Key (its JSON text or an object) and checks it with
 * `@talap/core/crypto`; a private key file or a private JWK is refused, so that no private key
 * is ever stored on the hub.
 */
export async function readPublicKey(input: unknown): Promise<PublicKeyJwk> {
  let parsed = input;
  if (typeof input === 'string') {
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new AdminInputError(
        'The public key is not JSON: give the .jwk file that `talap keys generate` wrote, or its JSON text.',
      );
    }
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const record = parsed as Record<string, unknown>;
    if (typeof record.format === 'string' && record.format.startsWith('talap-private-key/')) {
      throw new AdminInputError(
        'This is the organisation’s private key file: it must never be copied to the hub. Give the public key (the .jwk file `talap keys generate` wrote beside it), and keep the private key file offline.',
      );
    }
    if (privateMembers.some((member) => member in record)) {
      throw new AdminInputError(
        'This JSON Web Key holds a private key: it must never be given to the hub. Give the public key only.',
      );
    }
  }
  const imported = await importPublicKey(parsed);
  if (!imported.ok) {
    throw new AdminInputError(imported.issues.map((issue) => issue.message).join(' '));
  }
  return exportPublicKey(imported.value.publicKey);
}

/**
 * Adds a public key to an organisation and makes it the active one: the key that was active
 * until now is retired in the same transaction (its values stay readable with its key file).
 * Refuses a key the organisation already has, active or retired.
 */
export async function addPublicKey(
  db: Database,
  orgIdOrName: string,
  input: unknown,
): Promise<{ readonly added: PublicKeyInfo; readonly retired: readonly PublicKeyInfo[] }> {
  const organisation = await findOrganisation(db, orgIdOrName);
  const jwk = await readPublicKey(input);
  const imported = await importPublicKey(jwk);
  if (!imported.ok) throw new AdminInputError('The public key could not be read.');
  const { keyId, fingerprint } = imported.value;
  return inOrganisation(db, organisation.id, async (tx) => {
    // Two admins adding keys at once: the second waits, then retires the first one's key.
    await tx.query('select id from organisations where id = $1 for update', [organisation.id]);
    const existing = await tx.query<PublicKeyRow>(
      `select ${columns} from organisation_public_keys where organisation_id = $1 and key_id = $2`,
      [organisation.id, keyId],
    );
    const found = existing[0];
    if (found) {
      throw new AdminInputError(
        found.retired_at === null
          ? `${organisation.name} already has this public key (key id ${keyId}), and it is the active one.`
          : `${organisation.name} retired this public key (key id ${keyId}) on ${new Date(found.retired_at).toISOString().slice(0, 10)}; a retired key is not used again. Generate a new key pair with: talap keys generate`,
      );
    }
    const retired = await tx.query<PublicKeyRow>(
      `update organisation_public_keys set retired_at = now()
       where organisation_id = $1 and retired_at is null returning ${columns}`,
      [organisation.id],
    );
    const added = await tx.query<PublicKeyRow>(
      `insert into organisation_public_keys (organisation_id, key_id, fingerprint, jwk)
       values ($1, $2, $3, $4) returning ${columns}`,
      [organisation.id, keyId, fingerprint, JSON.stringify(jwk)],
    );
    await tx.query(
      `insert into audit_log (organisation_id, action) values ($1, 'public-key.add')`,
      [organisation.id],
    );
    return { added: infoOf(added[0] as PublicKeyRow), retired: retired.map(infoOf) };
  });
}

/** An organisation's public keys: the active one first, then the retired ones, newest first. */
export async function listPublicKeys(db: Database, orgIdOrName: string): Promise<PublicKeyInfo[]> {
  const organisation = await findOrganisation(db, orgIdOrName);
  return inOrganisation(db, organisation.id, (tx) => organisationPublicKeys(tx, organisation.id));
}

/** The public keys of the organisation whose scope `tx` runs in (see `withOrganisation`). */
export async function organisationPublicKeys(
  tx: Queryable,
  organisationId: string,
): Promise<PublicKeyInfo[]> {
  const rows = await tx.query<PublicKeyRow>(
    `select ${columns} from organisation_public_keys where organisation_id = $1 ${order}`,
    [organisationId],
  );
  return rows.map(infoOf);
}

/** A key as `GET /v1/config` serves it. */
export function servedPublicKey(info: PublicKeyInfo): ServedPublicKey {
  return {
    ...info.jwk,
    fingerprint: info.fingerprint,
    status: info.status,
    createdAt: info.createdAt,
    ...(info.retiredAt === null ? {} : { retiredAt: info.retiredAt }),
  };
}

const keyIdPattern = /^[0-9a-f]{16}$/;

/**
 * Retires one of an organisation's public keys, named by its key id or its fingerprint: no new
 * value is encrypted for it; values already encrypted for it stay readable with its key file.
 * With no active key left, forms and sync clients that encrypt refuse to save until a new one is added.
 */
export async function retirePublicKey(
  db: Database,
  orgIdOrName: string,
  keyIdOrFingerprint: string,
): Promise<PublicKeyInfo> {
  const organisation = await findOrganisation(db, orgIdOrName);
  const hex = keyIdOrFingerprint.toLowerCase().replace(/[\s:]/g, '');
  const keyId = hex.slice(0, 16);
  if (!keyIdPattern.test(keyId) || !(hex.length === 16 || /^[0-9a-f]{64}$/.test(hex))) {
    throw new AdminInputError(
      `"${keyIdOrFingerprint.slice(0, 80)}" is not a key id (16 hex digits) or a fingerprint. See them with: talap-hub org public-key list ${organisation.name}`,
    );
  }
  return inOrganisation(db, organisation.id, async (tx) => {
    const rows = await tx.query<PublicKeyRow>(
      `update organisation_public_keys set retired_at = coalesce(retired_at, now())
       where organisation_id = $1 and key_id = $2 returning ${columns}`,
      [organisation.id, keyId],
    );
    const row = rows[0];
    if (!row || (hex.length === 64 && row.fingerprint.replaceAll(' ', '') !== hex)) {
      throw new AdminInputError(
        `${organisation.name} has no public key with key id ${keyId}. See them with: talap-hub org public-key list ${organisation.name}`,
      );
    }
    await tx.query(
      `insert into audit_log (organisation_id, action) values ($1, 'public-key.retire')`,
      [organisation.id],
    );
    return infoOf(row);
  });
}
