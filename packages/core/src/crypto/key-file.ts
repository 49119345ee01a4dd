import { fromBase64url, toBase64url } from './base64url.js';
import { CryptoError, type CryptoResult, failure } from './crypto-issue.js';
import {
  exportPublicKey,
  importPublicKey,
  type OrganisationPrivateKey,
  organisationKeyProblem,
  type PublicKeyJwk,
  publicKeyOfPrivate,
} from './organisation-key.js';
import { availableSubtle, randomBytes, subtle } from './webcrypto.js';

// An organisation's private key at rest: PKCS #8, wrapped with AES-256-GCM under a key that
// PBKDF2-HMAC-SHA-256 derives from a passphrase (Web Crypto has neither scrypt nor Argon2), in
// a versioned JSON file. The header (format, key id, fingerprint, derivation parameters) is the
// additional authenticated data, so it cannot be changed without the passphrase noticing.

/** The version tag of a private key file. */
export const privateKeyFileFormat = 'talap-private-key/1';

/** PBKDF2 iterations of a new key file: OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
export const keyFileIterations = 600_000;

/** The fewest iterations a key file may ask for; fewer would make a stolen file cheap to guess at. */
export const minimumKeyFileIterations = 100_000;

/** Most iterations a key file may ask for, so a crafted file cannot hang the reader. */
const maximumKeyFileIterations = 10_000_000;

/** The shortest passphrase `encryptPrivateKey` accepts, in characters. */
export const minimumPassphraseLength = 12;

/** What a key file says about itself without the passphrase. */
export interface PrivateKeyFileInfo {
  readonly keyId: string;
  readonly fingerprint: string;
  /** The public half, so that a file alone can tell which key it holds. */
  readonly publicKey: PublicKeyJwk;
}

interface PrivateKeyFile {
  readonly format: typeof privateKeyFileFormat;
  readonly about: string;
  readonly keyId: string;
  readonly fingerprint: string;
  readonly publicKey: PublicKeyJwk;
  readonly kdf: {
    readonly name: 'PBKDF2';
    readonly hash: 'SHA-256';
    readonly iterations: number;
    readonly salt: string;
  };
  readonly cipher: { readonly name: 'AES-GCM'; readonly iv: string };
  readonly wrappedKey: string;
}

const about =
  'The private key of a Talap organisation, encrypted with a passphrase. Keep it offline and keep two copies: without this file and its passphrase, the encrypted fields can never be read.';

function headerOf(file: Omit<PrivateKeyFile, 'about' | 'cipher' | 'wrappedKey'>) {
  const { format, keyId, fingerprint, kdf } = file;
  const parts = [format, keyId, fingerprint, kdf.name, kdf.hash, kdf.iterations, kdf.salt];
  return new TextEncoder().encode(JSON.stringify(parts));
}

async function passphraseKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  const material = await subtle().importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/** Options of `encryptPrivateKey`. */
export interface EncryptPrivateKeyOptions {
  /** PBKDF2 iterations; `keyFileIterations` unless told, never fewer than `minimumKeyFileIterations`. */
  readonly iterations?: number;
}

/**
 * Writes an organisation's private key (extractable, as `generateOrganisationKeyPair` makes it)
 * into the text of a key file protected by a passphrase of at least 12 characters. Throws a
 * `CryptoError` for a weak passphrase or a key of another kind.
 */
export async function encryptPrivateKey(
  privateKey: CryptoKey,
  passphrase: string,
  options: EncryptPrivateKeyOptions = {},
): Promise<string> {
  const iterations = options.iterations ?? keyFileIterations;
  if (!Number.isInteger(iterations) || iterations < minimumKeyFileIterations) {
    throw new CryptoError(
      'weak_passphrase',
      `A key file needs at least ${minimumKeyFileIterations} PBKDF2 iterations, or its passphrase is cheap to guess at.`,
    );
  }
  if ([...passphrase.normalize('NFC')].length < minimumPassphraseLength) {
    throw new CryptoError(
      'weak_passphrase',
      `The passphrase must have at least ${minimumPassphraseLength} characters; several unrelated words are easiest to remember.`,
    );
  }
  const publicKey = await exportPublicKey(await publicKeyOfPrivate(privateKey));
  const imported = await importPublicKey(publicKey);
  if (!imported.ok) throw new CryptoError('invalid_key', imported.issues[0]!.message);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header = {
    format: privateKeyFileFormat,
    keyId: imported.value.keyId,
    fingerprint: imported.value.fingerprint,
    publicKey,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64url(salt) },
  } as const;
  const wrapped = await subtle().wrapKey(
    'pkcs8',
    privateKey,
    await passphraseKey(passphrase, salt, iterations),
    { name: 'AES-GCM', iv, additionalData: headerOf(header) },
  );
  const file: PrivateKeyFile = {
    format: header.format,
    about,
    keyId: header.keyId,
    fingerprint: header.fingerprint,
    publicKey,
    kdf: header.kdf,
    cipher: { name: 'AES-GCM', iv: toBase64url(iv) },
    wrappedKey: toBase64url(new Uint8Array(wrapped)),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const malformed = (reason: string) =>
  failure(
    'malformed_key_file',
    `Not a private key file of Talap (${privateKeyFileFormat}): ${reason}`,
  );

/** Reads what a key file says about itself (key id, fingerprint, public key) without its passphrase, and checks that those agree. */
async function readPrivateKeyFile(
  text: string,
): Promise<CryptoResult<PrivateKeyFileInfo & { readonly file: PrivateKeyFile }>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return malformed('the text is not JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return malformed('expected a JSON object.');
  }
  const file = parsed as Partial<PrivateKeyFile>;
  if (file.format !== privateKeyFileFormat) {
    return malformed(`its "format" is not "${privateKeyFileFormat}" (a newer release's file?).`);
  }
  const { kdf, cipher } = file;
  if (
    kdf?.name !== 'PBKDF2' ||
    kdf.hash !== 'SHA-256' ||
    !Number.isInteger(kdf.iterations) ||
    kdf.iterations < minimumKeyFileIterations ||
    kdf.iterations > maximumKeyFileIterations ||
    typeof kdf.salt !== 'string' ||
    fromBase64url(kdf.salt)?.length !== 16 ||
    cipher?.name !== 'AES-GCM' ||
    typeof cipher.iv !== 'string' ||
    fromBase64url(cipher.iv)?.length !== 12 ||
    typeof file.wrappedKey !== 'string' ||
    !fromBase64url(file.wrappedKey)
  ) {
    return malformed('its key derivation or cipher parameters are missing or out of range.');
  }
  const publicKey = await importPublicKey(file.publicKey);
  if (!publicKey.ok) return malformed('its public key is not an organisation key.');
  if (file.keyId !== publicKey.value.keyId || file.fingerprint !== publicKey.value.fingerprint) {
    return malformed('its key id or fingerprint does not belong to its public key.');
  }
  return {
    ok: true,
    value: {
      keyId: publicKey.value.keyId,
      fingerprint: publicKey.value.fingerprint,
      publicKey: file.publicKey as PublicKeyJwk,
      file: file as PrivateKeyFile,
    },
  };
}

/**
 * Opens a key file with its passphrase and returns the organisation's private key (not
 * extractable) with its key id and fingerprint. A wrong passphrase, or a file altered since it
 * was written, is the issue `wrong_passphrase`.
 */
export async function decryptPrivateKey(
  text: string,
  passphrase: string,
): Promise<CryptoResult<OrganisationPrivateKey>> {
  const crypto = availableSubtle();
  if (!crypto.ok) return crypto;
  const read = await readPrivateKeyFile(text);
  if (!read.ok) return read;
  const { file, keyId, fingerprint } = read.value;
  const salt = fromBase64url(file.kdf.salt) as Uint8Array<ArrayBuffer>;
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.value.unwrapKey(
      'pkcs8',
      fromBase64url(file.wrappedKey) as Uint8Array<ArrayBuffer>,
      await passphraseKey(passphrase, salt, file.kdf.iterations),
      {
        name: 'AES-GCM',
        iv: fromBase64url(file.cipher.iv) as Uint8Array<ArrayBuffer>,
        additionalData: headerOf(file),
      },
      { name: 'RSA-OAEP', hash: 'SHA-256' },
      false,
      ['unwrapKey'],
    );
  } catch {
    return failure(
      'wrong_passphrase',
      `The passphrase does not open the key file of key id ${keyId}, or the file was altered since it was written. Check the passphrase (letter case, keyboard layout) or use the other copy of the file.`,
    );
  }
  const problem = organisationKeyProblem(privateKey, 'private');
  if (problem) return malformed(problem);
  return { ok: true, value: { keyId, fingerprint, privateKey } };
}

/** Reads the key id and fingerprint of a key file without its passphrase (to tell files apart, or to pick the one a value needs). */
export async function inspectPrivateKeyFile(
  text: string,
): Promise<CryptoResult<PrivateKeyFileInfo>> {
  const read = await readPrivateKeyFile(text);
  if (!read.ok) return read;
  const { keyId, fingerprint, publicKey } = read.value;
  return { ok: true, value: { keyId, fingerprint, publicKey } };
}
