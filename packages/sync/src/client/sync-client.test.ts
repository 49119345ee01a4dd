import { type Case, newCaseId } from '@talap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dentalRefusalCase } from '../../../core/src/test-kit/sample-cases.js';
import { openDatabase } from '../../../hub/src/store/open.js';
import { rotateEpoch } from '../../../hub/src/store/organisations.js';
import { memoryStore } from '../store/memory.js';
import type { SyncStore } from '../store/types.js';
import { startTestHub, type TestHub } from '../test-kit/test-hub.js';
import { diffCases } from './diff.js';
import type { SyncEvents } from './events.js';
import { createSyncClient, type SyncClientOptions } from './sync-client.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

/** A valid case with a fresh id. */
function newCase(edit: (record: Case) => void = () => {}): Case {
  const record = structuredClone(dentalRefusalCase()) as Case;
  delete (record as { revision?: number }).revision;
  record.id = newCaseId();
  edit(record);
  return record;
}

const noWait = { sleep: async () => {}, retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 } };

function client(key: string, extra: Partial<SyncClientOptions> = {}) {
  return createSyncClient({ hub: hub.url, key, store: memoryStore(), ...noWait, ...extra });
}

/** Reads a case on the hub with the admin key. */
async function hubCase(
  caseId: string,
): Promise<{ status: number; revision?: number; case?: Case }> {
  const response = await fetch(`${hub.url}/v1/cases/${caseId}`, {
    headers: { authorization: `Bearer ${hub.keys.admin}` },
  });
  const body = await response.json();
  return { status: response.status, ...body };
}

function record<K extends keyof SyncEvents>(
  sync: ReturnType<typeof client>,
  event: K,
): SyncEvents[K][] {
  const seen: SyncEvents[K][] = [];
  sync.on(event, (detail) => seen.push(detail));
  return seen;
}

describe('createSyncClient against a hub process', () => {
  it('refuses an invalid case with issues and queues nothing', async () => {
    const sync = client(hub.keys.documenter);
    const result = await sync.save({ ...newCase(), channel: 'pigeon' } as unknown as Case);
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(result.ok === false && result.reason === 'invalid' && result.issues[0]?.path).toBe(
      '/channel',
    );
    expect((await sync.status()).pending).toBe(0);
    await sync.close();
  });

  it('queues a case, pushes it once, and reports what happened', async () => {
    const sync = client(hub.keys.documenter);
    const queued = record(sync, 'queued');
    const pushed = record(sync, 'pushed');
    const progress = record(sync, 'progress');
    const item = newCase();
    const saved = await sync.save(item);
    expect(saved.ok).toBe(true);
    expect(await sync.status()).toMatchObject({ pending: 1, rejected: 0, conflicts: 0 });
    const report = await sync.sync();
    expect(report).toMatchObject({ pushed: 1, conflicts: 0, rejected: 0 });
    expect(report.error).toBeUndefined();
    expect(queued).toEqual([{ caseId: item.id, mutationId: expect.any(String) }]);
    expect(pushed).toEqual([
      { caseId: item.id, mutationId: expect.any(String), status: 'created', revision: 1 },
    ]);
    expect(progress.at(-1)).toEqual({ sent: 1, total: 1 });
    const status = await sync.status();
    expect(status).toMatchObject({ pending: 0, syncing: false, lastError: null });
    expect(status.lastSyncAt).not.toBeNull();
    expect(await hubCase(item.id)).toMatchObject({
      status: 200,
      revision: 1,
      case: { ...item, revision: 1 },
    });
    await sync.close();
  });

  it('runs one more sync after the running one for a sync() asked for while it ran', async () => {
    // The first sync's pull waits at a gate, so a case is saved while that sync still runs.
    let pullReached: () => void = () => {};
    const reached = new Promise<void>((resolve) => {
      pullReached = resolve;
    });
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let gated = false;
    const gatedFetch: typeof fetch = async (input, init) => {
      if (!gated && String(input).includes('/v1/pull')) {
        gated = true;
        pullReached();
        await gate;
      }
      return fetch(input, init);
    };
    const sync = client(hub.keys.documenter, { fetch: gatedFetch });
    const first = newCase();
    const second = newCase();
    await sync.save(first);
    const running = sync.sync();
    await reached;
    await sync.save(second);
    const asked = sync.sync();
    openGate();
    // close() lets both finish first: the running sync and the one asked for while it ran.
    await sync.close();
    expect(await running).toMatchObject({ pushed: 1 });
    expect(await asked).toMatchObject({ pushed: 1 });
    expect(await hubCase(second.id)).toMatchObject({ status: 200, revision: 1 });
  });

  it('folds edits made before sending into one mutation, and sends a later edit as an update', async () => {
    const sync = client(hub.keys.documenter);
    const item = newCase();
    await sync.save(item);
    await sync.save({ ...item, updatedAt: '2024-05-01T00:00:00Z' });
    expect((await sync.pending()).length).toBe(1);
    await sync.sync();
    await sync.save({ ...item, updatedAt: '2024-06-01T00:00:00Z' });
    const [update] = await sync.pending();
    expect(update?.op).toBe('update');
    await sync.sync();
    expect(await hubCase(item.id)).toMatchObject({
      revision: 2,
      case: { updatedAt: '2024-06-01T00:00:00Z' },
    });
    expect(await sync.getCase(item.id)).toMatchObject({ updatedAt: '2024-06-01T00:00:00Z' });
    await sync.close();
  });

  it('re-sends a push whose answer was lost and gets unchanged, never a duplicate', async () => {
    let dropped = 0;
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/v1/push') && dropped === 0) {
        dropped++;
        await response.text();
        throw new TypeError('connection reset after the hub committed');
      }
      return response;
    };
    const sync = client(hub.keys.documenter, { fetch: losing });
    const pushed = record(sync, 'pushed');
    const items = [newCase(), newCase(), newCase()];
    for (const item of items) await sync.save(item);
    const report = await sync.sync();
    expect(dropped).toBe(1);
    expect(report).toMatchObject({ pushed: 3 });
    expect(pushed.map((event) => event.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    for (const item of items)
      expect(await hubCase(item.id)).toMatchObject({ status: 200, revision: 1 });
    expect((await sync.status()).pending).toBe(0);
    await sync.close();
  });

  it('keeps an edit made while its create was in flight, and sends it after the create', async () => {
    const item = newCase();
    let sync: ReturnType<typeof client> | undefined;
    let edited = false;
    const editing: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/v1/push') && !edited) {
        edited = true;
        // The user edits while the first push is on its way: the frozen create must not change.
        await sync?.save({ ...item, updatedAt: '2024-09-09T09:09:09Z' });
      }
      return fetch(input, init);
    };
    sync = client(hub.keys.documenter, { fetch: editing });
    await sync.save(item);
    await sync.sync();
    expect(await hubCase(item.id)).toMatchObject({
      revision: 2,
      case: { updatedAt: '2024-09-09T09:09:09Z' },
    });
    await sync.close();
  });

  it('applies 100 valid mutations past an invalid one, which waits in the dead-letter list', async () => {
    const store: SyncStore = memoryStore();
    const sync = client(hub.keys.documenter, { store });
    const valid = Array.from({ length: 100 }, () => newCase());
    const bad = newCase();
    // An outbox written by an older app version can hold a case the hub now refuses.
    await store.transaction(async (tx) => {
      await tx.put('outbox', {
        id: crypto.randomUUID(),
        seq: 0,
        op: 'create',
        caseId: bad.id,
        case: { ...bad, incident: { ...bad.incident, country: 'Kazakhstan' } },
        frozen: false,
        state: 'pending',
        savedAt: new Date().toISOString(),
        attempts: 0,
      });
      await tx.put('cases', {
        caseId: bad.id,
        case: bad,
        revision: null,
        sentFromHere: false,
        queued: [],
      });
    });
    for (const item of valid) await sync.save(item);
    const rejectedEvents = record(sync, 'rejected');
    const report = await sync.sync();
    expect(report).toMatchObject({ pushed: 100, rejected: 1 });
    const deadLetters = await sync.rejected();
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]?.issues?.[0]).toMatchObject({
      path: '/incident/country',
      code: 'invalid_format',
    });
    expect(rejectedEvents).toHaveLength(1);
    expect(await sync.status()).toMatchObject({ pending: 0, rejected: 1 });
    expect((await hubCase(bad.id)).status).toBe(404);
    for (const item of valid.slice(0, 5)) expect((await hubCase(item.id)).status).toBe(200);
    expect(await sync.discard(deadLetters[0]?.id ?? '')).toBe(true);
    expect((await sync.status()).rejected).toBe(0);
    await sync.close();
  });

  it('surfaces exactly one conflict per case when two devices edit the same 200 cases offline', async () => {
    const first = client(hub.keys.documenter2);
    const second = client(hub.keys.documenter3);
    const items = Array.from({ length: 200 }, () => newCase());
    for (const item of items) await first.save(item);
    await first.sync();
    await second.sync();
    expect((await second.cases()).filter((c) => items.some((i) => i.id === c.id))).toHaveLength(
      200,
    );
    for (const item of items) {
      expect((await first.save({ ...item, updatedAt: '2025-01-01T00:00:00Z' })).ok).toBe(true);
      const edit = {
        ...item,
        updatedAt: '2025-02-02T00:00:00Z',
        qualification: 'pending_review' as const,
      };
      expect((await second.save(edit)).ok).toBe(true);
    }
    expect(await first.sync()).toMatchObject({ pushed: 200, conflicts: 0 });
    const secondReport = await second.sync();
    expect(secondReport).toEqual({
      pushed: 0,
      conflicts: 200,
      rejected: 0,
      pulled: expect.any(Number),
    });
    const conflicts = await second.conflicts();
    expect(conflicts).toHaveLength(200);
    for (const conflict of conflicts.slice(0, 10)) {
      expect(conflict.local.updatedAt).toBe('2025-02-02T00:00:00Z');
      expect(conflict.server?.updatedAt).toBe('2025-01-01T00:00:00Z');
      expect(conflict.serverRevision).toBe(2);
      expect(diffCases(conflict.local, conflict.server)).toEqual([
        '/qualification',
        '/revision',
        '/updatedAt',
      ]);
    }
    for (const item of items.slice(0, 10)) {
      expect(await hubCase(item.id)).toMatchObject({
        revision: 2,
        case: { updatedAt: '2025-01-01T00:00:00Z' },
      });
    }
    // The app decides: keep the hub's version for one, send a merge for another.
    const [keep, merge] = conflicts;
    expect((await second.resolveConflict(keep?.caseId ?? '', 'server')).ok).toBe(true);
    expect(await second.getCase(keep?.caseId ?? '')).toMatchObject({
      updatedAt: '2025-01-01T00:00:00Z',
    });
    const merged = { ...(merge?.server as Case), qualification: 'pending_review' as const };
    expect((await second.resolveConflict(merge?.caseId ?? '', merged)).ok).toBe(true);
    expect(await second.sync()).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(await hubCase(merge?.caseId ?? '')).toMatchObject({
      revision: 3,
      case: { qualification: 'pending_review' },
    });
    expect((await second.status()).conflicts).toBe(198);
    await first.close();
    await second.close();
  });

  it('pulls other devices’ cases, moving the cursor with the data, and drops purged ones', async () => {
    const writer = client(hub.keys.documenter);
    const reader = client(hub.keys.documenter2);
    const items = [newCase(), newCase()];
    for (const item of items) await writer.save(item);
    await writer.sync();
    const pulledBefore = (await reader.sync()).pulled;
    expect(pulledBefore).toBeGreaterThanOrEqual(2);
    expect(await reader.getCase(items[0]?.id ?? '')).toMatchObject({ id: items[0]?.id });
    const purge = await fetch(`${hub.url}/v1/cases/${items[0]?.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${hub.keys.admin}` },
    });
    expect(purge.status).toBe(204);
    expect((await reader.sync()).pulled).toBe(1);
    expect(await reader.getCase(items[0]?.id ?? '')).toBeUndefined();
    expect(await reader.getCase(items[1]?.id ?? '')).toBeDefined();
    await writer.close();
    await reader.close();
  });

  it('lets an intake key send without keeping cases on the device once acknowledged', async () => {
    const sync = client(hub.keys.intake);
    const item = newCase();
    await sync.save(item);
    expect(await sync.sync()).toMatchObject({ pushed: 1, pulled: 0 });
    expect(await sync.getCase(item.id)).toBeUndefined();
    expect(await sync.cases()).toEqual([]);
    await sync.close();
  });

  it('keeps the outbox and reports a clear error for a revoked key, a newer hub and an unreachable hub', async () => {
    const store = memoryStore();
    const revoked = client(
      'tlk_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      { store },
    );
    const errors = record(revoked, 'error');
    await revoked.save(newCase());
    expect((await revoked.sync()).error?.kind).toBe('unauthorized');
    expect(errors[0]?.kind).toBe('unauthorized');
    expect((await revoked.status()).pending).toBe(1);

    const newer: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/v1/config')) return response;
      const body = await response.json();
      return new Response(JSON.stringify({ ...body, protocol: 2, protocols: [2] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const future = client(hub.keys.documenter, { fetch: newer });
    await future.save(newCase());
    const report = await future.sync();
    expect(report.error?.kind).toBe('protocol');
    expect(report.error?.message).toContain('Update the app');
    expect((await future.status()).pending).toBe(1);

    const nowhere = createSyncClient({
      hub: 'http://127.0.0.1:9',
      key: hub.keys.documenter,
      store: memoryStore(),
      ...noWait,
    });
    await nowhere.save(newCase());
    const offline = await nowhere.sync();
    expect(offline.error?.kind).toBe('network');
    expect(await nowhere.status()).toMatchObject({ pending: 1, lastError: { kind: 'network' } });
    await Promise.all([revoked.close(), future.close(), nowhere.close()]);
  });

  it('waits as long as Retry-After asks before trying again', async () => {
    const waits: number[] = [];
    let limited = false;
    const busy: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/v1/push') && !limited) {
        limited = true;
        return new Response('{}', { status: 429, headers: { 'retry-after': '7' } });
      }
      return fetch(input, init);
    };
    const sync = client(hub.keys.documenter, {
      fetch: busy,
      sleep: async (ms) => {
        waits.push(ms);
      },
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 60_000 },
    });
    await sync.save(newCase());
    expect(await sync.sync()).toMatchObject({ pushed: 1 });
    expect(waits).toEqual([7000]);
    await sync.close();
  });

  it('halves a batch a proxy refuses as too large, and rejects alone a case that is too large by itself', async () => {
    const big = newCase((item) => {
      item.incident.account = 'x'.repeat(19_000);
    });
    const proxyLimit: typeof fetch = async (input, init) => {
      const size = typeof init?.body === 'string' ? init.body.length : 0;
      if (String(input).endsWith('/v1/push') && size > 15_000) {
        return new Response('<html>413 Request Entity Too Large</html>', { status: 413 });
      }
      return fetch(input, init);
    };
    const sync = client(hub.keys.documenter, { fetch: proxyLimit });
    const small = Array.from({ length: 12 }, () => newCase());
    for (const item of small) await sync.save(item);
    await sync.save(big);
    const report = await sync.sync();
    expect(report).toMatchObject({ pushed: 12, rejected: 1 });
    const [deadLetter] = await sync.rejected();
    expect(deadLetter?.caseId).toBe(big.id);
    expect(deadLetter?.issues?.[0]?.message).toContain('too large');
    await sync.close();
  });

  it('explains an invalid case in the language it was given', async () => {
    const sync = client(hub.keys.documenter, { locale: 'ru' });
    const result = await sync.save({ ...newCase(), channel: 'pigeon' } as unknown as Case);
    expect(result.ok === false && result.reason === 'invalid' && result.issues[0]?.message).toMatch(
      /[а-яё]/i,
    );
    await sync.close();
  });

  it('refuses to merge a conflict whose hub version the key cannot read, and lets it keep the hub’s', async () => {
    const documenter = client(hub.keys.documenter);
    const item = newCase();
    await documenter.save(item);
    await documenter.sync();
    const intake = client(hub.keys.intake);
    await intake.save({ ...item, updatedAt: '2031-01-01T00:00:00Z' });
    expect(await intake.sync()).toMatchObject({ conflicts: 1 });
    const [conflict] = await intake.conflicts();
    expect(conflict).toMatchObject({
      caseId: item.id,
      server: null,
      serverRevision: null,
      deleted: false,
    });
    const merge = await intake.resolveConflict(item.id, {
      ...item,
      updatedAt: '2031-02-02T00:00:00Z',
    });
    expect(merge.ok).toBe(false);
    expect((await intake.resolveConflict(item.id, 'server')).ok).toBe(true);
    expect(await intake.getCase(item.id)).toBeUndefined();
    expect(await intake.status()).toMatchObject({ pending: 0, conflicts: 0 });
    await Promise.all([documenter.close(), intake.close()]);
  });

  it('puts the hub’s version back on the device when a refused edit is discarded', async () => {
    const store = memoryStore();
    const sync = client(hub.keys.documenter, { store });
    const item = newCase();
    await sync.save(item);
    await sync.sync();
    const saved = await sync.save({ ...item, updatedAt: '2026-01-01T00:00:00Z' });
    // An outbox written by an older app version may hold an edit the hub now refuses.
    await store.transaction(async (tx) => {
      const entry = await tx.get('outbox', saved.ok ? saved.mutationId : '');
      if (!entry) throw new Error('no entry');
      await tx.put('outbox', {
        ...entry,
        case: { ...entry.case, incident: { ...entry.case.incident, country: 'Kazakhstan' } },
      });
    });
    expect(await sync.sync()).toMatchObject({ rejected: 1 });
    const [deadLetter] = await sync.rejected();
    expect(await sync.discard(deadLetter?.id ?? '')).toBe(true);
    expect(await sync.getCase(item.id)).toMatchObject({ updatedAt: item.updatedAt, revision: 1 });
    await sync.close();
  });

  it('re-sends what a hub restored from a backup no longer has, once its epoch changes', async () => {
    const sync = client(hub.keys.documenter3, { keepAcknowledged: true });
    const kept = newCase();
    const lost = newCase();
    await sync.save(kept);
    await sync.save(lost);
    expect(await sync.sync()).toMatchObject({ pushed: 2 });
    // Simulate a restore from a backup taken before `lost` arrived: the hub must be stopped to edit its folder.
    await hub.kill();
    const db = await openDatabase({ dataDir: hub.dataDir });
    await db.transaction(async (tx) => {
      await tx.query(`select set_config('talap.organisation', $1, true)`, [hub.organisationId]);
      await tx.query('delete from receipts where case_id = $1', [lost.id]);
      await tx.query('delete from audit_log where case_id = $1', [lost.id]);
      await tx.query('delete from cases where case_id = $1', [lost.id]);
    });
    await rotateEpoch(db);
    await db.close();
    await hub.restart();
    expect((await hubCase(lost.id)).status).toBe(404);
    const report = await sync.sync();
    expect(report.error).toBeUndefined();
    expect(await hubCase(lost.id)).toMatchObject({ status: 200, case: { id: lost.id } });
    expect(await hubCase(kept.id)).toMatchObject({ status: 200, revision: 1 });
    expect(await sync.status()).toMatchObject({ pending: 0, conflicts: 0, rejected: 0 });
    await sync.close();
  });
});
