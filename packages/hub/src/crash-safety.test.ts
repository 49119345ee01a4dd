import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from '@talap/core';
import type { PullResponse, PushResponse } from '@talap/core/protocol';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type StorageOptions } from './store/open.js';
import { createKey, createOrganisation } from './store/organisations.js';
import { createPush, makeCase, type StoreKind } from './test-kit/hub-fixture.js';
import { type HubProcess, killHubProcesses, startHubProcess } from './test-kit/hub-process.js';
import { createTestDatabase } from './test-kit/postgres-server.js';

const workers = 4;
const casesPerBatch = 20;
const totalBatches = 80;
/**
 * When to kill while pushes stream in: once this many batches are acknowledged in all, or the
 * moment the running hub logs its Nth answered push (committed, but perhaps not yet received).
 * One more kill follows the last acknowledgement.
 */
const killPlan = [
  { acknowledged: 12 },
  { logged: 6 },
  { acknowledged: 40 },
  { logged: 6 },
] as const;

const folders: string[] = [];

afterAll(() => {
  killHubProcesses();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A value that is settled from outside. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** A batch of cases pushed with one intake key, until the hub acknowledges it. */
interface Batch {
  readonly key: string;
  readonly cases: readonly Case[];
  readonly body: ReturnType<typeof createPush>;
}

async function prepareStore(kind: StoreKind): Promise<StorageOptions> {
  if (kind === 'postgres') return { databaseUrl: await createTestDatabase(inject('postgresUrl')) };
  const dataDir = mkdtempSync(join(tmpdir(), 'talap-crash-'));
  folders.push(dataDir);
  return { dataDir };
}

describe.each(['pglite', 'postgres'] as const)('a hub process on %s', (kind) => {
  it('keeps every acknowledged push when it is killed with SIGKILL mid-stream and restarted', async ({
    annotate,
  }) => {
    const storage = await prepareStore(kind);
    const admin = await openDatabase(storage);
    let intakeKeys: string[];
    let documenterKey: string;
    try {
      const organisation = await createOrganisation(admin, 'Crash test');
      intakeKeys = await Promise.all(
        Array.from(
          { length: workers },
          async () => (await createKey(admin, organisation.id, 'intake')).key,
        ),
      );
      documenterKey = (await createKey(admin, organisation.id, 'documenter')).key;
    } finally {
      await admin.close();
    }

    const lockPath = storage.dataDir ? join(storage.dataDir, 'talap-hub.lock') : undefined;
    let kills = 0;
    let killedInFlight = 0;
    let inFlight = 0;
    let generation = 0;
    // A kill armed to fire from inside the log reader, as soon as the hub logs that many pushes.
    let killAtLoggedPush: number | undefined;
    let killedByLog = deferred<void>();

    const start = () => {
      const mine = ++generation;
      let loggedPushes = 0;
      return startHubProcess(storage, (line) => {
        if (mine !== generation || !line.includes('"route":"/v1/push"')) return;
        loggedPushes++;
        if (killAtLoggedPush !== undefined && loggedPushes >= killAtLoggedPush) {
          killAtLoggedPush = undefined;
          killNow();
          killedByLog.resolve();
        }
      });
    };

    // The hub in service now, and a promise of the next one while it restarts.
    let hub = await start();
    let hubUp = deferred<HubProcess>();
    hubUp.resolve(hub);

    const killNow = () => {
      hubUp = deferred<HubProcess>();
      killedInFlight += inFlight;
      hub.child.kill('SIGKILL');
    };
    const restart = async () => {
      await hub.exited;
      kills++;
      if (lockPath) {
        // The dead process's lock is still there: the restart must take it over.
        expect(existsSync(lockPath)).toBe(true);
        expect(readFileSync(lockPath, 'utf8')).toBe(String(hub.child.pid));
      }
      hub = await start();
      hubUp.resolve(hub);
    };

    const acknowledged = new Map<string, Case>();
    const retries: Batch[] = [];
    let made = 0;
    let acknowledgedBatches = 0;
    const allAcknowledged = deferred<void>();
    let replaysUnchanged = 0;
    let lostRequests = 0;
    let progress = deferred<void>();
    const notify = () => {
      const last = progress;
      progress = deferred<void>();
      last.resolve();
    };

    const push = async (worker: number) => {
      while (acknowledgedBatches < totalBatches) {
        let batch = retries.shift();
        if (!batch && made < totalBatches) {
          made++;
          // Each case differs in more than its id, so a record stored under the wrong id shows.
          const cases = Array.from({ length: casesPerBatch }, (_, index) =>
            makeCase((record) => {
              record.client.code = `W${worker}-B${made}-C${index}`;
              record.incident.account = `Account ${made}.${index}: ${crypto.randomUUID()}`;
            }),
          );
          batch = {
            key: intakeKeys[worker] as string,
            cases,
            body: createPush(cases, `w${worker}`),
          };
        }
        if (!batch) {
          await progress.promise;
          continue;
        }
        const { url } = await hubUp.promise;
        inFlight++;
        let answer: { status: number; body: PushResponse } | undefined;
        try {
          const response = await fetch(`${url}/v1/push`, {
            method: 'POST',
            headers: { authorization: `Bearer ${batch.key}`, 'content-type': 'application/json' },
            body: JSON.stringify(batch.body),
          });
          answer = { status: response.status, body: (await response.json()) as PushResponse };
        } catch {
          // The hub died with the request open: it may or may not have committed, so send it again.
        } finally {
          inFlight--;
        }
        if (!answer) {
          lostRequests++;
          retries.push(batch);
          await hubUp.promise;
          notify();
          continue;
        }
        expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
        expect(answer.body.results.map((result) => result.id)).toEqual(
          batch.body.mutations.map((mutation) => mutation.id),
        );
        for (const result of answer.body.results) {
          expect(['created', 'unchanged']).toContain(result.status);
          expect(result.revision).toBe(1);
          if (result.status === 'unchanged') replaysUnchanged++;
        }
        for (const record of batch.cases) acknowledged.set(record.id, record);
        acknowledgedBatches++;
        if (acknowledgedBatches === totalBatches) allAcknowledged.resolve();
        notify();
      }
    };

    const crashes = async () => {
      for (const step of killPlan) {
        if ('acknowledged' in step) {
          while (acknowledgedBatches < step.acknowledged) await progress.promise;
          killNow();
        } else {
          killedByLog = deferred<void>();
          killAtLoggedPush = step.logged;
          await Promise.race([
            killedByLog.promise,
            allAcknowledged.promise.then(() => {
              throw new Error('The pushes ended before the planned kill.');
            }),
          ]);
        }
        await restart();
      }
    };

    try {
      await Promise.all([
        crashes(),
        ...Array.from({ length: workers }, (_, worker) => push(worker)),
      ]);
      expect(acknowledgedBatches).toBe(totalBatches);
      // One more crash with nothing in flight, then read everything back from a fresh process.
      killNow();
      await restart();

      const read = async (path: string) => {
        const response = await fetch(`${hub.url}${path}`, {
          headers: { authorization: `Bearer ${documenterKey}` },
        });
        expect(response.status).toBe(200);
        return response.json();
      };
      const pulled = new Map<string, { revision: number; case: Case | null }>();
      const cursors: bigint[] = [];
      let since = '0';
      for (;;) {
        const page = (await read(`/v1/pull?since=${since}&limit=300`)) as PullResponse;
        for (const change of page.changes) {
          expect(pulled.has(change.caseId), `${change.caseId} pulled twice`).toBe(false);
          pulled.set(change.caseId, change);
        }
        if (page.changes.length > 0) cursors.push(BigInt(page.cursor));
        since = page.cursor;
        if (!page.hasMore) break;
      }
      for (let index = 1; index < cursors.length; index++) {
        expect(cursors[index] as bigint).toBeGreaterThan(cursors[index - 1] as bigint);
      }

      expect(acknowledged.size).toBe(totalBatches * casesPerBatch);
      expect(pulled.size).toBe(acknowledged.size);
      for (const [caseId, sent] of acknowledged) {
        const stored = pulled.get(caseId);
        expect(stored, `acknowledged case ${caseId} is missing`).toBeDefined();
        expect(stored?.revision).toBe(1);
        expect(stored?.case).toEqual({ ...sent, revision: 1 });
      }
      // The single-case route reads the same rows: spot-check a few.
      for (const [caseId, sent] of [...acknowledged].filter((_, index) => index % 97 === 0)) {
        expect(await read(`/v1/cases/${caseId}`)).toEqual({
          caseId,
          revision: 1,
          case: { ...sent, revision: 1 },
        });
      }
      expect(kills).toBe(killPlan.length + 1);
      await annotate(
        `${kills} kills (${killedInFlight} pushes in flight), ${lostRequests} pushes re-sent (${replaysUnchanged} mutations answered unchanged), ${acknowledged.size} acknowledged cases read back`,
      );
    } finally {
      hub.child.kill('SIGKILL');
      await hub.exited;
    }
  }, 120_000);
});
