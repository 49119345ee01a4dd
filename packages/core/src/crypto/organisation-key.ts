import { fromBase64url } from './base64url.js';
import { CryptoError, type CryptoResult, failure } from './crypto-issue.js';
import { availableSubtle, subtle } from './webcrypto.js';

/** The key pairs Talap makes for an organisation: RSA-OAEP with SHA-256, a 4096-bit modulus and the exponent 65537. */
export const organisationKeyParameters: RsaHashedKeyGenParams = {
  name: 'RSA-OAEP',
  modulusLength: 4096,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

/** The smallest RSA modulus, in bits, that Talap accepts in a key made elsewhere. */
export const minimumModulusBits = 3072;

/** An organisation's public key, ready to encrypt for, with the id and fingerprint that name it. */
export interface OrganisationPublicKey {
  /** The key id written into every encrypted value: the first 16 hex digits of the fingerprint. */
  readonly keyId: string;
  /** SHA-256 of the key's SPKI encoding, as 16 groups of 4 hex digits, for people to compare. */
  readonly fingerprint: string;
  readonly publicKey: CryptoKey;
}

/** An organisation's private key, ready to decrypt with, with the id and fingerprint of its public half. */
export interface OrganisationPrivateKey {
  readonly keyId: string;
  readonly fingerprint: string;
  readonly privateKey: CryptoKey;
}

/** A new organisation key pair: both halves, the key id and the fingerprint. */
export interface OrganisationKeyPair extends OrganisationPublicKey, OrganisationPrivateKey {}

/** An organisation's public key as a JSON Web Key (RFC 7517), as the hub serves it and the CLI prints it. */
export interface PublicKeyJwk {
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
  readonly alg: 'RSA-OAEP-256';
  readonly use: 'enc';
  readonly kid: string;
}

const importParameters: RsaHashedImportParams = { name: 'RSA-OAEP', hash: 'SHA-256' };

/** Why a key cannot serve as an organisation key of this type, or undefined when it can. */
export function organisationKeyProblem(
  key: unknown,
  type: 'public' | 'private',
): string | undefined {
  if (typeof CryptoKey === 'undefined' || !(key instanceof CryptoKey)) {
    return `Expected a ${type} CryptoKey.`;
  }
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
  const exponent = algorithm.publicExponent ? [...algorithm.publicExponent].join() : '';
  if (
    key.type !== type ||
    algorithm.name !== 'RSA-OAEP' ||
    algorithm.hash?.name !== 'SHA-256' ||
    exponent !== '1,0,1'
  ) {
    return `Expected the ${type} half of an RSA-OAEP key with SHA-256 and the exponent 65537.`;
  }
  if ((algorithm.modulusLength ?? 0) < minimumModulusBits) {
    return `The key's modulus has ${algorithm.modulusLength} bits; at least ${minimumModulusBits} are needed.`;
  }
  const usage = type === 'public' ? 'wrapKey' : 'unwrapKey';
  if (!key.usages.includes(usage)) return `The key must allow "${usage}".`;
  return undefined;
}

function assertOrganisationKey(key: unknown, type: 'public' | 'private'): asserts key is CryptoKey {
  const problem = organisationKeyProblem(key, type);
  if (problem) throw new CryptoError('invalid_key', problem);
}

function fingerprintOfDigest(digest: ArrayBuffer): string {
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0'));
  return hex.join('').replace(/(.{4})(?!$)/g, '$1 ');
}

/** The fingerprint of a fingerprint string or hex text: lower-case hex digits only. */
function normaliseFingerprint(text: string): string {
  return text.toLowerCase().replace(/[^0-9a-f]/g, '');
}

/** The key id that names a public key in encrypted values: the first 16 hex digits of its fingerprint. */
export function keyIdOfFingerprint(fingerprint: string): string {
  return normaliseFingerprint(fingerprint).slice(0, 16);
}

/**
 * The fingerprint of an organisation's public key: SHA-256 of its SPKI encoding, as 16 groups of
 * 4 hex digits (`3f2a 9c1b …`), for people to compare over the phone or pin in a page.
 */
export async function publicKeyFingerprint(publicKey: CryptoKey): Promise<string> {
  assertOrganisationKey(publicKey, 'public');
  const spki = await subtle().exportKey('spki', publicKey);
  return fingerprintOfDigest(await subtle().digest('SHA-256', spki));
}

/** The key id of an organisation's public key, as written into the values encrypted for it. */
export async function publicKeyId(publicKey: CryptoKey): Promise<string> {
  return keyIdOfFingerprint(await publicKeyFingerprint(publicKey));
}

/** Whether two fingerprints are the same, whatever their spacing, separators or letter case. */
export function sameFingerprint(a: string, b: string): boolean {
  const left = normaliseFingerprint(a);
  return left.length === 64 && left === normaliseFingerprint(b);
}

/** Makes a new organisation key pair (RSA-OAEP, 4096 bits, SHA-256); the private key is extractable so that it can be saved with `encryptPrivateKey`. */
export async function generateOrganisationKeyPair(): Promise<OrganisationKeyPair> {
  const pair = (await subtle().generateKey(organisationKeyParameters, true, [
    'wrapKey',
    'unwrapKey',
  ])) as CryptoKeyPair;
  const fingerprint = await publicKeyFingerprint(pair.publicKey);
  return {
    keyId: keyIdOfFingerprint(fingerprint),
    fingerprint,
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
  };
}

/** An organisation's public key as a JSON Web Key with its key id, for the hub to serve and the CLI to print. */
export async function exportPublicKey(publicKey: CryptoKey): Promise<PublicKeyJwk> {
  assertOrganisationKey(publicKey, 'public');
  const jwk = await subtle().exportKey('jwk', publicKey);
  return {
    kty: 'RSA',
    n: jwk.n as string,
    e: jwk.e as string,
    alg: 'RSA-OAEP-256',
    use: 'enc',
    kid: await publicKeyId(publicKey),
  };
}

/** Options of `importPublicKey`. */
export interface ImportPublicKeyOptions {
  /** The fingerprint the embedding page pinned: any other key is refused. */
  readonly fingerprint?: string;
}

const invalidJwk = (reason: string) =>
  failure('invalid_key', `Not an organisation public key of Talap: ${reason}`);

/**
 * Reads an organisation's public key from its JSON Web Key (an object, or its JSON text), as the
 * hub serves it. Refuses keys of another kind, a `kid` that does not belong to the key, and,
 * when the page pinned one, a key with another fingerprint.
 */
export async function importPublicKey(
  jwk: unknown,
  options: ImportPublicKeyOptions = {},
): Promise<CryptoResult<OrganisationPublicKey>> {
  const crypto = availableSubtle();
  if (!crypto.ok) return crypto;
  let parsed = jwk;
  if (typeof jwk === 'string') {
    try {
      parsed = JSON.parse(jwk);
    } catch {
      return invalidJwk('the text is not JSON.');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalidJwk('expected a JSON Web Key object.');
  }
  const { kty, n, e, alg, use, kid } = parsed as Record<string, unknown>;
  if (kty !== 'RSA' || alg !== 'RSA-OAEP-256') {
    return invalidJwk('expected "kty": "RSA" and "alg": "RSA-OAEP-256".');
  }
  if (use !== undefined && use !== 'enc') return invalidJwk('its "use" is not "enc".');
  if (typeof n !== 'string' || !fromBase64url(n) || e !== 'AQAB') {
    return invalidJwk('expected a base64url modulus "n" and the exponent "e": "AQAB".');
  }
  let publicKey: CryptoKey;
  try {
    publicKey = await crypto.value.importKey(
      'jwk',
      { kty, n, e, alg, ext: true },
      importParameters,
      true,
      ['wrapKey'],
    );
  } catch {
    return invalidJwk('Web Crypto could not read its modulus.');
  }
  const problem = organisationKeyProblem(publicKey, 'public');
  if (problem) return invalidJwk(problem);
  const fingerprint = await publicKeyFingerprint(publicKey);
  const keyId = keyIdOfFingerprint(fingerprint);
  if (kid !== undefined && kid !== keyId) {
    return invalidJwk(`its "kid" is not the key id of its key (${keyId}).`);
  }
  if (options.fingerprint !== undefined && !sameFingerprint(options.fingerprint, fingerprint)) {
    return failure(
      'fingerprint_mismatch',
      `The organisation's public key has the fingerprint ${fingerprint}, not the one this page pinned: nothing is encrypted for it. Ask the organisation which key is right before changing the page.`,
    );
  }
  return { ok: true, value: { keyId, fingerprint, publicKey } };
}

/** The public half of a private key (which must be extractable), as a CryptoKey. */
export async function publicKeyOfPrivate(privateKey: CryptoKey): Promise<CryptoKey> {
  assertOrganisationKey(privateKey, 'private');
  if (!privateKey.extractable) {
    throw new CryptoError(
      'invalid_key',
      'The private key is not extractable: save the key that generateOrganisationKeyPair() returned.',
    );
  }
  const { n, e } = await subtle().exportKey('jwk', privateKey);
  return subtle().importKey(
    'jwk',
    { kty: 'RSA', n, e, alg: 'RSA-OAEP-256' },
    importParameters,
    true,
    ['wrapKey'],
  );
}

/** Reads a private key from a JSON Web Key: for test vectors and tools; organisations keep theirs in a passphrase-protected file. */
export async function importPrivateJwk(
  jwk: JsonWebKey,
  extractable = false,
): Promise<OrganisationPrivateKey> {
  const privateKey = await subtle().importKey(
    'jwk',
    { ...jwk, alg: 'RSA-OAEP-256', key_ops: ['unwrapKey'] },
    importParameters,
    extractable,
    ['unwrapKey'],
  );
  const publicKey = await subtle().importKey(
    'jwk',
    { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RSA-OAEP-256' },
    importParameters,
    true,
    ['wrapKey'],
  );
  const fingerprint = await publicKeyFingerprint(publicKey);
  return { keyId: keyIdOfFingerprint(fingerprint), fingerprint, privateKey };
}
