import { addFormStrings } from '../locales/strings.js';

/** The part of the form that encrypts drafts and words encryption failures: loaded only by a form with `key-fingerprint`. */
export type EncryptionModule = typeof import('../encryption/encryption-part.js');

let loading: Promise<EncryptionModule> | undefined;

/**
 * Loads the encryption part of the form on first use, so a form without `key-fingerprint` never
 * loads it. The single-file bundle replaces this module with one that loads its sibling
 * `talap-intake-form.crypto.js` (with @talap/core/crypto in it), hands it the bundle's own case
 * schema and adds its messages the same way (see scripts/build-bundle.ts).
 */
export function loadEncryption(): Promise<EncryptionModule> {
  loading ??= import('../encryption/encryption-part.js').then(
    (part) => {
      addFormStrings(part.encryptionStrings);
      return part;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
