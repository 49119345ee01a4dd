/**
 * @talap/core/crypto: field-level end-to-end encryption of identifying fields with the platform's
 * Web Crypto (browsers, Node 20). Encrypt on the device for the organisation's public key; only
 * the organisation's private key decrypts. docs/encryption.md explains the format and the set-up.
 */

export {
  type EncryptedValue,
  encryptedValueSchema,
  encryptedValueVersion,
} from '../schema/encrypted-value.js';
export {
  type Decrypted,
  decryptCase,
  type EncryptionKey,
  encryptCase,
  type IdentifyingPath,
  identifyingPaths,
  type PlainCase,
  type PrivateKeyring,
} from './case-cipher.js';
export {
  CryptoError,
  type CryptoIssue,
  type CryptoIssueCode,
  type CryptoResult,
  cryptoIssueCodes,
} from './crypto-issue.js';
export { isEncryptedValue, maxCiphertextLength, paddingBlockBytes } from './field-cipher.js';
export {
  decryptPrivateKey,
  type EncryptPrivateKeyOptions,
  encryptPrivateKey,
  inspectPrivateKeyFile,
  keyFileIterations,
  minimumKeyFileIterations,
  minimumPassphraseLength,
  type PrivateKeyFileInfo,
  privateKeyFileFormat,
} from './key-file.js';
export {
  exportPublicKey,
  generateOrganisationKeyPair,
  type ImportPublicKeyOptions,
  importPublicKey,
  minimumModulusBits,
  type OrganisationKeyPair,
  type OrganisationPrivateKey,
  type OrganisationPublicKey,
  organisationKeyParameters,
  type PublicKeyJwk,
  publicKeyFingerprint,
  publicKeyId,
  sameFingerprint,
} from './organisation-key.js';
