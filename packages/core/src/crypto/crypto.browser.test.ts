/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { redact } from '../redact/redact.js';
import type { Case } from '../schema/case.js';
import {
  chromiumVector,
  frozenPrivateKey,
  frozenPublicKey,
  frozenVector,
} from '../test-kit/encryption-vectors.js';
import { validateCase } from '../validate/validate-case.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { additionalData, encodePlaintext } from './field-cipher.js';
import {
  decryptCase,
  decryptPrivateKey,
  type EncryptedValue,
  encryptCase,
  exportPublicKey,
  identifyingPaths,
} from './index.js';

const subtle = globalThis.crypto.subtle;

describe('encryption in Chromium', () => {
  it('decrypts the frozen vector made in Node to its plaintext', async () => {
    const result = await decryptCase(frozenVector.encrypted, [await frozenPrivateKey()]);
    expect(result).to.deep.equal({ ok: true, value: frozenVector.plaintext });
  });

  it('encrypts each frozen field to the same bytes as Node did', async () => {
    const dataKey = await subtle.importKey(
      'raw',
      fromBase64url(frozenVector.dataKey)!,
      'AES-GCM',
      false,
      ['encrypt'],
    );
    for (const field of frozenVector.fields) {
      const padded = encodePlaintext(field.plaintext);
      expect(toBase64url(padded)).to.equal(field.padded);
      const aad = additionalData(frozenVector.keyId, {
        caseId: frozenVector.plaintext.id,
        fieldKey: field.key,
      });
      const ct = await subtle.encrypt(
        { name: 'AES-GCM', iv: fromBase64url(field.iv)!, additionalData: aad },
        dataKey,
        padded,
      );
      expect(toBase64url(new Uint8Array(ct)), field.pointer).to.equal(field.ct);
    }
  });

  it('names the frozen key by the same fingerprint, key id and JSON Web Key as Node', async () => {
    const key = await frozenPublicKey();
    expect(key.fingerprint).to.equal(frozenVector.fingerprint);
    expect(key.keyId).to.equal(frozenVector.keyId);
    expect(await exportPublicKey(key.publicKey)).to.deep.equal(frozenVector.publicKey);
  });

  it('opens the key file Node wrote, with its passphrase', async () => {
    const opened = await decryptPrivateKey(
      JSON.stringify(frozenVector.keyFile.file),
      frozenVector.keyFile.passphrase,
    );
    expect(opened.ok && opened.value.keyId).to.equal(frozenVector.keyId);
    const wrong = await decryptPrivateKey(JSON.stringify(frozenVector.keyFile.file), 'not it');
    expect(wrong.ok ? '' : wrong.issues[0]?.code).to.equal('wrong_passphrase');
  });

  it('still decrypts what it encrypted once for the committed Chromium vector', async () => {
    const result = await decryptCase(chromiumVector.encrypted, [await frozenPrivateKey()]);
    expect(result).to.deep.equal({ ok: true, value: frozenVector.plaintext });
  });

  it('encrypts a case that validates without the key, redacts alike and decrypts back', async () => {
    const sealed = await encryptCase(frozenVector.plaintext, await frozenPublicKey());
    if (!sealed.ok) throw new Error(sealed.issues[0]?.message);
    expect(identifyingPaths(sealed.value).every((path) => path.encrypted)).to.equal(true);
    expect(JSON.stringify(sealed.value)).not.to.contain('ALM-0042');
    expect(validateCase(sealed.value).ok).to.equal(true);
    expect(redact(sealed.value, 'partner')).to.deep.equal(
      redact(frozenVector.plaintext, 'partner'),
    );
    const opened = await decryptCase(sealed.value, [await frozenPrivateKey()]);
    expect(opened).to.deep.equal({ ok: true, value: frozenVector.plaintext });
  });

  it('refuses a flipped bit and values swapped between fields, with clear codes', async () => {
    const sealed = structuredClone(frozenVector.encrypted) as Case;
    const contact = sealed.client.contact!;
    const account = sealed.incident.account as EncryptedValue;
    const bytes = fromBase64url(account.ct)!;
    bytes[3] = (bytes[3] as number) ^ 1;
    sealed.incident.account = { ...account, ct: toBase64url(bytes) };
    [contact.phone, contact.email] = [contact.email, contact.phone];
    const result = await decryptCase(sealed, [await frozenPrivateKey()]);
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => `${issue.path} ${issue.code}`)).to.deep.equal([
      '/client/contact/phone authentication_failed',
      '/client/contact/email authentication_failed',
      '/incident/account authentication_failed',
    ]);
  });
});
