import { beforeAll, describe, expect, it } from 'vitest';
import { frozenPrivateKey, frozenVector } from '../test-kit/encryption-vectors.js';
import {
  CryptoError,
  decryptCase,
  decryptPrivateKey,
  encryptPrivateKey,
  inspectPrivateKeyFile,
  keyFileIterations,
  minimumKeyFileIterations,
  type OrganisationPrivateKey,
  privateKeyFileFormat,
} from './index.js';

const passphrase = 'the river runs past seven poplars';
/** Fewer iterations than a real key file, to keep the tests quick; never below the minimum. */
const quick = { iterations: minimumKeyFileIterations };

let extractable: OrganisationPrivateKey;
let quickFile: string;

beforeAll(async () => {
  extractable = await frozenPrivateKey(true);
  quickFile = await encryptPrivateKey(extractable.privateKey, passphrase, quick);
});

type FileJson = Record<string, Record<string, unknown>>;

function edited(edit: (file: FileJson) => void): string {
  const file = JSON.parse(quickFile) as FileJson;
  edit(file);
  return JSON.stringify(file);
}

describe('private key files', () => {
  it('are versioned JSON with the key id, fingerprint, public key and PBKDF2 parameters', async () => {
    const text = await encryptPrivateKey(extractable.privateKey, passphrase);
    const file = JSON.parse(text);
    expect(file).toMatchObject({
      format: privateKeyFileFormat,
      keyId: frozenVector.keyId,
      fingerprint: frozenVector.fingerprint,
      publicKey: frozenVector.publicKey,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: keyFileIterations },
      cipher: { name: 'AES-GCM' },
    });
    expect(keyFileIterations).toBeGreaterThanOrEqual(600_000);
    const opened = await decryptPrivateKey(text, passphrase);
    expect(opened.ok && opened.value.keyId).toBe(frozenVector.keyId);
  });

  it('never hold the private key in clear', () => {
    const { d, p, q } = frozenVector.privateKey;
    for (const secret of [d, p, q]) expect(quickFile).not.toContain(String(secret).slice(0, 24));
  });

  it('give a private key that decrypts, and that cannot be exported again', async () => {
    const opened = await decryptPrivateKey(quickFile, passphrase);
    if (!opened.ok) throw new Error(opened.issues[0]?.message);
    expect(opened.value.privateKey.extractable).toBe(false);
    const result = await decryptCase(frozenVector.encrypted, [opened.value]);
    expect(result.ok && result.value).toEqual(frozenVector.plaintext);
  });

  it('refuse a wrong passphrase with a clear issue that does not repeat it', async () => {
    const result = await decryptPrivateKey(quickFile, 'the river runs past seven poplar');
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'wrong_passphrase', path: '' }] });
    if (result.ok) return;
    expect(result.issues[0]?.message).not.toContain('poplar');
    expect(result.issues[0]?.message).toContain(frozenVector.keyId);
  });

  it('open with the passphrase typed in another Unicode normal form', async () => {
    const composed = 'pass phrase ñandú café';
    const text = await encryptPrivateKey(extractable.privateKey, composed.normalize('NFC'), quick);
    const opened = await decryptPrivateKey(text, composed.normalize('NFD'));
    expect(opened.ok).toBe(true);
  });

  it('refuse a file whose header or ciphertext was altered', async () => {
    const altered = [
      edited((file) => {
        file.kdf!.iterations = minimumKeyFileIterations + 1;
      }),
      edited((file) => {
        file.kdf!.salt = 'AAAAAAAAAAAAAAAAAAAAAA';
      }),
      edited((file) => {
        const text = file.wrappedKey as unknown as string;
        file.wrappedKey =
          `${text.slice(0, 40)}${text[40] === 'A' ? 'B' : 'A'}${text.slice(41)}` as never;
      }),
    ];
    for (const text of altered) {
      const result = await decryptPrivateKey(text, passphrase);
      expect(result).toMatchObject({ ok: false, issues: [{ code: 'wrong_passphrase' }] });
    }
  });

  it('refuse a key id or fingerprint that does not belong to the public key', async () => {
    const relabelled = edited((file) => {
      (file as Record<string, unknown>).keyId = '0000000000000000';
    });
    const result = await decryptPrivateKey(relabelled, passphrase);
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'malformed_key_file' }] });
  });

  it('refuse text that is not a key file of this version, or asks for too few iterations', async () => {
    const cases = [
      'not json',
      '[]',
      edited((file) => {
        (file as Record<string, unknown>).format = 'talap-private-key/2';
      }),
      edited((file) => {
        file.kdf!.iterations = 1000;
      }),
      edited((file) => {
        delete (file as Record<string, unknown>).wrappedKey;
      }),
    ];
    for (const text of cases) {
      const result = await decryptPrivateKey(text, passphrase);
      expect(result, text.slice(0, 30)).toMatchObject({
        ok: false,
        issues: [{ code: 'malformed_key_file' }],
      });
    }
  });

  it('tell their key id and fingerprint without the passphrase', async () => {
    const info = await inspectPrivateKeyFile(quickFile);
    expect(info).toEqual({
      ok: true,
      value: {
        keyId: frozenVector.keyId,
        fingerprint: frozenVector.fingerprint,
        publicKey: frozenVector.publicKey,
      },
    });
  });

  it('need a passphrase of at least 12 characters, enough iterations and an extractable private key', async () => {
    const weak = encryptPrivateKey(extractable.privateKey, 'short one');
    await expect(weak).rejects.toMatchObject({ code: 'weak_passphrase' });
    await expect(weak).rejects.toBeInstanceOf(CryptoError);
    await expect(
      encryptPrivateKey(extractable.privateKey, passphrase, { iterations: 1000 }),
    ).rejects.toMatchObject({ code: 'weak_passphrase' });
    const locked = await frozenPrivateKey(false);
    await expect(encryptPrivateKey(locked.privateKey, passphrase, quick)).rejects.toMatchObject({
      code: 'invalid_key',
    });
  });
});
