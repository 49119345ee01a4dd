import { createReadStream, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCase } from '../../../core/src/ajv/validate-case.js';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { checkSource } from '../report/check-records.js';
import { ReportCollector } from '../report/report.js';
import { fileFolder } from '../test-kit/run-talap.js';
import { createNodeUtf8Decoder } from './node-utf8.js';
import { checkInParallel, lineAlignedParts } from './parallel-check.js';
import { checkSegment } from './segment.js';

const broken = () => ({ ...minimalSelfReport(), organisation: undefined });
const lines = Array.from({ length: 300 }, (_, index) =>
  index % 7 === 3
    ? ''
    : index % 11 === 5
      ? '{"not": json'
      : JSON.stringify(index % 5 === 0 ? broken() : dentalRefusalCase()),
);

async function sequential(path: string) {
  const collector = new ReportCollector({ maxIssues: 1000 });
  collector.startFile('cases.ndjson', 'ndjson');
  await checkSource(
    {
      name: 'cases.ndjson',
      format: 'ndjson',
      bytes: createReadStream(path),
      createDecoder: createNodeUtf8Decoder,
    },
    collector,
    validateCase,
    'en',
  );
  return collector.report();
}

async function parallel(path: string, jobs: number) {
  const collector = new ReportCollector({ maxIssues: 1000 });
  collector.startFile('cases.ndjson', 'ndjson');
  await checkInParallel(path, 'cases.ndjson', statSync(path).size, collector, {
    jobs,
    locale: 'en',
    maxIssues: 1000,
    script: new URL('file:///unused'),
    runPart: (task, onProgress) => checkSegment(task, onProgress),
  });
  return collector.report();
}

describe('validating an NDJSON file in parts', () => {
  it('cuts the file at line starts only', async () => {
    const files = fileFolder();
    const path = files.write('cases.ndjson', `${lines.join('\n')}\n`);
    const size = statSync(path).size;
    const bounds = await lineAlignedParts(path, size, 4);
    expect(bounds[0]).toBe(0);
    expect(bounds.at(-1)).toBe(size);
    const text = `${lines.join('\n')}\n`;
    for (const bound of bounds.slice(1, -1)) expect(text[bound - 1]).toBe('\n');
    files.remove();
  });

  it.each([2, 3, 4])(
    'gives the same report with %i parts as one thread reading it whole',
    async (jobs) => {
      const files = fileFolder();
      const path = files.write('cases.ndjson', `${lines.join('\n')}\n`);
      expect(await parallel(path, jobs)).toEqual(await sequential(path));
      files.remove();
    },
  );

  it('stops where one thread would stop: at a byte that is not UTF-8, with its offset', async () => {
    const files = fileFolder();
    const text = `${lines.join('\n')}\n`;
    const bad = Buffer.concat([
      Buffer.from(text.slice(0, text.length - 200)),
      Buffer.from([0xff]),
      Buffer.from(text.slice(text.length - 200)),
    ]);
    const path = files.write('cases.ndjson', bad);
    const merged = await parallel(path, 3);
    expect(merged).toEqual(await sequential(path));
    expect(merged.issues.at(-1)).toMatchObject({ code: 'not_utf8' });
    expect(merged.files[0]?.readToEnd).toBe(false);
    files.remove();
  });
});
