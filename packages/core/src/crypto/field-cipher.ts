import * as z from 'zod/mini';
import {
  type EncryptedValue,
  encryptedValueSchema,
  encryptedValueVersion,
} from '../schema/encrypted-value.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { subtle } from './webcrypto.js';

// Encrypts and decrypts one field value with a case's data key (AES-256-GCM). The plaintext is
// the value's JSON text padded with spaces to a multiple of 32 bytes (JSON ignores trailing
// blanks), so the ciphertext shows the value's length only to within 32 bytes.

/** The key-wrapping and content-encryption algorithms of version 1 (JOSE names). */
export const envelopeAlgorithms = { alg: 'RSA-OAEP-256', enc: 'A256GCM' } as const;

/** The plaintext is padded to a multiple of this many bytes. */
export const paddingBlockBytes = 32;

/** The length of the AES-GCM nonce, in bytes. */
export const ivBytes = 12;

/**
 * The longest base64url ciphertext a text of `maxChars` UTF-16 code units can give: in its JSON
 * text each unit takes at most 6 bytes (`\u0000`), plus two quotes, the padding and the 16-byte tag.
 */
export function maxCiphertextLength(maxChars: number): number {
  const padded = Math.ceil((maxChars * 6 + 2) / paddingBlockBytes) * paddingBlockBytes;
  return Math.ceil(((padded + 16) * 4) / 3);
}

/** Where a value belongs: its case and its field. Both are bound to the ciphertext. */
export interface FieldBinding {
  readonly caseId: string;
  /** The field's key without list indexes, e.g. `responses.notes`. */
  readonly fieldKey: string;
}

/**
 * The additional authenticated data of a value: the envelope's version, algorithms and key id, the
 * case id and the field key, as the UTF-8 of a JSON array. Decryption fails when any of them differs.
 */
export function additionalData(kid: string, binding: FieldBinding): Uint8Array<ArrayBuffer> {
  const parts = [
    encryptedValueVersion,
    envelopeAlgorithms.alg,
    envelopeAlgorithms.enc,
    kid,
    binding.caseId,
    binding.fieldKey,
  ];
  return new TextEncoder().encode(JSON.stringify(parts));
}

/** The padded plaintext of a value: its JSON text, then spaces up to a multiple of 32 bytes. */
export function encodePlaintext(value: unknown): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(JSON.stringify(value));
  const padded = new Uint8Array(Math.ceil(json.length / paddingBlockBytes) * paddingBlockBytes);
  padded.fill(0x20);
  padded.set(json);
  return padded;
}

/** The value of a padded plaintext, or undefined when it is not JSON text. */
export function decodePlaintext(bytes: ArrayBuffer): { readonly value: unknown } | undefined {
  try {
    return { value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return undefined;
  }
}

/** What sealing a value needs: the case's data key, that key wrapped for the organisation, the key id and a fresh nonce. */
export interface SealParameters {
  readonly dataKey: CryptoKey;
  /** The data key wrapped with the organisation's public key, base64url. */
  readonly ek: string;
  readonly kid: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly binding: FieldBinding;
}

/** Encrypts one value into an encrypted value. */
export async function sealValue(
  value: unknown,
  { dataKey, ek, kid, iv, binding }: SealParameters,
): Promise<EncryptedValue> {
  const ciphertext = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(kid, binding), tagLength: 128 },
    dataKey,
    encodePlaintext(value),
  );
  return {
    $enc: encryptedValueVersion,
    alg: envelopeAlgorithms.alg,
    enc: envelopeAlgorithms.enc,
    kid,
    ek,
    iv: toBase64url(iv),
    ct: toBase64url(new Uint8Array(ciphertext)),
  };
}

/** The byte strings of an encrypted value, or the name of the first part that is not canonical base64url of a possible length. */
export function envelopeBytes(envelope: EncryptedValue):
  | {
      readonly ek: Uint8Array<ArrayBuffer>;
      readonly iv: Uint8Array<ArrayBuffer>;
      readonly ct: Uint8Array<ArrayBuffer>;
    }
  | { readonly broken: 'ek' | 'iv' | 'ct' } {
  const ek = fromBase64url(envelope.ek);
  if (!ek) return { broken: 'ek' };
  const iv = fromBase64url(envelope.iv);
  if (!iv || iv.length !== ivBytes) return { broken: 'iv' };
  const ct = fromBase64url(envelope.ct);
  if (!ct || ct.length < 16) return { broken: 'ct' };
  return { ek, iv, ct };
}

/** Decrypts one value's bytes with its data key; undefined when the integrity check fails. */
export async function openValue(
  iv: Uint8Array<ArrayBuffer>,
  ct: Uint8Array<ArrayBuffer>,
  dataKey: CryptoKey,
  kid: string,
  binding: FieldBinding,
): Promise<ArrayBuffer | undefined> {
  try {
    return await subtle().decrypt(
      { name: 'AES-GCM', iv, additionalData: additionalData(kid, binding), tagLength: 128 },
      dataKey,
      ct,
    );
  } catch {
    return undefined;
  }
}

/** Whether a value is a well-formed encrypted value of this version (it says nothing about whether it decrypts). */
export function isEncryptedValue(value: unknown): value is EncryptedValue {
  return z.safeParse(encryptedValueSchema, value).success;
}
