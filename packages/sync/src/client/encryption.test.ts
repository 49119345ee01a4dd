import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Case, newCaseId } from '@talap/core';
import {
  decryptCase,
  exportPublicKey,
  generateOrganisationKeyPair,
  identifyingPaths,
  type OrganisationKeyPair,
} from '@talap/core/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frozenPrivateKey, frozenVector } from '../../../core/src/test-kit/encryption-vectors.js';
import { dentalRefusalCase } from '../../../core/src/test-kit/sample-cases.js';
import { addPublicKey, retirePublicKey } from '../../../hub/src/store/public-keys.js';
import { type HubFixture, startHubFixture } from '../../../hub/src/test-kit/hub-fixture.js';
import { openFileStore } from '../store/file.js';
import { memoryStore } from '../store/memory.js';
import type { SyncEvents } from './events.js';
import { createSyncClient, type SyncClientOptions } from './sync-client.js';

// Typed values that must never be stored or sent in plaintext once encryption is on.
const secrets = {
  code: 'ALM-SECRET-7731',
  phone: '+7 701 555 0199',
  email: 'aigerim.secret@example.org',
  account: 'Officers at the Zhetysu district station held her for six hours.',
  note: 'Complaint filed with the regional prosecutor on Abay avenue.',
};

function plainCase(): Case {
  const record = structuredClone(dentalRefusalCase()) as Case & { revision?: number };
  delete record.revision;
  record.id = newCaseId();
  record.client.code = secrets.code;
  record.client.contact = {
    phone: secrets.phone,
    email: secrets.email,
    preferredMethod: 'phone_call',
  };
  record.incident.account = secrets.account;
  record.responses = [
    { type: 'written_complaint', date: '2024-03-22', by: 'documenter', notes: secrets.note },
  ];
  return record;
}

function expectNoSecretIn(text: string): void {
  for (const value of Object.values(secrets)) expect(text).not.toContain(value);
}

/** A `fetch` that records every request body and can be switched off like a network. */
function recordingFetch() {
  const sent: { method: string; path: string; body: string }[] = [];
  let online = true;
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    sent.push({
      method: init?.method ?? 'GET',
      path: url.pathname,
      body: String(init?.body ?? ''),
    });
    if (!online) throw new TypeError('Failed to fetch');
    return fetch(input, init);
  };
  return {
    fetch: wrapped,
    sent,
    setOnline(value: boolean) {
      online = value;
    },
  };
}

const noWait = { sleep: async () => {}, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } };

let fixture: HubFixture;
let other: OrganisationKeyPair;
const folders: string[] = [];
beforeAll(async () => {
  fixture = await startHubFixture('pglite', undefined);
  other = await generateOrganisationKeyPair();
  await addPublicKey(fixture.hub.db, fixture.orgA.id, frozenVector.publicKey);
  // Organisation B's hub serves a key other than the one the app pins.
  await addPublicKey(fixture.hub.db, fixture.orgB.id, await exportPublicKey(other.publicKey));
});
afterAll(async () => {
  await fixture?.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function client(key: string, extra: Partial<SyncClientOptions> = {}) {
  return createSyncClient({
    hub: fixture.url,
    key,
    store: memoryStore(),
    encryption: { fingerprint: frozenVector.fingerprint },
    ...noWait,
    ...extra,
  });
}

function errors(sync: ReturnType<typeof client>): SyncEvents['error'][] {
  const seen: SyncEvents['error'][] = [];
  sync.on('error', (detail) => seen.push(detail));
  return seen;
}

async function hubCase(caseId: string) {
  return fixture.request(`/v1/cases/${caseId}`, { key: fixture.orgA.keys.admin });
}

describe('a sync client with encryption', () => {
  it('encrypts every identifying field before the outbox, sends only ciphertext, and the organisation decrypts it', async () => {
    const network = recordingFetch();
    const folder = mkdtempSync(join(tmpdir(), 'talap-sync-encryption-'));
    folders.push(folder);
    const path = join(folder, 'outbox.talap-sync');
    const sync = client(fixture.orgA.keys.documenter, {
      fetch: network.fetch,
      store: await openFileStore(path),
    });
    const record = plainCase();
    const saved = await sync.save(record);
    expect(saved).toMatchObject({ ok: true, caseId: record.id });

    const [entry] = await sync.pending();
    const local = await sync.getCase(record.id);
    for (const stored of [entry?.case, local]) {
      const paths = identifyingPaths(stored);
      expect(paths.map((found) => found.pointer)).toEqual([
        '/client/code',
        '/client/contact/phone',
        '/client/contact/email',
        '/incident/account',
        '/responses/0/notes',
      ]);
      expect(paths.every((found) => found.encrypted)).toBe(true);
    }
    expectNoSecretIn(readFileSync(path, 'utf8'));

    const report = await sync.sync();
    expect(report).toMatchObject({ pushed: 1 });
    expect(network.sent.some((request) => request.path === '/v1/push')).toBe(true);
    for (const request of network.sent) expectNoSecretIn(request.body);
    await sync.close();
    expectNoSecretIn(readFileSync(path, 'utf8'));

    const onHub = await hubCase(record.id);
    expectNoSecretIn(onHub.text);
    const opened = await decryptCase(onHub.body.case, [await frozenPrivateKey()]);
    expect(opened).toEqual({ ok: true, value: { ...record, revision: 1 } });
  });

  it('refuses to save for a hub that serves another key than the pinned one, and sends nothing', async () => {
    const network = recordingFetch();
    const sync = client(fixture.orgB.keys.intake, { fetch: network.fetch });
    const seen = errors(sync);
    const record = plainCase();
    const saved = await sync.save(record);
    expect(saved).toMatchObject({ ok: false, reason: 'encryption', code: 'fingerprint_mismatch' });
    expect(saved.ok === false && saved.reason === 'encryption' && saved.message).toContain(
      other.fingerprint,
    );
    expect(seen).toEqual([{ kind: 'encryption', message: expect.stringContaining('pinned') }]);
    expect(await sync.pending()).toEqual([]);
    expect(await sync.cases()).toEqual([]);
    expect(await sync.encryptionKey()).toMatchObject({ ok: false, code: 'fingerprint_mismatch' });
    await sync.sync();
    expect(network.sent.map((request) => `${request.method} ${request.path}`)).not.toContain(
      'POST /v1/push',
    );
    for (const request of network.sent) expectNoSecretIn(request.body);
    const exported = await fixture.request('/v1/export', { key: fixture.orgB.keys.admin });
    expect(exported.text).not.toContain(record.id);
    await sync.close();
  });

  it('refuses to save offline on first use, then encrypts offline with the key it kept', async () => {
    const network = recordingFetch();
    const folder = mkdtempSync(join(tmpdir(), 'talap-sync-encryption-'));
    folders.push(folder);
    const path = join(folder, 'outbox.talap-sync');
    const options = { fetch: network.fetch };

    network.setOnline(false);
    let sync = client(fixture.orgA.keys.intake, { ...options, store: await openFileStore(path) });
    const refused = await sync.save(plainCase());
    expect(refused).toMatchObject({ ok: false, reason: 'encryption', code: 'key_unavailable' });
    expect(await sync.pending()).toEqual([]);

    network.setOnline(true);
    expect(await sync.encryptionKey()).toEqual({
      ok: true,
      keyId: frozenVector.keyId,
      fingerprint: frozenVector.fingerprint,
    });
    await sync.close();

    network.setOnline(false);
    sync = client(fixture.orgA.keys.intake, { ...options, store: await openFileStore(path) });
    const record = plainCase();
    expect(await sync.save(record)).toMatchObject({ ok: true });
    expect(identifyingPaths((await sync.pending())[0]?.case).every((p) => p.encrypted)).toBe(true);
    await sync.close();
    expectNoSecretIn(readFileSync(path, 'utf8'));

    network.setOnline(true);
    sync = client(fixture.orgA.keys.intake, { ...options, store: await openFileStore(path) });
    expect(await sync.sync()).toMatchObject({ pushed: 1 });
    await sync.close();
    const opened = await decryptCase((await hubCase(record.id)).body.case, [
      await frozenPrivateKey(),
    ]);
    expect(opened.ok).toBe(true);
  });

  it('follows a rotation only to a pinned key, and stops when the organisation retires every key', async () => {
    const organisation = await fixture.request('/v1/config', { key: fixture.orgB.keys.admin });
    expect(organisation.body.publicKeys[0].fingerprint).toBe(other.fingerprint);
    const sync = client(fixture.orgB.keys.documenter, {
      encryption: { fingerprint: [other.fingerprint, frozenVector.fingerprint] },
    });
    const first = plainCase();
    expect(await sync.save(first)).toMatchObject({ ok: true });
    expect((await sync.pending())[0]?.case.incident.account).toMatchObject({ kid: other.keyId });

    // The organisation rotates to the frozen key: the next sync learns it.
    await addPublicKey(fixture.hub.db, fixture.orgB.id, frozenVector.publicKey);
    expect(await sync.sync()).toMatchObject({ pushed: 1 });
    const second = plainCase();
    expect(await sync.save(second)).toMatchObject({ ok: true });
    expect((await sync.pending())[0]?.case.incident.account).toMatchObject({
      kid: frozenVector.keyId,
    });
    expect(await sync.sync()).toMatchObject({ pushed: 1 });

    // Both keys decrypt their own cases: old cases stay readable with the old key.
    const keys = [await frozenPrivateKey(), { keyId: other.keyId, privateKey: other.privateKey }];
    for (const record of [first, second]) {
      const read = await fixture.request(`/v1/cases/${record.id}`, {
        key: fixture.orgB.keys.admin,
      });
      expect((await decryptCase(read.body.case, keys)).ok).toBe(true);
    }

    await retirePublicKey(fixture.hub.db, fixture.orgB.id, frozenVector.keyId);
    await sync.sync();
    expect(await sync.save(plainCase())).toMatchObject({
      ok: false,
      reason: 'encryption',
      code: 'no_public_key',
    });
    await sync.close();
  });

  it('takes the key from the app when given, still checked against the pin', async () => {
    const given = client(fixture.orgA.keys.intake, {
      encryption: {
        fingerprint: frozenVector.fingerprint,
        publicKey: async () => frozenVector.publicKey,
      },
    });
    expect(await given.save(plainCase())).toMatchObject({ ok: true });
    const swapped = client(fixture.orgA.keys.intake, {
      encryption: {
        fingerprint: frozenVector.fingerprint,
        publicKey: await exportPublicKey(other.publicKey),
      },
    });
    expect(await swapped.save(plainCase())).toMatchObject({ code: 'fingerprint_mismatch' });
    const failing = client(fixture.orgA.keys.intake, {
      encryption: {
        fingerprint: frozenVector.fingerprint,
        publicKey: async () => {
          throw new Error('offline');
        },
      },
    });
    expect(await failing.save(plainCase())).toMatchObject({ code: 'key_unavailable' });
    for (const sync of [given, swapped, failing]) await sync.close();
  });

  it('encrypts a part of a case for the app’s own drafts, and only when configured', async () => {
    const sync = client(fixture.orgA.keys.intake);
    const id = newCaseId();
    const draft = { id, incident: { account: secrets.account } };
    const sealed = await sync.encrypt(draft);
    expect(sealed.ok).toBe(true);
    expectNoSecretIn(JSON.stringify(sealed));
    const opened = await decryptCase(sealed.ok ? sealed.value : {}, [await frozenPrivateKey()]);
    expect(opened).toEqual({ ok: true, value: draft });
    expect(
      await sync.encrypt({ id, client: { contact: { email: 'not an address' } } }),
    ).toMatchObject({
      ok: false,
      code: 'invalid_plaintext',
    });
    const plain = createSyncClient({
      hub: fixture.url,
      key: fixture.orgA.keys.intake,
      store: memoryStore(),
    });
    expect(await plain.encrypt(draft)).toMatchObject({ ok: false, code: 'not_configured' });
    await sync.close();
    await plain.close();
  });

  it('encrypts the merged version of a conflict before it is queued again', async () => {
    const record = plainCase();
    const phone = createSyncClient({
      hub: fixture.url,
      key: fixture.orgA.keys.documenter,
      store: memoryStore(),
      ...noWait,
    });
    const laptop = client(fixture.orgA.keys.documenter);
    expect(await laptop.save(record)).toMatchObject({ ok: true });
    expect(await laptop.sync()).toMatchObject({ pushed: 1 });
    await phone.sync();
    const onPhone = (await phone.getCase(record.id)) as Case;
    expect(await phone.save({ ...onPhone, qualification: 'not_a_violation' })).toMatchObject({
      ok: true,
    });
    expect(await phone.sync()).toMatchObject({ pushed: 1 });

    expect(
      await laptop.save({
        ...record,
        revision: 1,
        incident: { ...record.incident, account: secrets.account },
      }),
    ).toMatchObject({ ok: true });
    expect(await laptop.sync()).toMatchObject({ conflicts: 1 });
    const [conflict] = await laptop.conflicts();
    const merged = {
      ...(conflict?.server as Case),
      responses: [
        {
          type: 'written_complaint' as const,
          date: '2024-03-30',
          by: 'documenter' as const,
          notes: secrets.note,
        },
      ],
    };
    expect(await laptop.resolveConflict(record.id, merged)).toMatchObject({ ok: true });
    const queued = (await laptop.pending())[0]?.case;
    expect(identifyingPaths(queued).every((found) => found.encrypted)).toBe(true);
    expectNoSecretIn(JSON.stringify(queued));
    expect(await laptop.sync()).toMatchObject({ pushed: 1 });
    const opened = await decryptCase((await hubCase(record.id)).body.case, [
      await frozenPrivateKey(),
    ]);
    expect(opened.ok && (opened.value as Case).responses?.[0]?.notes).toBe(secrets.note);
    await phone.close();
    await laptop.close();
  });
});
