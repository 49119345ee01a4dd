// `talap validate` against peers, each in its own Node process on the same data, in one run:
// 1,000,000 generated cases (seeded, 10% invalid) as NDJSON, read by
//   - `talap validate` (the built binary, packages/cli/dist/bin.js, rebuilt first),
//   - a bare loop that reads the file in chunks, splits lines and JSON.parses each (the floor),
//   - ajv-cli with the published case JSON Schema, which reads a JSON file whole: it gets a JSON
//     array of the first records (as many as it can load, 100,000 by default), and so does
//     `talap validate` in a second run, for a per-record comparison on the same input.
// Prints records/s, peak RSS (each child's own `process.resourceUsage().maxRSS`, written at exit
// by a preloaded script) and the ratios. `BENCH_RECORDS=N` and `BENCH_AJV_RECORDS=N` for smaller
// runs; `--no-build` to measure the existing build.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dentalRefusalCase,
  minimalSelfReport,
} from '../packages/core/src/test-kit/sample-cases.js';
import { seededRandom } from '../packages/core/src/test-kit/seeded-random.js';
import { vocabularies } from '../packages/core/src/vocab/index.js';

const count = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const ajvCount = Math.min(count, Number(process.env.BENCH_AJV_RECORDS ?? 100_000));
const root = fileURLToPath(new URL('..', import.meta.url));
const cliDir = join(root, 'packages/cli');
const bin = join(cliDir, 'dist/bin.js');
const targets = { ratio: 0.4, rssMegabytes: 200 };

// --- data --------------------------------------------------------------------------------------

const random = seededRandom(20261123);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const hex = (length: number) =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
const codes = (name: keyof typeof vocabularies) =>
  vocabularies[name].codes.filter((code) => code !== 'other' && code !== 'self_described');

type Json = Record<string, unknown>;
const at = (value: unknown) => value as Json;
const first = (value: unknown) => at((value as unknown[])[0]);

/** A case built from one of the test kit's sample cases with seeded variation; every tenth is broken. */
function makeCase(index: number): Json {
  const record = at(index % 3 === 0 ? minimalSelfReport() : dentalRefusalCase());
  const client = at(record.client);
  const incident = at(record.incident);
  const violation = first(incident.violations);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  record.id = `${hex(8)}-${hex(4)}-7${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  record.organisation = pick(['kz-aman', 'ua-light', 'md-positive', 'ge-equality']);
  record.createdAt = `2024-${month}-15T10:00:00.000Z`;
  record.updatedAt = `2024-${month}-16T10:00:00.000Z`;
  client.code = `C-${index}`;
  client.keyPopulations = [pick(codes('keyPopulation'))];
  incident.date = `2024-${month}`;
  incident.country = pick(['KZ', 'UA', 'MD', 'GE', 'KG']);
  incident.placeKind = pick(codes('placeKind'));
  violation.type = pick(codes('violationType'));
  first(violation.perpetrators).type = pick(codes('perpetratorType'));
  if (record.outcome) at(record.outcome).status = pick(codes('outcomeStatus'));
  if (index % 10 === 5) {
    const breakage = pick(['missing', 'code', 'typo']);
    if (breakage === 'missing') delete record.organisation;
    if (breakage === 'code') incident.placeKind = 'moon';
    if (breakage === 'typo') record.incidnet = {};
  }
  return record;
}

const folder = mkdtempSync(join(tmpdir(), 'talap-bench-cli-'));
const ndjsonFile = join(folder, 'cases.ndjson');
const jsonFile = join(folder, 'cases-subset.json');

async function writeData() {
  const ndjson = createWriteStream(ndjsonFile);
  const json = createWriteStream(jsonFile);
  let parts: string[] = [];
  let jsonParts: string[] = ['['];
  for (let index = 0; index < count; index += 1) {
    const line = JSON.stringify(makeCase(index));
    parts.push(line, '\n');
    if (index < ajvCount) jsonParts.push(index === 0 ? '\n' : ',\n', line);
    if (parts.length >= 2000) {
      if (!ndjson.write(parts.join(''))) await once(ndjson, 'drain');
      parts = [];
      if (jsonParts.length > 0) {
        if (!json.write(jsonParts.join(''))) await once(json, 'drain');
        jsonParts = [];
      }
    }
  }
  ndjson.end(parts.join(''));
  json.end(`${jsonParts.join('')}\n]\n`);
  await Promise.all([once(ndjson, 'finish'), once(json, 'finish')]);
}

// --- peers -------------------------------------------------------------------------------------

const rssProbe = join(folder, 'max-rss.cjs');
writeFileSync(
  rssProbe,
  `process.on('exit', () => { if (process.env.TALAP_BENCH_RSS_FILE) require('node:fs').writeFileSync(process.env.TALAP_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n`,
);
const bareLoop = join(folder, 'bare-loop.mjs');
writeFileSync(
  bareLoop,
  `import { createReadStream } from 'node:fs';
let rest = '';
let records = 0;
for await (const chunk of createReadStream(process.argv[2], { encoding: 'utf8' })) {
  const text = rest + chunk;
  let start = 0;
  for (let end = text.indexOf('\\n'); end !== -1; end = text.indexOf('\\n', start)) {
    if (end > start && JSON.parse(text.slice(start, end)) !== undefined) records += 1;
    start = end + 1;
  }
  rest = text.slice(start);
}
if (rest.trim() !== '' && JSON.parse(rest) !== undefined) records += 1;
process.stdout.write(String(records));
`,
);
const ajvSchema = join(folder, 'case-array.schema.json');
writeFileSync(
  ajvSchema,
  JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'array',
    items: { $ref: 'https://talap.dev/schema/case/v1/case.schema.json' },
  }),
);
const caseSchemaFile = join(root, 'packages/core/case.schema.json');
const ajvCli = createRequire(join(cliDir, 'package.json')).resolve('ajv-cli/dist/index.js');

interface Run {
  readonly seconds: number;
  readonly rssMegabytes: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: readonly string[]): Promise<Run> {
  const rssFile = join(folder, `rss-${Math.random().toString(16).slice(2)}`);
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_OPTIONS: `--require ${rssProbe}`,
      TALAP_BENCH_RSS_FILE: rssFile,
      CI: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    if (stdout.length < 100_000) stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 100_000) stderr += text;
  });
  const [status] = (await once(child, 'close')) as [number | null];
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rssMegabytes = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return { seconds, rssMegabytes, status, stdout, stderr };
}

const talapValidate = (file: string) => [
  bin,
  'validate',
  file,
  '--format',
  'json',
  '--max-issues',
  '0',
];

function talapRecords(result: Run): { records: number; invalid: number } {
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(
      `talap validate failed (exit ${result.status}): ${result.stderr.slice(0, 500)}`,
    );
  }
  const report = JSON.parse(result.stdout) as { totals: { records: number; invalid: number } };
  return report.totals;
}

// --- run ---------------------------------------------------------------------------------------

if (!process.argv.includes('--no-build')) {
  const build = spawnSync('pnpm', ['--filter', '@talap/cli', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('Building @talap/cli failed.');
}
await writeData();
const megabytes = (file: string) => (statSync(file).size / 1e6).toFixed(0);
console.log(
  `${count.toLocaleString('en')} cases as NDJSON (${megabytes(ndjsonFile)} MB, 10% invalid); ajv-cli's JSON array: the first ${ajvCount.toLocaleString('en')} (${megabytes(jsonFile)} MB)`,
);

try {
  // Warm the file cache, so the first measured run does not pay for the disk; then each runs
  // twice, taking turns, and the faster run of each counts, so a change in the machine's load
  // falls on both.
  await run([bareLoop, ndjsonFile]);
  const bareRuns: Run[] = [];
  const talapRuns: Run[] = [];
  for (let turn = 0; turn < 2; turn += 1) {
    bareRuns.push(await run([bareLoop, ndjsonFile]));
    talapRuns.push(await run(talapValidate(ndjsonFile)));
  }
  const fastest = (runs: Run[]) =>
    runs.reduce((best, next) => (next.seconds < best.seconds ? next : best));
  const bare = fastest(bareRuns);
  const talap = fastest(talapRuns);
  if (Number(bare.stdout) !== count) throw new Error(`The bare loop read ${bare.stdout} records.`);
  const totals = talapRecords(talap);
  if (totals.records !== count) throw new Error(`talap validate read ${totals.records} records.`);
  const ajv = await run([
    ajvCli,
    'validate',
    '--spec=draft2020',
    '--strict=false',
    '--all-errors',
    '--errors=no',
    '-s',
    ajvSchema,
    '-r',
    caseSchemaFile,
    '-d',
    jsonFile,
  ]);
  const ajvLoaded = ajv.stderr.includes('invalid') || ajv.stdout.includes('valid');
  const parallel = await run([...talapValidate(ndjsonFile), '--jobs', '2']);
  if (talapRecords(parallel).records !== count)
    throw new Error('talap validate --jobs 2 lost records.');
  const talapSubset = await run(talapValidate(jsonFile));
  const subsetTotals = talapRecords(talapSubset);

  const rate = (records: number, result: Run) => records / result.seconds;
  const bareRate = rate(count, bare);
  const rows: [string, number, number, Run][] = [
    ['bare JSON.parse line loop (NDJSON)', count, bareRate, bare],
    ['talap validate (NDJSON)', count, rate(count, talap), talap],
    ['talap validate --jobs 2 (NDJSON)', count, rate(count, parallel), parallel],
    [
      'talap validate (JSON array subset)',
      subsetTotals.records,
      rate(subsetTotals.records, talapSubset),
      talapSubset,
    ],
  ];
  if (ajvLoaded) rows.push(['ajv-cli (JSON array subset)', ajvCount, rate(ajvCount, ajv), ajv]);
  for (const [name, records, perSecond, result] of rows) {
    console.log(
      `  ${name.padEnd(36)} ${records.toLocaleString('en').padStart(9)} records ${result.seconds.toFixed(1).padStart(6)} s ${Math.round(perSecond).toLocaleString('en').padStart(9)} records/s  peak RSS ${result.rssMegabytes.toFixed(0).padStart(5)} MB`,
    );
  }
  const ratio = rate(count, talap) / bareRate;
  console.log(
    `talap validate / bare loop: ${ratio.toFixed(2)} (target ≥ ${targets.ratio}); peak RSS ${talap.rssMegabytes.toFixed(0)} MB (target < ${targets.rssMegabytes} MB); ${totals.invalid.toLocaleString('en')} invalid found`,
  );
  if (ajvLoaded) {
    console.log(
      `talap validate / ajv-cli on the same ${ajvCount.toLocaleString('en')}-record JSON array: ${(rate(subsetTotals.records, talapSubset) / rate(ajvCount, ajv)).toFixed(2)} (ajv-cli holds the whole file and its parse in memory)`,
    );
  } else {
    console.log(
      `ajv-cli could not load its ${megabytes(jsonFile)} MB JSON array: ${ajv.stderr.slice(0, 300)}`,
    );
  }
  if (ratio < targets.ratio || talap.rssMegabytes >= targets.rssMegabytes) process.exitCode = 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
