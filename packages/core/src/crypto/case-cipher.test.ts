import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateCase as validateWithAjv } from '../ajv/validate-case.js';
import type { Case } from '../schema/case.js';
import { arbitraryPlainValidCase } from '../test-kit/case-arbitrary.js';
import { frozenPrivateKey, frozenPublicKey, frozenVector } from '../test-kit/encryption-vectors.js';
import { dentalRefusalCase, minimalSelfReport } from '../test-kit/sample-cases.js';
import { validateCase } from '../validate/validate-case.js';
import {
  decryptCase,
  type EncryptedValue,
  encryptCase,
  generateOrganisationKeyPair,
  identifyingPaths,
  isEncryptedValue,
  type OrganisationKeyPair,
  type OrganisationPrivateKey,
  type OrganisationPublicKey,
} from './index.js';

let publicKey: OrganisationPublicKey;
let privateKey: OrganisationPrivateKey;
let rotated: OrganisationKeyPair;

beforeAll(async () => {
  publicKey = await frozenPublicKey();
  privateKey = await frozenPrivateKey();
  rotated = await generateOrganisationKeyPair();
});

/** A case with every identifying field filled, two responses with notes among them. */
function fullCase(): Case {
  return structuredClone(frozenVector.plaintext);
}

async function encrypted(record: Case, key: OrganisationPublicKey = publicKey): Promise<Case> {
  const result = await encryptCase(record, key);
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.value;
}

const envelopeAt = (record: unknown, pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .reduce(
      (node, segment) => (node as Record<string, unknown>)[segment],
      record,
    ) as EncryptedValue;

describe('encryptCase', () => {
  it('encrypts every identifying field the record holds, and nothing else', async () => {
    const plain = fullCase();
    const result = await encrypted(plain);
    const paths = identifyingPaths(result);
    expect(paths.map((path) => path.pointer)).toEqual([
      '/client/code',
      '/client/contact/phone',
      '/client/contact/email',
      '/client/contact/messenger',
      '/client/contact/safeTimes',
      '/incident/account',
      '/responses/0/notes',
      '/responses/1/notes',
    ]);
    expect(paths.every((path) => path.encrypted)).toBe(true);
    for (const path of paths) expect(isEncryptedValue(envelopeAt(result, path.pointer))).toBe(true);
    const text = JSON.stringify(result);
    for (const secret of ['ALM-0042', '+7 701', 'example.org', 'Стоматолог', 'pro bono']) {
      expect(text).not.toContain(secret);
    }
    expect(result.incident.region).toBe(plain.incident.region);
    expect(result.client.keyPopulations).toEqual(plain.client.keyPopulations);
    expect(result.consent).toEqual(plain.consent);
  });

  it('gives a record that both validators accept without any key', async () => {
    const result = await encrypted(fullCase());
    expect(validateCase(result)).toMatchObject({ ok: true, issues: [] });
    expect(validateWithAjv(result)).toMatchObject({ ok: true, issues: [] });
  });

  it('shares one wrapped data key among the values of one call, each with its own nonce', async () => {
    const result = await encrypted(fullCase());
    const envelopes = identifyingPaths(result).map((path) => envelopeAt(result, path.pointer));
    expect(new Set(envelopes.map((envelope) => envelope.ek)).size).toBe(1);
    expect(new Set(envelopes.map((envelope) => envelope.iv)).size).toBe(envelopes.length);
    expect(envelopes.every((envelope) => envelope.kid === publicKey.keyId)).toBe(true);
  });

  it('makes a fresh data key and nonces every time', async () => {
    const first = await encrypted(fullCase());
    const second = await encrypted(fullCase());
    expect(first.client.code).not.toEqual(second.client.code);
    expect((first.client.code as EncryptedValue).ek).not.toBe(
      (second.client.code as EncryptedValue).ek,
    );
  });

  it('pads values so that short ones of different lengths give ciphertexts of one length', async () => {
    const short = fullCase();
    short.client.contact!.phone = '+7 70100';
    const long = fullCase();
    long.client.contact!.phone = '+7 701 000 00 00 (12)';
    const [a, b] = [await encrypted(short), await encrypted(long)];
    expect((a.client.contact!.phone as EncryptedValue).ct.length).toBe(
      (b.client.contact!.phone as EncryptedValue).ct.length,
    );
  });

  it('leaves values already encrypted as they are, and encrypts a field added later', async () => {
    const once = await encrypted(fullCase());
    expect(await encrypted(once)).toEqual(once);
    const edited = structuredClone(once);
    edited.responses!.push({ type: 'counselling', notes: 'Second visit; client calmer.' });
    const twice = await encrypted(edited);
    expect(twice.client).toEqual(once.client);
    const added = twice.responses![2]!.notes as EncryptedValue;
    expect(added.ek).not.toBe((once.client.code as EncryptedValue).ek);
    const opened = await decryptCase(twice, [privateKey]);
    expect(opened.ok && opened.value.responses![2]!.notes).toBe('Second visit; client calmer.');
  });

  it('returns a copy and leaves the record it was given unchanged', async () => {
    const plain = fullCase();
    await encrypted(plain);
    expect(plain).toEqual(frozenVector.plaintext);
  });

  it('encrypts a record without identifying fields other than its client code', async () => {
    const result = await encrypted(minimalSelfReport());
    expect(identifyingPaths(result).map((path) => path.pointer)).toEqual(['/client/code']);
    expect((await decryptCase(result, [privateKey])).ok).toBe(true);
  });

  it('refuses a record without a case id', async () => {
    const record: Partial<Case> = fullCase();
    delete record.id;
    const result = await encryptCase(record, publicKey);
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'missing_case_id', path: '/id' }] });
  });

  it('refuses plain values that do not fit their field, naming where', async () => {
    const record = fullCase();
    record.client.contact!.phone = 'call me';
    record.responses![1]!.notes = '';
    const result = await encryptCase(record, publicKey);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => `${issue.path} ${issue.code}`)).toEqual([
      '/client/contact/phone invalid_plaintext',
      '/responses/1/notes invalid_plaintext',
    ]);
    expect(result.issues[0]?.message).not.toContain('call me');
  });

  it('refuses a key id that is not the public key’s own, and keys of another kind', async () => {
    const wrongId = await encryptCase(fullCase(), { ...publicKey, keyId: rotated.keyId });
    expect(wrongId).toMatchObject({ ok: false, issues: [{ code: 'invalid_key' }] });
    const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
      'encrypt',
    ]);
    const notRsa = await encryptCase(fullCase(), { keyId: publicKey.keyId, publicKey: aes });
    expect(notRsa).toMatchObject({ ok: false, issues: [{ code: 'invalid_key' }] });
    const privateHalf = await encryptCase(fullCase(), {
      keyId: rotated.keyId,
      publicKey: rotated.privateKey,
    });
    expect(privateHalf).toMatchObject({ ok: false, issues: [{ code: 'invalid_key' }] });
  });
});

describe('decryptCase', () => {
  it('gives back exactly the record that was encrypted', async () => {
    const result = await decryptCase(await encrypted(fullCase()), [privateKey]);
    expect(result).toEqual({ ok: true, value: frozenVector.plaintext });
  });

  it('takes the private keys as a map by key id too', async () => {
    const keys = new Map([[privateKey.keyId, privateKey.privateKey]]);
    const result = await decryptCase(await encrypted(fullCase()), keys);
    expect(result.ok).toBe(true);
  });

  it('leaves plain values and records without encrypted values as they are', async () => {
    const result = await decryptCase(dentalRefusalCase(), [privateKey]);
    expect(result).toEqual({ ok: true, value: dentalRefusalCase() });
  });

  it('picks each value’s key by its key id, so cases from before a rotation stay readable', async () => {
    const before = await encrypted(fullCase());
    before.responses![0]!.notes = 'Added after the organisation rotated its key.';
    const after = await encrypted(before, rotated);
    expect((after.responses![0]!.notes as EncryptedValue).kid).toBe(rotated.keyId);
    expect((after.incident.account as EncryptedValue).kid).toBe(publicKey.keyId);
    const both = await decryptCase(after, [privateKey, rotated]);
    expect(both.ok && both.value.responses![0]!.notes).toBe(
      'Added after the organisation rotated its key.',
    );
    expect(both.ok && both.value.incident.account).toBe(frozenVector.plaintext.incident.account);
    const newOnly = await decryptCase(after, [rotated]);
    expect(newOnly.ok).toBe(false);
    if (newOnly.ok) return;
    expect(new Set(newOnly.issues.map((issue) => issue.code))).toEqual(new Set(['unknown_key']));
    expect(newOnly.issues.map((issue) => issue.path)).not.toContain('/responses/0/notes');
    expect(newOnly.issues[0]?.message).toContain(publicKey.keyId);
  });

  it('is the inverse of encryptCase on generated valid cases (property)', async () => {
    const cases = arbitraryPlainValidCase.filter((record) => validateCase(record).ok);
    await fc.assert(
      fc.asyncProperty(cases, async (record) => {
        const sealed = await encryptCase(record, publicKey);
        if (!sealed.ok) throw new Error(sealed.issues[0]?.message);
        expect(validateCase(sealed.value).ok).toBe(true);
        expect(validateWithAjv(sealed.value).ok).toBe(true);
        expect(identifyingPaths(sealed.value).every((path) => path.encrypted)).toBe(true);
        expect(await decryptCase(sealed.value, [privateKey])).toEqual({ ok: true, value: record });
      }),
      { numRuns: 100, seed: 17 },
    );
  });
});
