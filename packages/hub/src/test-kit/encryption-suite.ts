import type { Case } from '@talap/core';
import {
  decryptCase,
  encryptCase,
  encryptPrivateKey,
  exportPublicKey,
  generateOrganisationKeyPair,
  identifyingPaths,
  type OrganisationKeyPair,
  type PublicKeyJwk,
} from '@talap/core/crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  frozenPrivateKey,
  frozenPublicKey,
  frozenVector,
} from '../../../core/src/test-kit/encryption-vectors.js';
import { withOrganisation } from '../store/database.js';
import {
  addPublicKey,
  listPublicKeys,
  readPublicKey,
  retirePublicKey,
} from '../store/public-keys.js';
import {
  createPush,
  type HubFixture,
  makeCase,
  type StoreKind,
  startHubFixture,
} from './hub-fixture.js';

/** A case with every identifying field the schema has filled in, so encryption has each to do. */
function caseWithEveryIdentifyingField(): Case {
  return makeCase((record) => {
    record.client.contact = {
      phone: '+7 701 555 0199',
      email: 'aigerim.s@example.org',
      messenger: '@aigerim_s',
      safeTimes: 'weekdays after 18:00',
      preferredMethod: 'phone_call',
    };
    record.incident.account = 'Officers at the district station held her for six hours.';
    record.responses = [
      {
        type: 'written_complaint',
        date: '2024-03-22',
        by: 'documenter',
        notes: 'Filed at the prosecutor’s office.',
      },
    ];
  });
}

/** Field-level encryption on the hub: organisation public keys, /v1/config, and ciphertext stored untouched. */
export function describeEncryptionSuite(kind: StoreKind): void {
  describe(`field-level encryption on ${kind}`, () => {
    let fixture: HubFixture;
    let second: OrganisationKeyPair;
    let secondJwk: PublicKeyJwk;
    beforeAll(async () => {
      fixture = await startHubFixture(
        kind,
        kind === 'postgres' ? inject('postgresUrl') : undefined,
      );
      second = await generateOrganisationKeyPair();
      secondJwk = await exportPublicKey(second.publicKey);
    });
    afterAll(async () => {
      await fixture?.close();
    });

    const config = (key: string) => fixture.request('/v1/config', { key });

    it('serves an organisation’s active public key in /v1/config to every role, and no other organisation’s', async () => {
      expect((await config(fixture.orgA.keys.intake)).body.publicKeys).toEqual([]);
      const { added, retired } = await addPublicKey(
        fixture.hub.db,
        fixture.orgA.name,
        JSON.stringify(frozenVector.publicKey),
      );
      expect(retired).toEqual([]);
      expect(added).toMatchObject({
        keyId: frozenVector.keyId,
        fingerprint: frozenVector.fingerprint,
        status: 'active',
        retiredAt: null,
      });
      for (const role of ['intake', 'documenter', 'admin', 'analyst'] as const) {
        const answer = await config(fixture.orgA.keys[role]);
        expect(answer.status).toBe(200);
        expect(answer.body.publicKeys).toEqual([
          {
            ...frozenVector.publicKey,
            fingerprint: frozenVector.fingerprint,
            status: 'active',
            createdAt: added.createdAt,
          },
        ]);
      }
      expect((await config(fixture.orgB.keys.intake)).body.publicKeys).toEqual([]);
    });

    it('makes an added key the active one and marks the one before as retired', async () => {
      const { added, retired } = await addPublicKey(fixture.hub.db, fixture.orgA.id, secondJwk);
      expect(added.keyId).toBe(second.keyId);
      expect(retired.map((key) => key.keyId)).toEqual([frozenVector.keyId]);
      const served = (await config(fixture.orgA.keys.intake)).body.publicKeys;
      expect(served.map((key: { kid: string; status: string }) => [key.kid, key.status])).toEqual([
        [second.keyId, 'active'],
        [frozenVector.keyId, 'retired'],
      ]);
      expect(typeof served[1].retiredAt).toBe('string');
      expect(served[0].retiredAt).toBeUndefined();
      const listed = await listPublicKeys(fixture.hub.db, fixture.orgA.name);
      expect(listed.filter((key) => key.status === 'active')).toHaveLength(1);
    });

    it('keeps at most one active key per organisation in the database itself', async () => {
      const insert = withOrganisation(fixture.hub.db, fixture.orgA.id, (tx) =>
        tx.query(
          `insert into organisation_public_keys (organisation_id, key_id, fingerprint, jwk)
           values ($1, '0123456789abcdef', $2, '{}')`,
          [fixture.orgA.id, `0123 4567 89ab cdef${' 0000'.repeat(12)}`],
        ),
      );
      await expect(insert).rejects.toThrow();
      const direct = fixture.hub.db.transaction(async (tx) => {
        await tx.query(`select set_config('talap.organisation', $1, true)`, [fixture.orgA.id]);
        await tx.query(
          `insert into organisation_public_keys (organisation_id, key_id, fingerprint, jwk)
           values ($1, '0123456789abcdef', $2, '{}')`,
          [fixture.orgA.id, `0123 4567 89ab cdef${' 0000'.repeat(12)}`],
        );
      });
      await expect(direct).rejects.toThrow(/organisation_public_keys_active|duplicate key/);
    });

    it('refuses a private key file, a private JWK, a malformed key and a key it has already had', async () => {
      const keyFile = await encryptPrivateKey(second.privateKey, 'seven poplars by the river', {
        iterations: 100_000,
      });
      await expect(addPublicKey(fixture.hub.db, fixture.orgB.name, keyFile)).rejects.toThrow(
        /private key file: it must never be copied to the hub/,
      );
      await expect(
        addPublicKey(fixture.hub.db, fixture.orgB.name, { ...frozenVector.privateKey }),
      ).rejects.toThrow(/holds a private key/);
      await expect(addPublicKey(fixture.hub.db, fixture.orgB.name, '{"kty":')).rejects.toThrow(
        /not JSON/,
      );
      await expect(
        addPublicKey(fixture.hub.db, fixture.orgB.name, { ...secondJwk, kid: '0000000000000000' }),
      ).rejects.toThrow(/"kid" is not the key id/);
      await expect(addPublicKey(fixture.hub.db, fixture.orgA.name, secondJwk)).rejects.toThrow(
        /already has this public key/,
      );
      await expect(
        addPublicKey(fixture.hub.db, fixture.orgA.name, frozenVector.publicKey),
      ).rejects.toThrow(/retired this public key .* is not used again/);
      expect((await config(fixture.orgB.keys.admin)).body.publicKeys).toEqual([]);
    });

    it('keeps only the public members of a key it is given', async () => {
      const read = await readPublicKey({ ...secondJwk, ext: true, key_ops: ['wrapKey'], x5c: [] });
      expect(Object.keys(read).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    });

    it('retires a key by its key id or its fingerprint, and says when there is no such key', async () => {
      await addPublicKey(fixture.hub.db, fixture.orgB.name, frozenVector.publicKey);
      await expect(
        retirePublicKey(fixture.hub.db, fixture.orgB.name, second.fingerprint),
      ).rejects.toThrow(/has no public key with key id/);
      await expect(retirePublicKey(fixture.hub.db, fixture.orgB.name, 'not-a-key')).rejects.toThrow(
        /is not a key id/,
      );
      const retired = await retirePublicKey(
        fixture.hub.db,
        fixture.orgB.name,
        frozenVector.fingerprint.toUpperCase(),
      );
      expect(retired).toMatchObject({ keyId: frozenVector.keyId, status: 'retired' });
      const served = (await config(fixture.orgB.keys.intake)).body.publicKeys;
      expect(served.map((key: { status: string }) => key.status)).toEqual(['retired']);
      const audit = await withOrganisation(fixture.hub.db, fixture.orgB.id, (tx) =>
        tx.query<{ action: string }>(
          `select action from audit_log where action like 'public-key.%' order by id`,
        ),
      );
      expect(audit.map((row) => row.action)).toEqual(['public-key.add', 'public-key.retire']);
    });

    it('stores encrypted values untouched and serves them back, without ever needing their plaintext', async () => {
      const plain = caseWithEveryIdentifyingField();
      const sealed = await encryptCase(plain, await frozenPublicKey());
      if (!sealed.ok) throw new Error(sealed.issues[0]?.message);
      const record = sealed.value;
      expect(identifyingPaths(record).every((path) => path.encrypted)).toBe(true);
      const pushed = await fixture.request('/v1/push', {
        key: fixture.orgA.keys.intake,
        body: createPush([record]),
      });
      expect(pushed.body.results[0].status).toBe('created');

      const read = await fixture.request(`/v1/cases/${record.id}`, {
        key: fixture.orgA.keys.documenter,
      });
      expect(read.body.case).toEqual({ ...record, revision: 1 });
      const opened = await decryptCase(read.body.case, [await frozenPrivateKey()]);
      expect(opened).toEqual({ ok: true, value: { ...plain, revision: 1 } });

      const internal = await fixture.request('/v1/export', { key: fixture.orgA.keys.admin });
      const exported = internal.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .find((line) => line.id === record.id);
      expect(exported.client.contact.phone).toEqual(record.client.contact?.phone);
      for (const value of [
        plain.client.contact?.phone,
        plain.incident.account,
        plain.client.code,
      ]) {
        expect(internal.text).not.toContain(value);
      }

      const partner = await fixture.request('/v1/export?policy=partner', {
        key: fixture.orgA.keys.admin,
      });
      const shared = partner.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .find((line) => line.id === record.id);
      expect(shared.client.contact).toBeUndefined();
      expect(shared.incident.account).toBeUndefined();
      expect(partner.text).not.toContain('talap-e2e/1');

      const stats = await fixture.request('/v1/stats', { key: fixture.orgA.keys.admin });
      expect(stats.body.byViolationType).toContainEqual({
        key: plain.incident.violations[0]?.type,
        count: expect.any(Number),
      });
    });

    it('refuses a tampered envelope as invalid and stores nothing for it', async () => {
      const sealed = await encryptCase(caseWithEveryIdentifyingField(), await frozenPublicKey());
      if (!sealed.ok) throw new Error(sealed.issues[0]?.message);
      const record = structuredClone(sealed.value) as unknown as {
        id: string;
        incident: { account: Record<string, unknown> };
      };
      record.incident.account.extra = 'x';
      const pushed = await fixture.request('/v1/push', {
        key: fixture.orgA.keys.documenter,
        body: createPush([record as unknown as Case]),
      });
      expect(pushed.body.results[0].status).toBe('invalid');
      expect(pushed.body.results[0].issues[0].path).toMatch(/^\/incident\/account/);
      const read = await fixture.request(`/v1/cases/${record.id}`, {
        key: fixture.orgA.keys.documenter,
      });
      expect(read.status).toBe(404);
    });
  });
}
