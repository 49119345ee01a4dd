// Generates 200,000 cases (10% invalid, seeded) as NDJSON and prints records/s for a bare
// JSON.parse loop, the ajv validator and the zod validateCase, with each one's ratio to the bare loop.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateCase as validateWithAjv } from '../packages/core/src/ajv/validate-case.js';
import { seededRandom } from '../packages/core/src/test-kit/seeded-random.js';
import { validateCase } from '../packages/core/src/validate/validate-case.js';
import { vocabularies } from '../packages/core/src/vocab/index.js';

const count = Number(process.env.BENCH_RECORDS ?? 200_000);

const random = seededRandom(20261123);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const hex = (length: number) =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
const codes = (name: keyof typeof vocabularies) =>
  vocabularies[name].codes.filter((code) => code !== 'other' && code !== 'self_described');

function makeCase(index: number): Record<string, unknown> {
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const record: Record<string, unknown> = {
    schemaVersion: 1,
    id: `${hex(8)}-${hex(4)}-7${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`,
    organisation: pick(['kz-aman', 'ua-light', 'md-positive', 'ge-equality']),
    channel: pick(codes('channel')),
    createdAt: `2024-${month}-15T10:00:00.000Z`,
    updatedAt: `2024-${month}-16T10:00:00.000Z`,
    client: {
      code: `C-${index}`,
      ageBand: pick(codes('ageBand')),
      genderIdentity: pick(codes('genderIdentity')),
      keyPopulations: [pick(codes('keyPopulation'))],
    },
    incident: {
      date: `2024-${month}`,
      country: pick(['KZ', 'UA', 'MD', 'GE', 'KG']),
      placeKind: pick(codes('placeKind')),
      account: 'A short account of what happened, as the documenter wrote it down.',
      violations: [
        {
          type: pick(codes('violationType')),
          rights: [pick(codes('right'))],
          perpetrators: [{ type: pick(codes('perpetratorType')) }],
        },
      ],
    },
    responses: [{ type: 'counselling', date: `2024-${month}`, by: 'documenter' }],
    outcome: { status: pick(codes('outcomeStatus')) },
    consent: { record: { given: true, method: 'written_signature' }, statistics: { given: true } },
  };
  if (index % 10 === 0) {
    const breakage = pick(['missing', 'code', 'typo']);
    if (breakage === 'missing') delete record.organisation;
    if (breakage === 'code') (record.incident as Record<string, unknown>).placeKind = 'moon';
    if (breakage === 'typo') record.incidnet = {};
  }
  return record;
}

const folder = mkdtempSync(join(tmpdir(), 'talap-bench-'));
const file = join(folder, 'cases.ndjson');
writeFileSync(
  file,
  Array.from({ length: count }, (_, index) => JSON.stringify(makeCase(index))).join('\n'),
);
const lines = readFileSync(file, 'utf8').split('\n');
rmSync(folder, { recursive: true });

function measure(
  name: string,
  handle: (line: string) => boolean,
): { name: string; perSecond: number; valid: number } {
  let valid = 0;
  for (const line of lines.slice(0, 2000)) handle(line); // warm up
  const start = process.hrtime.bigint();
  for (const line of lines) if (handle(line)) valid += 1;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, perSecond: lines.length / seconds, valid };
}

const results = [
  measure('bare JSON.parse loop', (line) => JSON.parse(line) !== null),
  measure('ajv validator (@talap/core/ajv)', (line) => validateWithAjv(JSON.parse(line)).ok),
  measure('zod validateCase (@talap/core)', (line) => validateCase(JSON.parse(line)).ok),
];
const bare = results[0]!.perSecond;
console.log(
  `${lines.length} records (${(lines.reduce((sum, line) => sum + line.length, 0) / 1e6).toFixed(1)} MB)`,
);
for (const result of results) {
  console.log(
    `  ${result.name.padEnd(34)} ${Math.round(result.perSecond).toLocaleString('en').padStart(10)} records/s  ratio to bare ${(result.perSecond / bare).toFixed(2)}  valid ${result.valid}`,
  );
}
