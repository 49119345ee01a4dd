import { describe, expect, it } from 'vitest';
import { validateCase as validateWithAjv } from '../ajv/validate-case.js';
import { chromiumVector, frozenPrivateKey, frozenVector } from '../test-kit/encryption-vectors.js';
import { validateCase } from '../validate/validate-case.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { additionalData, encodePlaintext } from './field-cipher.js';
import {
  decryptCase,
  decryptPrivateKey,
  exportPublicKey,
  importPublicKey,
  publicKeyFingerprint,
} from './index.js';

const subtle = globalThis.crypto.subtle;

describe('the frozen talap-e2e/1 vectors in Node', () => {
  it('decrypt to their plaintext with the frozen private key', async () => {
    const result = await decryptCase(frozenVector.encrypted, [await frozenPrivateKey()]);
    expect(result).toEqual({ ok: true, value: frozenVector.plaintext });
  });

  it('validate with zod and ajv while encrypted, without any key', () => {
    expect(validateCase(frozenVector.encrypted).ok).toBe(true);
    expect(validateWithAjv(frozenVector.encrypted).ok).toBe(true);
  });

  it('give the same padded plaintext, additional data and ciphertext, byte for byte', async () => {
    const dataKey = await subtle.importKey(
      'raw',
      fromBase64url(frozenVector.dataKey)!,
      'AES-GCM',
      false,
      ['encrypt'],
    );
    for (const field of frozenVector.fields) {
      const padded = encodePlaintext(field.plaintext);
      expect(toBase64url(padded), field.pointer).toBe(field.padded);
      const aad = additionalData(frozenVector.keyId, {
        caseId: frozenVector.plaintext.id,
        fieldKey: field.key,
      });
      expect(new TextDecoder().decode(aad), field.pointer).toBe(field.aad);
      const ct = await subtle.encrypt(
        { name: 'AES-GCM', iv: fromBase64url(field.iv)!, additionalData: aad },
        dataKey,
        padded,
      );
      expect(toBase64url(new Uint8Array(ct)), field.pointer).toBe(field.ct);
    }
  });

  it('wrap the fixed data key in every value, which the private key unwraps', async () => {
    const { privateKey } = await frozenPrivateKey();
    const envelope = frozenVector.encrypted.client.code as unknown as { ek: string };
    const dataKey = await subtle.unwrapKey(
      'raw',
      fromBase64url(envelope.ek)!,
      privateKey,
      { name: 'RSA-OAEP' },
      { name: 'AES-GCM' },
      true,
      ['decrypt'],
    );
    const raw = new Uint8Array(await subtle.exportKey('raw', dataKey));
    expect(toBase64url(raw)).toBe(frozenVector.dataKey);
  });

  it('name the key by the same fingerprint, key id and JSON Web Key', async () => {
    const imported = await importPublicKey(frozenVector.publicKey, {
      fingerprint: frozenVector.fingerprint,
    });
    if (!imported.ok) throw new Error(imported.issues[0]?.message);
    expect(await publicKeyFingerprint(imported.value.publicKey)).toBe(frozenVector.fingerprint);
    expect(imported.value.keyId).toBe(frozenVector.keyId);
    expect(await exportPublicKey(imported.value.publicKey)).toEqual(frozenVector.publicKey);
  });

  it('open the frozen key file with its passphrase, and its key decrypts the case', async () => {
    const opened = await decryptPrivateKey(
      JSON.stringify(frozenVector.keyFile.file),
      frozenVector.keyFile.passphrase,
    );
    if (!opened.ok) throw new Error(opened.issues[0]?.message);
    expect(opened.value.keyId).toBe(frozenVector.keyId);
    const result = await decryptCase(frozenVector.encrypted, [opened.value]);
    expect(result.ok && result.value).toEqual(frozenVector.plaintext);
  });
});

describe('values Chromium encrypted, opened in Node', () => {
  it('decrypt to the frozen plaintext', async () => {
    expect(chromiumVector.madeBy).toMatch(/Chrome/);
    expect(chromiumVector.encrypted).not.toEqual(frozenVector.encrypted);
    const result = await decryptCase(chromiumVector.encrypted, [await frozenPrivateKey()]);
    expect(result).toEqual({ ok: true, value: frozenVector.plaintext });
  });

  it('include a key file that Node opens with its passphrase', async () => {
    const opened = await decryptPrivateKey(
      JSON.stringify(chromiumVector.keyFile.file),
      chromiumVector.keyFile.passphrase,
    );
    expect(opened.ok && opened.value.keyId).toBe(frozenVector.keyId);
  });
});
