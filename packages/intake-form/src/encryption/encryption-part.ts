/**
 * The part of the form that only a form with `key-fingerprint` loads: draft encryption and the
 * messages about encryption. The single-file build puts it, with @talap/core/crypto, in
 * `talap-intake-form.crypto.js`.
 */

export { type EncryptPart, type SealDraftInput, sealDraft } from './seal-draft.js';
export { type EncryptionStringKey, encryptionStrings } from './strings.js';
