import { beforeAll, describe, expect, it } from 'vitest';
import { frozenVector } from '../test-kit/encryption-vectors.js';
import {
  CryptoError,
  exportPublicKey,
  generateOrganisationKeyPair,
  importPublicKey,
  type OrganisationKeyPair,
  publicKeyFingerprint,
  publicKeyId,
  sameFingerprint,
} from './index.js';

let pair: OrganisationKeyPair;

beforeAll(async () => {
  pair = await generateOrganisationKeyPair();
});

describe('organisation keys', () => {
  it('are RSA-OAEP key pairs of 4096 bits with SHA-256', () => {
    const algorithm = pair.publicKey.algorithm as RsaHashedKeyAlgorithm;
    expect(algorithm).toMatchObject({ name: 'RSA-OAEP', modulusLength: 4096 });
    expect(algorithm.hash.name).toBe('SHA-256');
    expect(pair.publicKey.usages).toEqual(['wrapKey']);
    expect(pair.privateKey.usages).toEqual(['unwrapKey']);
  });

  it('have a fingerprint of 16 groups of hex digits, and a key id from its start', async () => {
    expect(pair.fingerprint).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    expect(pair.keyId).toBe(pair.fingerprint.replaceAll(' ', '').slice(0, 16));
    expect(await publicKeyFingerprint(pair.publicKey)).toBe(pair.fingerprint);
    expect(await publicKeyId(pair.publicKey)).toBe(pair.keyId);
  });

  it('export as a JSON Web Key that imports to the same key', async () => {
    const jwk = await exportPublicKey(pair.publicKey);
    expect(jwk).toMatchObject({ kty: 'RSA', e: 'AQAB', alg: 'RSA-OAEP-256', use: 'enc' });
    expect(jwk.kid).toBe(pair.keyId);
    const imported = await importPublicKey(JSON.stringify(jwk));
    expect(imported.ok && imported.value.fingerprint).toBe(pair.fingerprint);
  });

  it('import only when the pinned fingerprint matches, however it is written', async () => {
    const pinned = pair.fingerprint.toUpperCase().replaceAll(' ', ':');
    const jwk = await exportPublicKey(pair.publicKey);
    expect((await importPublicKey(jwk, { fingerprint: pinned })).ok).toBe(true);
    const other = await importPublicKey(frozenVector.publicKey, { fingerprint: pinned });
    expect(other).toMatchObject({ ok: false, issues: [{ code: 'fingerprint_mismatch' }] });
  });

  it('compare fingerprints whatever their spacing or case, never a short one', () => {
    const bare = pair.fingerprint.replaceAll(' ', '');
    expect(sameFingerprint(pair.fingerprint, bare.toUpperCase())).toBe(true);
    expect(sameFingerprint(pair.fingerprint, frozenVector.fingerprint)).toBe(false);
    expect(sameFingerprint(bare.slice(0, 16), pair.keyId)).toBe(false);
  });

  it('refuse JSON Web Keys of another kind, a foreign kid and small moduli', async () => {
    const jwk = await exportPublicKey(pair.publicKey);
    const small = (await crypto.subtle.generateKey(
      {
        name: 'RSA-OAEP',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['wrapKey', 'unwrapKey'],
    )) as CryptoKeyPair;
    const smallJwk = await crypto.subtle.exportKey('jwk', small.publicKey);
    const refused = [
      'not json',
      [],
      { ...jwk, alg: 'RSA-OAEP' },
      { ...jwk, kty: 'EC' },
      { ...jwk, use: 'sig' },
      { ...jwk, e: 'Aw' },
      { ...jwk, n: 'not base64url!' },
      { ...jwk, kid: frozenVector.keyId },
      { ...smallJwk, alg: 'RSA-OAEP-256' },
    ];
    for (const candidate of refused) {
      const result = await importPublicKey(candidate);
      expect(result, JSON.stringify(candidate).slice(0, 40)).toMatchObject({
        ok: false,
        issues: [{ code: 'invalid_key' }],
      });
    }
  });

  it('give fingerprints of public keys only', async () => {
    const attempt = publicKeyFingerprint(pair.privateKey);
    await expect(attempt).rejects.toBeInstanceOf(CryptoError);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_key' });
  });
});
