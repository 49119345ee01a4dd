import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Case, newCaseId } from '@talap/core';
import type { PullResponse } from '@talap/core/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dentalRefusalCase } from '../../../core/src/test-kit/sample-cases.js';
import { seededRandom } from '../../../core/src/test-kit/seeded-random.js';
import { openFileStore } from '../store/file.js';
import { memoryStore } from '../store/memory.js';
import type { SyncStore } from '../store/types.js';
import { type FaultProxy, startFaultProxy } from '../test-kit/fault-proxy.js';
import { startTestHub, type TestHub } from '../test-kit/test-hub.js';
import type { SyncErrorKind } from './events.js';
import { createSyncClient, type SyncClient } from './sync-client.js';

const totalCases = 5000;
const totalEdits = 1000;
const minKills = 10;
/** Acknowledged mutations between two kills of the hub: about 5,700 in all, so 11 kills. */
const killEvery = 500;
const casesPerRound = 60;
const batchSize = 50;
/** Most edits a device makes to cases of one push while that push is on its way. */
const inFlightPerPush = 4;

let hub: TestHub | undefined;
let proxy: FaultProxy | undefined;
const devices: Device[] = [];
const folder = mkdtempSync(join(tmpdir(), 'talap-sync-fault-'));

beforeAll(async () => {
  hub = await startTestHub();
  const target = hub;
  proxy = await startFaultProxy({ target: () => target.current(), seed: 0x7a1a9 });
});

afterAll(async () => {
  for (const device of devices) await device.client.close().catch(() => {});
  await proxy?.close();
  await hub?.stop();
  rmSync(folder, { recursive: true, force: true });
});

type EditKind = 'beforeSend' | 'afterAck' | 'inFlight';

/** One field device: its client and what the test knows it saved and what the hub acknowledged. */
interface Device {
  readonly name: string;
  readonly index: number;
  client: SyncClient;
  readonly random: () => number;
  /** Mutation id → the latest case saved under it (an unsent save folds into the same id). */
  readonly savedUnder: Map<string, Case>;
  /** Case id → the latest case saved. */
  readonly lastSaved: Map<string, Case>;
  /** Case id → the case and revision of the last acknowledged mutation. */
  readonly lastAcked: Map<string, { case: Case; revision: number }>;
  /** Case id → how many distinct mutations of it the hub acknowledged. */
  readonly ackCount: Map<string, number>;
  readonly ackedMutations: Set<string>;
  /** Case ids this device created, in order. */
  readonly created: string[];
  /** Edits still to make, by kind, and edits made. */
  readonly budget: Record<EditKind, number>;
  readonly made: Record<EditKind, number>;
  /** A rotating position in `created` for edits of acknowledged cases. */
  editCursor: number;
  unchanged: number;
  duplicateAcks: number;
  unknownAcks: number;
  pushRequests: number;
  /** Push requests that got no answer or a 5xx: each is sent again. */
  pushFailures: number;
  syncs: number;
  readonly failedSyncs: Partial<Record<SyncErrorKind, number>>;
  readonly problems: string[];
}

let editNumber = 0;
let acked = 0;
let working = true;
const waiters = new Set<() => void>();

function notify(): void {
  for (const check of [...waiters]) check();
}

/** Resolves once `condition` holds; checked again on every acknowledgement and phase change. */
function when(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!condition()) return;
      waiters.delete(check);
      resolve();
    };
    waiters.add(check);
    check();
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A valid case with a fresh id and fields that differ from case to case. */
function newCase(device: Device, n: number): Case {
  const record = structuredClone(dentalRefusalCase()) as Case;
  delete (record as { revision?: number }).revision;
  record.id = newCaseId();
  const day = 1 + (n % 28);
  const places = ['Almaty', 'Astana', 'Shymkent', 'Karaganda'];
  const place = places[Math.floor(device.random() * places.length)] as string;
  record.client = { ...record.client, code: `F${device.index}-${n}` };
  record.incident = {
    ...record.incident,
    date: `2024-03-${String(day).padStart(2, '0')}`,
    region: place,
    city: place,
    account: `Case ${n} of device ${device.index}: the clinic refused care after the HIV status came up.`,
  };
  record.updatedAt = `2024-04-${String(day).padStart(2, '0')}T10:00:00.000Z`;
  return record;
}

/** A new version of a case: every edit differs from every other. */
function edited(record: Case): Case {
  const n = ++editNumber;
  return {
    ...record,
    updatedAt: new Date(Date.UTC(2024, 5, 1) + n * 60_000).toISOString(),
    qualification: n % 2 === 0 ? 'rights_violation' : 'pending_review',
    incident: { ...record.incident, account: `${record.incident.account} Edit ${n}.` },
  };
}

/** Sorted-key JSON of a case without the `revision` the hub sets, hashed. */
function caseHash(record: Case): string {
  const { revision: _revision, ...rest } = record;
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(rest)))
    .digest('hex');
}

async function saveTracked(device: Device, record: Case): Promise<void> {
  const result = await device.client.save(record);
  if (!result.ok) {
    device.problems.push(
      `${device.name} could not save ${record.id}: ${JSON.stringify(result).slice(0, 300)}`,
    );
    return;
  }
  device.savedUnder.set(result.mutationId, record);
  device.lastSaved.set(record.id, record);
}

async function edit(
  device: Device,
  caseId: string,
  kind: EditKind,
  from: EditKind = kind,
): Promise<void> {
  const current = device.lastSaved.get(caseId);
  if (!current) {
    device.problems.push(`${device.name} has no saved case ${caseId} to edit`);
    return;
  }
  device.budget[from]--;
  device.made[kind]++;
  await saveTracked(device, edited(current));
}

/** The next case of this device whose latest save the hub acknowledged, or undefined. */
function nextAcknowledged(device: Device): string | undefined {
  for (let tried = 0; tried < device.created.length; tried++) {
    const caseId = device.created[device.editCursor % device.created.length] as string;
    device.editCursor++;
    const ack = device.lastAcked.get(caseId);
    if (ack && ack.case === device.lastSaved.get(caseId)) return caseId;
  }
  return undefined;
}

async function openDevice(
  index: number,
  key: string,
  store: SyncStore,
  share: Record<EditKind, number>,
) {
  const device: Device = {
    name: `device ${index}`,
    index,
    client: undefined as unknown as SyncClient,
    random: seededRandom(1000 + index),
    savedUnder: new Map(),
    lastSaved: new Map(),
    lastAcked: new Map(),
    ackCount: new Map(),
    ackedMutations: new Set(),
    created: [],
    budget: { ...share },
    made: { beforeSend: 0, afterAck: 0, inFlight: 0 },
    editCursor: 0,
    unchanged: 0,
    duplicateAcks: 0,
    unknownAcks: 0,
    pushRequests: 0,
    pushFailures: 0,
    syncs: 0,
    failedSyncs: {},
    problems: [],
  };
  // Edits cases of a push while it is on its way: their mutations are frozen, so each edit is new.
  const editingFetch: typeof fetch = async (input, init) => {
    if (new URL(String(input)).pathname !== '/v1/push') return fetch(input, init);
    device.pushRequests++;
    const { mutations } = JSON.parse(String(init?.body)) as { mutations: { caseId: string }[] };
    const picks = mutations.filter((_, position) => position % 7 === device.pushRequests % 7);
    for (const { caseId } of picks.slice(0, inFlightPerPush)) {
      if (device.budget.inFlight <= 0) break;
      await edit(device, caseId, 'inFlight');
    }
    try {
      const response = await fetch(input, init);
      if (response.status >= 500) device.pushFailures++;
      return response;
    } catch (error) {
      device.pushFailures++;
      throw error;
    }
  };
  device.client = createSyncClient({
    hub: (proxy as FaultProxy).url,
    key,
    store,
    fetch: editingFetch,
    batchSize,
    requestTimeoutMs: 2000,
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
    autoSync: false,
    random: seededRandom(2000 + index),
  });
  device.client.on('pushed', ({ caseId, mutationId, status, revision }) => {
    if (device.ackedMutations.has(mutationId)) device.duplicateAcks++;
    device.ackedMutations.add(mutationId);
    if (status === 'unchanged') device.unchanged++;
    const sent = device.savedUnder.get(mutationId);
    if (!sent || sent.id !== caseId) {
      device.unknownAcks++;
      return;
    }
    device.lastAcked.set(caseId, { case: sent, revision });
    device.ackCount.set(caseId, (device.ackCount.get(caseId) ?? 0) + 1);
    acked++;
    notify();
  });
  device.client.on('rejected', ({ caseId }) =>
    device.problems.push(`${device.name}: ${caseId} rejected`),
  );
  device.client.on('conflict', ({ caseId }) =>
    device.problems.push(`${device.name}: ${caseId} in conflict`),
  );
  devices.push(device);
  return device;
}

async function syncOnce(device: Device): Promise<boolean> {
  const report = await device.client.sync();
  device.syncs++;
  if (!report.error) return true;
  const kind = report.error.kind;
  device.failedSyncs[kind] = (device.failedSyncs[kind] ?? 0) + 1;
  // Not for correctness: a device that failed waits for the hub to be back (as a backoff would), so
  // it neither spins through its rounds nor steals the CPU the restarting hub needs.
  await when(() => !restarting);
  await pause(kind === 'rate-limited' ? 250 : 10);
  return false;
}

/** Saves this device's share of cases in rounds, edits before sending and after acknowledgement, and syncs after each round. */
async function work(device: Device, cases: number): Promise<void> {
  const rounds = Math.ceil(cases / casesPerRound);
  for (let round = 0; round < rounds; round++) {
    const fresh: string[] = [];
    const count = Math.min(casesPerRound, cases - round * casesPerRound);
    for (let n = 0; n < count; n++) {
      const record = newCase(device, round * casesPerRound + n);
      await saveTracked(device, record);
      device.created.push(record.id);
      fresh.push(record.id);
    }
    const roundsLeft = rounds - round;
    const beforeSend = Math.min(fresh.length, Math.ceil(device.budget.beforeSend / roundsLeft));
    for (let n = 0; n < beforeSend; n++) {
      await edit(
        device,
        fresh[Math.floor((n * fresh.length) / beforeSend)] as string,
        'beforeSend',
      );
    }
    const afterAck = Math.ceil(device.budget.afterAck / roundsLeft);
    for (let n = 0; n < afterAck; n++) {
      const caseId = nextAcknowledged(device);
      if (caseId) await edit(device, caseId, 'afterAck');
    }
    await syncOnce(device);
  }
  // Whatever the rounds left over: edits of acknowledged cases, in-flight ones turned into those.
  for (let extra = 0; extra < 200; extra++) {
    const left = device.budget.afterAck + device.budget.inFlight;
    if (left === 0) return;
    const caseId = nextAcknowledged(device);
    if (caseId)
      await edit(device, caseId, 'afterAck', device.budget.afterAck > 0 ? 'afterAck' : 'inFlight');
    await syncOnce(device);
  }
  device.problems.push(
    `${device.name} could not make all its edits: ${JSON.stringify(device.budget)}`,
  );
}

let kills = 0;
let downMs = 0;
let restarting = false;

async function killAndRestart(): Promise<void> {
  const running = hub as TestHub;
  const started = performance.now();
  restarting = true;
  try {
    await running.kill();
    kills++;
    await pause(20);
    for (let attempt = 1; ; attempt++) {
      try {
        await running.restart();
        break;
      } catch (error) {
        if (attempt === 5) throw error;
        await pause(200);
      }
    }
  } finally {
    restarting = false;
    notify();
  }
  downMs += performance.now() - started;
}

/** Kills and restarts the hub after every `killEvery` acknowledged mutations, while the devices work. */
async function killer(): Promise<void> {
  for (;;) {
    const next = acked + killEvery;
    await when(() => acked >= next || !working);
    if (!working) return;
    await killAndRestart();
  }
}

/** Every case on the hub, read directly with the admin key, page by page. */
async function hubCases(): Promise<Map<string, { revision: number; case: Case | null }>> {
  const running = hub as TestHub;
  const found = new Map<string, { revision: number; case: Case | null }>();
  let since = '0';
  for (let page = 0; page < 100; page++) {
    const response = await fetch(`${running.current()}/v1/pull?since=${since}&limit=1000`, {
      headers: { authorization: `Bearer ${running.keys.admin}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as PullResponse;
    for (const change of body.changes) {
      found.set(change.caseId, {
        revision: change.revision,
        case: change.deleted ? null : change.case,
      });
    }
    since = body.cursor;
    if (!body.hasMore) return found;
  }
  throw new Error('the hub kept saying it has more changes after 100 pages');
}

describe('the sync client under faults', () => {
  it('delivers 5,000 cases and 1,000 edits from three devices exactly once through a lossy proxy and 10+ hub kills', async () => {
    const started = performance.now();
    const running = hub as TestHub;
    const keys = [running.keys.documenter, running.keys.documenter2, running.keys.documenter3];
    const stores: SyncStore[] = [
      memoryStore(),
      memoryStore(),
      await openFileStore(join(folder, 'device-3.jsonl')),
    ];
    const caseShares = [0, 1, 2].map(
      (i) => Math.floor(totalCases / 3) + (i < totalCases % 3 ? 1 : 0),
    );
    const editShares = [0, 1, 2].map(
      (i) => Math.floor(totalEdits / 3) + (i < totalEdits % 3 ? 1 : 0),
    );
    const opened = await Promise.all(
      keys.map((key, i) => {
        const edits = editShares[i] as number;
        const beforeSend = Math.floor(edits / 3);
        const inFlight = Math.floor(edits / 3);
        return openDevice(i + 1, key, stores[i] as SyncStore, {
          beforeSend,
          inFlight,
          afterAck: edits - beforeSend - inFlight,
        });
      }),
    );

    // The run: devices save and sync while the hub is killed as acknowledgements come in.
    let killerFailure: unknown;
    const killing = killer().catch((error: unknown) => {
      killerFailure = error;
      working = false;
    });
    const finished: string[] = [];
    await Promise.all(
      opened.map(async (device, i) => {
        await work(device, caseShares[i] as number);
        finished.push(`${device.name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }),
    );
    const workedS = (performance.now() - started) / 1000;
    working = false;
    notify();
    await killing;
    if (killerFailure) throw killerFailure;
    const killsDuringWork = kills;
    // Top up to the minimum, each kill after another round of syncs.
    while (kills < minKills) {
      await Promise.all(opened.map((device) => syncOnce(device)));
      await killAndRestart();
    }

    // The faults stop; every device syncs until its outbox is empty.
    const toppedS = (performance.now() - started) / 1000;
    proxy?.setFaults(false);
    await Promise.all(
      opened.map(async (device) => {
        for (let attempt = 0; attempt < 60; attempt++) {
          const ok = await syncOnce(device);
          const status = await device.client.status();
          if (ok && status.pending === 0 && status.rejected === 0 && status.conflicts === 0) return;
        }
      }),
    );
    // One more sync each, so every device also pulled what the others sent last.
    for (const device of opened) await syncOnce(device);

    const drainedS = (performance.now() - started) / 1000;
    const onHub = await hubCases();
    const live = [...onHub.values()].filter((entry) => entry.case !== null);
    let missing = 0;
    let differing = 0;
    let revisionsOff = 0;
    let ackedMutations = 0;
    let unacknowledgedSaves = 0;
    const mine = new Set<string>();
    for (const device of opened) {
      ackedMutations += device.ackedMutations.size;
      for (const caseId of device.created) {
        mine.add(caseId);
        const ack = device.lastAcked.get(caseId);
        const stored = onHub.get(caseId);
        if (!ack || !stored?.case) {
          missing++;
          continue;
        }
        if (caseHash(stored.case) !== caseHash(ack.case)) differing++;
        // One revision per acknowledged mutation: nothing applied twice, nothing acknowledged and lost.
        if (stored.revision !== ack.revision || stored.revision !== device.ackCount.get(caseId))
          revisionsOff++;
        const saved = device.lastSaved.get(caseId) as Case;
        if (caseHash(saved) !== caseHash(ack.case)) unacknowledgedSaves++;
      }
    }
    // After the last pull every device holds every case exactly as the hub does.
    let staleCopies = 0;
    for (const device of opened) {
      const copies = await device.client.cases();
      staleCopies += Math.abs(copies.length - live.length);
      for (const copy of copies) {
        const stored = onHub.get(copy.id)?.case;
        if (!stored || caseHash(stored) !== caseHash(copy)) staleCopies++;
      }
    }
    const strangers = live.filter((entry) => !mine.has((entry.case as Case).id)).length;
    const statuses = await Promise.all(opened.map((device) => device.client.status()));
    const faults = proxy?.counts();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const made = (kind: EditKind) => opened.reduce((sum, device) => sum + device.made[kind], 0);
    const sum = (pick: (device: Device) => number) =>
      opened.reduce((total, device) => total + pick(device), 0);
    process.stdout.write(
      [
        '',
        `fault run: ${seconds} s, hub down ${(downMs / 1000).toFixed(1)} s in all; work ${workedS.toFixed(1)} s (${finished.join(', ')}), top-up to ${toppedS.toFixed(1)} s, drained at ${drainedS.toFixed(1)} s`,
        `  cases created ${sum((d) => d.created.length)}, live on hub ${live.length}, missing ${missing}, differing ${differing}, revisions off ${revisionsOff}, strangers ${strangers}, stale device copies ${staleCopies}`,
        `  edits ${made('beforeSend') + made('afterAck') + made('inFlight')} (before send ${made('beforeSend')}, after ack ${made('afterAck')}, in flight ${made('inFlight')}), saves never acknowledged ${unacknowledgedSaves}`,
        `  acknowledged mutations ${ackedMutations} (unchanged replays ${sum((d) => d.unchanged)}, duplicate acks ${sum((d) => d.duplicateAcks)}, unknown acks ${sum((d) => d.unknownAcks)})`,
        `  hub kills ${kills} (${killsDuringWork} while devices worked)`,
        `  proxy ${JSON.stringify(faults)}`,
        `  push requests ${sum((d) => d.pushRequests)} (${sum((d) => d.pushFailures)} unanswered or 5xx, so sent again), syncs ${sum((d) => d.syncs)}, failed syncs ${JSON.stringify(opened.map((d) => d.failedSyncs))}`,
        `  outboxes ${JSON.stringify(statuses.map(({ pending, rejected, conflicts }) => ({ pending, rejected, conflicts })))}`,
        '',
      ].join('\n'),
    );

    expect(opened.flatMap((device) => device.problems)).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(minKills);
    expect(faults?.reset).toBeGreaterThan(0);
    expect(faults?.dropped).toBeGreaterThan(0);
    expect(sum((d) => d.created.length)).toBe(totalCases);
    expect(made('beforeSend') + made('afterAck') + made('inFlight')).toBe(totalEdits);
    expect(live).toHaveLength(totalCases);
    expect(strangers).toBe(0);
    expect(staleCopies).toBe(0);
    expect({ missing, differing, revisionsOff, unacknowledgedSaves }).toEqual({
      missing: 0,
      differing: 0,
      revisionsOff: 0,
      unacknowledgedSaves: 0,
    });
    expect(sum((d) => d.duplicateAcks) + sum((d) => d.unknownAcks)).toBe(0);
    for (const status of statuses)
      expect(status).toMatchObject({ pending: 0, rejected: 0, conflicts: 0 });
  }, 120_000);
});
