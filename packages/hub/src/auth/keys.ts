import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

const keyPattern = /^tlk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** A new key: its id (public, used to look it up), the whole key (shown once) and the hash to store. */
export interface NewKey {
  readonly id: string;
  readonly key: string;
  readonly secretHash: Buffer;
}

/** Makes a key `tlk_<id>_<secret>`: 256 random bits of secret, of which only a SHA-256 hash is stored. */
export function makeKey(): NewKey {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `tlk_${id.replaceAll('-', '')}_${secret}`, secretHash: hashSecret(secret) };
}

/** The id and secret of a presented key, or `undefined` when it does not have a key's shape. */
export function parseKey(key: string): { id: string; secret: string } | undefined {
  const match = keyPattern.exec(key);
  if (!match) return undefined;
  const hex = match[1] as string;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secret: match[2] as string };
}

/** The stored form of a secret. The secret is 256 random bits, so a fast hash is enough. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Compares a presented secret with the stored hash in constant time. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}
