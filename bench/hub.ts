// Pushes 20,000 cases in batches of 100 from 4 concurrent clients (one organisation, a documenter
// key each) to a hub over loopback, on PGlite (a folder on disk) and on PostgreSQL, and prints
// cases/s for each with its ratio to a bare batched INSERT of the same records into the same
// database in the same run. Options: --cases N (default 20000), --store pglite|postgres.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Case } from '../packages/core/src/schema/case.js';
import { createHub, type Hub } from '../packages/hub/src/hub.js';
import type { Database } from '../packages/hub/src/store/database.js';
import { createKey, createOrganisation } from '../packages/hub/src/store/organisations.js';
import { createPush, makeCase } from '../packages/hub/src/test-kit/hub-fixture.js';
import { createTestDatabase, startPostgres } from '../packages/hub/src/test-kit/postgres-server.js';

const hubCli = fileURLToPath(new URL('../packages/hub/src/bin.ts', import.meta.url));
const clients = 4;
const batchSize = 100;
const rounds = 4;
const stores = ['pglite', 'postgres'] as const;
type Store = (typeof stores)[number];

/** What one store's run measured; a child process prints it as one JSON line. */
interface StoreResult {
  readonly store: Store;
  readonly cases: number;
  readonly hubPerSecond: number;
  readonly barePerSecond: number;
  readonly peakRssBytes: number;
  readonly version: string;
}

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '20000' },
    store: { type: 'string' },
  },
});
const count = Number(values.cases);
if (!Number.isInteger(count) || count < clients) {
  console.error(`--cases must be a whole number of at least ${clients}, not "${values.cases}".`);
  process.exit(2);
}
if (values.store !== undefined && !stores.includes(values.store as Store)) {
  console.error(`--store must be one of: ${stores.join(', ')}.`);
  process.exit(2);
}

/** Splits `items` into batches of `size`. */
function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

/** Each client's own distinct, valid cases. */
function makeWorkload(total: number): Case[][] {
  return Array.from({ length: clients }, (_, client) => {
    const share = Math.floor(total / clients) + (client < total % clients ? 1 : 0);
    return Array.from({ length: share }, (_, index) =>
      makeCase((record) => {
        record.client.code = `B-${client}-${index}`;
      }),
    );
  });
}

/** Pushes every client's cases concurrently, a batch at a time; resolves with the seconds it took. */
async function pushAll(url: string, keys: readonly string[], work: Case[][]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    work.map(async (cases, client) => {
      for (const batch of batches(cases, batchSize)) {
        const response = await fetch(`${url}/v1/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${keys[client]}`, 'content-type': 'application/json' },
          body: JSON.stringify(createPush(batch, `bench-client-${client}`)),
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
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Inserts the same records into a plain table, a transaction per batch, from `loops` concurrent loops. */
async function insertAll(
  db: Database,
  table: string,
  work: Case[][],
  loops: number,
): Promise<number> {
  const insert = (batch: readonly Case[]) =>
    db.transaction((tx) =>
      tx.query(`insert into ${table} (id, record) select * from unnest($1::uuid[], $2::jsonb[])`, [
        batch.map((record) => record.id),
        batch.map((record) => JSON.stringify(record)),
      ]),
    );
  const started = performance.now();
  if (loops === 1) {
    for (const cases of work) for (const batch of batches(cases, batchSize)) await insert(batch);
  } else {
    await Promise.all(
      work.map(async (cases) => {
        for (const batch of batches(cases, batchSize)) await insert(batch);
      }),
    );
  }
  return (performance.now() - started) / 1000;
}

async function rowCount(db: Database, table: string): Promise<number> {
  const rows = await db.query<{ count: string }>(`select count(*)::text as count from ${table}`);
  return Number(rows[0]?.count);
}

/** Four documenter keys of a new organisation. */
async function documenterKeys(hub: Hub, name: string): Promise<string[]> {
  const organisation = await createOrganisation(hub.db, name);
  const keys: string[] = [];
  for (let client = 0; client < clients; client++) {
    keys.push((await createKey(hub.db, organisation.id, 'documenter')).key);
  }
  return keys;
}

/** Measures the hub and the bare INSERT on one store, each after a warm-up of one batch per client. */
async function measure(store: Store, hub: Hub): Promise<StoreResult> {
  const url = await hub.listen({ host: '127.0.0.1', port: 0 });
  const loops = store === 'postgres' ? clients : 1;
  await hub.db.exec(`create table bench_warmup (id uuid primary key, record jsonb);
    create table bench_bare (id uuid primary key, record jsonb);`);

  await pushAll(url, await documenterKeys(hub, 'Warm-up'), makeWorkload(clients * batchSize));
  await insertAll(hub.db, 'bench_warmup', makeWorkload(clients * batchSize), loops);

  // The two take turns, a share of every client's cases at a time, so a change in the machine's
  // load during the run falls on both.
  const work = makeWorkload(count);
  const keys = await documenterKeys(hub, 'Bench');
  let hubSeconds = 0;
  let bareSeconds = 0;
  for (let round = 0; round < rounds; round++) {
    const share = work.map((cases) => {
      const size = Math.ceil(cases.length / rounds / batchSize) * batchSize;
      return cases.slice(round * size, (round + 1) * size);
    });
    hubSeconds += await pushAll(url, keys, share);
    bareSeconds += await insertAll(hub.db, 'bench_bare', share, loops);
  }

  const stored = await rowCount(hub.db, 'cases');
  const bare = await rowCount(hub.db, 'bench_bare');
  if (stored !== count + clients * batchSize || bare !== count) {
    throw new Error(
      `Expected ${count} rows each; the hub stored ${stored}, the bare table ${bare}.`,
    );
  }
  const version = (
    await hub.db.query<{ version: string }>(`select current_setting('server_version') as version`)
  )[0]?.version;
  return {
    store,
    cases: count,
    hubPerSecond: count / hubSeconds,
    barePerSecond: count / bareSeconds,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    version: version ?? '?',
  };
}

/** Stopped on Ctrl-C too: a PostgreSQL server outlives the process that started it. */
const leftovers: (() => void)[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const clean of leftovers.reverse()) clean();
    process.exit(130);
  });
}

async function runStore(store: Store): Promise<StoreResult> {
  const limits = { requestsPerMinute: 10_000_000 };
  if (store === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'talap-bench-hub-'));
    leftovers.push(() => rmSync(dataDir, { recursive: true, force: true }));
    try {
      // Made by another process, as `talap-hub migrate` or a first start would: PGlite's first
      // initialisation of a folder peaks far higher than opening an existing one.
      execFileSync(process.execPath, [...process.execArgv, hubCli, 'migrate', '--data', dataDir], {
        stdio: 'ignore',
      });
      const hub = await createHub({ dataDir, limits, logger: false });
      try {
        return await measure(store, hub);
      } finally {
        await hub.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const server = await startPostgres();
  leftovers.push(() => server.stop());
  try {
    const databaseUrl = await createTestDatabase(server.url);
    const hub = await createHub({ databaseUrl, limits, logger: false });
    try {
      return await measure(store, hub);
    } finally {
      await hub.close();
    }
  } finally {
    server.stop();
  }
}

if (values.store !== undefined) {
  // A child run: one store, its own process, so its peak RSS is its own.
  console.log(JSON.stringify(await runStore(values.store as Store)));
} else {
  const results = stores.map((store): StoreResult => {
    const output = execFileSync(
      process.execPath,
      [...process.execArgv, process.argv[1]!, '--store', store, '--cases', String(count)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    return JSON.parse(output.trim().split('\n').at(-1)!) as StoreResult;
  });
  const number = (value: number) => Math.round(value).toLocaleString('en');
  console.log(
    `${count.toLocaleString('en')} cases in batches of ${batchSize} from ${clients} concurrent clients (one organisation, a documenter key each) over loopback`,
  );
  console.log(
    `  ${'store'.padEnd(22)} ${'hub cases/s'.padStart(12)} ${'bare inserts/s'.padStart(15)} ${'ratio (hub/bare)'.padStart(17)} ${'peak RSS'.padStart(9)}`,
  );
  for (const result of results) {
    const name = `${result.store === 'pglite' ? 'PGlite' : 'PostgreSQL'} ${result.version.split(' ')[0]}`;
    console.log(
      `  ${name.padEnd(22)} ${number(result.hubPerSecond).padStart(12)} ${number(result.barePerSecond).padStart(15)} ${(result.hubPerSecond / result.barePerSecond).toFixed(2).padStart(17)} ${`${Math.round(result.peakRssBytes / 1024 / 1024)} MB`.padStart(9)}`,
    );
  }
  console.log(
    `  bare: insert ... select from unnest($1::uuid[], $2::jsonb[]), a transaction per batch of ${batchSize},\n` +
      `        from ${clients} concurrent loops on PostgreSQL, one on PGlite (it has one connection)\n` +
      `  peak RSS: the Node process (hub, clients and PGlite), not the PostgreSQL server's processes`,
  );
}
