import { CryptoError, type CryptoResult, failure } from './crypto-issue.js';

/** The platform's Web Crypto (browsers, Node 20), or a clear error where there is none. */
export function subtle(): SubtleCrypto {
  const found = globalThis.crypto?.subtle;
  if (!found) {
    throw new CryptoError(
      'webcrypto_unavailable',
      'Web Crypto (crypto.subtle) is not available here: use Node 20 or later, or serve the page over HTTPS.',
    );
  }
  return found;
}

/** Fills a new byte array of `length` with random bytes from the platform. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/** The platform's Web Crypto as a result, for the functions that report failures as values. */
export function availableSubtle(): CryptoResult<SubtleCrypto> {
  try {
    return { ok: true, value: subtle() };
  } catch (error) {
    if (error instanceof CryptoError) return failure(error.code, error.message);
    throw error;
  }
}
