// Queues 10,000 cases with the sync client (`save()`, memory store) and syncs them to a hub on
// PGlite over loopback in batches of 100, and prints cases/s with its ratio to pushing the same
// number of cases as bare `fetch` POST /v1/push calls in the same run (the client's overhead).
// Options: --cases N (default 10000).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Case } from '../packages/core/src/schema/case.js';
import { createHub, type Hub } from '../packages/hub/src/hub.js';
import { createKey, createOrganisation } from '../packages/hub/src/store/organisations.js';
import { createPush, makeCase } from '../packages/hub/src/test-kit/hub-fixture.js';
import { createSyncClient, type SyncClient } from '../packages/sync/src/client/sync-client.js';
import { memoryStore } from '../packages/sync/src/store/memory.js';

const hubCli = fileURLToPath(new URL('../packages/hub/src/bin.ts', import.meta.url));
const batchSize = 100;
const turns = 2;

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' } } });
const count = Number(values.cases);
if (!Number.isInteger(count) || count < 1) {
  console.error(`--cases must be a whole number of at least 1, not "${values.cases}".`);
  process.exit(2);
}

/** Distinct, valid cases of the same shape, each with a fresh id. */
function makeCases(total: number, prefix: string): Case[] {
  return Array.from({ length: total }, (_, index) =>
    makeCase((record) => {
      record.client.code = `${prefix}-${index}`;
    }),
  );
}

/** Seconds since `started` (a `performance.now()` reading). */
const since = (started: number) => (performance.now() - started) / 1000;

/** What one client turn measured. */
interface ClientTurn {
  readonly saveSeconds: number;
  /** From calling `sync()` to the moment nothing is pending: the push, comparable to the bare peer. */
  readonly pushSeconds: number;
  /** The whole `sync()`, with the pull that follows the push. */
  readonly syncSeconds: number;
  readonly pulled: number;
}

/** Saves every case to the client's outbox, then syncs until nothing is pending. */
async function clientTurn(client: SyncClient, cases: readonly Case[]): Promise<ClientTurn> {
  let started = performance.now();
  for (const record of cases) {
    const saved = await client.save(record);
    if (!saved.ok) throw new Error(`save() refused a case: ${JSON.stringify(saved)}`);
  }
  const saveSeconds = since(started);
  if ((await client.status()).pending !== cases.length) {
    throw new Error(`Expected ${cases.length} pending mutations after saving.`);
  }

  let pushSeconds: number | undefined;
  const stop = client.on('progress', ({ sent, total }) => {
    if (sent >= total) pushSeconds = since(started);
  });
  started = performance.now();
  const report = await client.sync();
  const syncSeconds = since(started);
  stop();
  const status = await client.status();
  if (report.error || report.pushed !== cases.length || status.pending !== 0) {
    throw new Error(
      `The client pushed ${report.pushed} of ${cases.length} (${status.pending} pending, ${report.rejected} rejected, ${report.conflicts} conflicts)${report.error ? `: ${report.error.message}` : ''}.`,
    );
  }
  return {
    saveSeconds,
    pushSeconds: pushSeconds ?? syncSeconds,
    syncSeconds,
    pulled: report.pulled,
  };
}

/** Pushes the cases with bare `fetch`, a batch of `create` mutations at a time, one after another. */
async function bareTurn(url: string, key: string, cases: readonly Case[]): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < cases.length; start += batchSize) {
    const batch = cases.slice(start, start + batchSize);
    const response = await fetch(`${url}/v1/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(createPush(batch, 'bench-bare')),
    });
    const body = (await response.json()) as { results?: { status: string }[]; detail?: string };
    if (response.status !== 200) {
      throw new Error(`The hub answered ${response.status}: ${body.detail ?? '(no detail)'}`);
    }
    const created = body.results?.filter((result) => result.status === 'created').length;
    if (created !== batch.length) {
      throw new Error(`Only ${created} of ${batch.length} mutations were created.`);
    }
  }
  return since(started);
}

/** A documenter key of a new organisation. */
async function documenterKey(hub: Hub, name: string): Promise<string> {
  const organisation = await createOrganisation(hub.db, name);
  return (await createKey(hub.db, organisation.id, 'documenter')).key;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const rssNow = () => process.memoryUsage.rss();

const dataDir = mkdtempSync(join(tmpdir(), 'talap-bench-sync-'));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(130);
  });
}

try {
  // Made by another process, as `talap-hub migrate` or a first start would: PGlite's first
  // initialisation of a folder peaks far higher than opening an existing one.
  execFileSync(process.execPath, [...process.execArgv, hubCli, 'migrate', '--data', dataDir], {
    stdio: 'ignore',
  });
  const hub = await createHub({
    dataDir,
    limits: { requestsPerMinute: 10_000_000 },
    logger: false,
  });
  const hubRss = rssNow();
  try {
    const url = await hub.listen({ host: '127.0.0.1', port: 0 });
    // Client and peer write to different organisations, so the client's pull after each push
    // brings back its own cases and not the peer's.
    const clientKey = await documenterKey(hub, 'Bench client');
    const bareKey = await documenterKey(hub, 'Bench bare');
    const client = createSyncClient({
      hub: url,
      key: clientKey,
      store: memoryStore(),
      autoSync: false,
      batchSize,
    });
    try {
      // Warm-up: one batch each.
      await clientTurn(client, makeCases(batchSize, 'W'));
      await bareTurn(url, bareKey, makeCases(batchSize, 'WB'));

      // Client and peer take turns, the whole queue at a time (the client's cost per batch grows
      // with the outbox), so a change in the machine's load during the run falls on both.
      const clientTurns: ClientTurn[] = [];
      const bareSeconds: number[] = [];
      for (let turn = 0; turn < turns; turn++) {
        clientTurns.push(await clientTurn(client, makeCases(count, `S${turn}`)));
        bareSeconds.push(await bareTurn(url, bareKey, makeCases(count, `B${turn}`)));
      }

      const clientSeconds = (pick: (turn: ClientTurn) => number) =>
        clientTurns.reduce((sum, turn) => sum + pick(turn), 0);
      const cases = count * turns;
      const perSecond = (seconds: number) => cases / seconds;
      const shown = (rate: number) => `${Math.round(rate).toLocaleString('en')} /s`;
      const pushRate = perSecond(clientSeconds((turn) => turn.pushSeconds));
      const bareRate = perSecond(bareSeconds.reduce((sum, seconds) => sum + seconds, 0));
      const line = (label: string, value: string, note = '') =>
        console.log(`  ${label.padEnd(34)} ${value.padStart(10)}  ${note}`.trimEnd());

      console.log(
        `${count.toLocaleString('en')} queued cases synced to a hub on PGlite (a folder on disk) over loopback in batches of ${batchSize}; client and bare take ${turns} turns each, alternating`,
      );
      line(
        'client save()',
        shown(perSecond(clientSeconds((turn) => turn.saveSeconds))),
        'cases/s: validate and write to the outbox (memoryStore)',
      );
      line('client sync() until none pending', shown(pushRate), 'cases/s');
      line('bare fetch POST /v1/push', shown(bareRate), 'cases/s, one batch after another');
      line('ratio (client/bare)', (pushRate / bareRate).toFixed(2));
      line(
        'whole sync(), with its pull',
        shown(perSecond(clientSeconds((turn) => turn.syncSeconds))),
        `cases/s; each turn pulled back ${clientTurns.map((turn) => turn.pulled).join(', ')} changes`,
      );
      line(
        'peak RSS',
        megabytes(process.resourceUsage().maxRSS * 1024),
        `${megabytes(hubRss)} once the hub had opened`,
      );
      console.log(
        '  bare: one POST /v1/push of 100 create mutations at a time, JSON.stringify and await the answer, nothing stored\n' +
          '  peak RSS: the whole Node process (hub, PGlite, client and peer)',
      );
    } finally {
      await client.close();
    }
  } finally {
    await hub.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
