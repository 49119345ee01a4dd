/** Stable machine codes of the ways encryption, decryption and key handling can fail. */
export const cryptoIssueCodes = [
  /** The environment has no Web Crypto (`crypto.subtle`): an old runtime, or a page not served over HTTPS. */
  'webcrypto_unavailable',
  /** The record has no case id to bind its encrypted values to. */
  'missing_case_id',
  /** A key that is not an organisation key of Talap: RSA-OAEP with SHA-256, at least 3072 bits. */
  'invalid_key',
  /** A public key whose fingerprint differs from the one the page pinned. */
  'fingerprint_mismatch',
  /** A plain value that does not fit its field (before encryption), or a decrypted one that does not. */
  'invalid_plaintext',
  /** An object where an encrypted value belongs that is not a well-formed one (for example, truncated base64url). */
  'malformed_envelope',
  /** An encrypted value of a version or with algorithms this release does not know. */
  'unsupported_version',
  /** No private key was given for the key id the value was encrypted for. */
  'unknown_key',
  /** The private key given for the key id does not open the wrapped data key: another key, or an altered `ek`. */
  'unwrap_failed',
  /** The ciphertext failed its integrity check: altered, or moved from another case or field. */
  'authentication_failed',
  /** A passphrase too short to protect a private key file. */
  'weak_passphrase',
  /** The passphrase does not open the key file, or the file was altered. */
  'wrong_passphrase',
  /** Text that is not a private key file of Talap, or one of a version this release does not know. */
  'malformed_key_file',
] as const;

/** A stable code of a crypto issue. */
export type CryptoIssueCode = (typeof cryptoIssueCodes)[number];

/** One thing that went wrong, for a person (`message`, never holding plaintext or key material) and for programs (`code`, `path`). */
export interface CryptoIssue {
  readonly code: CryptoIssueCode;
  /** A JSON Pointer to the field concerned (`/incident/account`), or `` for the whole record or file. */
  readonly path: string;
  /** What went wrong and what to do, in English. */
  readonly message: string;
}

/** The result of a crypto operation that can fail on its input: the value, or the issues. */
export type CryptoResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly CryptoIssue[] };

/** An error thrown by the functions whose failures are mistakes in the calling code (a wrong key type, a weak passphrase). */
export class CryptoError extends Error {
  /** The stable code of what went wrong. */
  readonly code: CryptoIssueCode;

  constructor(code: CryptoIssueCode, message: string) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}

/** A failed result with one issue. */
export function failure(code: CryptoIssueCode, message: string, path = ''): CryptoResult<never> {
  return { ok: false, issues: [{ code, path, message }] };
}
