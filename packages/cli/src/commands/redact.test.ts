import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redact } from '../../../core/src/redact/redact.js';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { fileFolder, runTalap } from '../test-kit/run-talap.js';

const lines = (...records: unknown[]) =>
  `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
const broken = () => {
  const record = dentalRefusalCase() as Record<string, unknown>;
  delete record.organisation;
  return record;
};

let files: ReturnType<typeof fileFolder>;
beforeEach(() => {
  files = fileFolder({
    'cases.ndjson': lines(dentalRefusalCase(), minimalSelfReport()),
    'mixed.ndjson': lines(dentalRefusalCase(), broken(), minimalSelfReport()),
  });
});
afterEach(() => files.remove());
const run = (argv: string[]) => runTalap(argv, { cwd: files.folder });
const read = (name: string) => readFileSync(join(files.folder, name), 'utf8');

describe('talap redact', () => {
  it('writes the partner form of every record, without identifying fields or free text', async () => {
    const result = await run([
      'redact',
      'cases.ndjson',
      '--policy',
      'partner',
      '-o',
      'shared.ndjson',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: 'Wrote 2 records redacted with the partner policy to shared.ndjson.\n',
    });
    const shared = read('shared.ndjson');
    expect(shared).toBe(
      lines(redact(dentalRefusalCase(), 'partner'), redact(minimalSelfReport(), 'partner')),
    );
    expect(shared).not.toContain('ALM-0042');
    expect(shared).not.toContain('dentist');
  });

  it('keeps only clients who consented to be counted with the aggregate policy, and says how many it left out', async () => {
    const result = await run([
      'redact',
      'cases.ndjson',
      '--policy',
      'aggregate',
      '-o',
      'statistics.json',
    ]);
    expect(result.stderr).toBe(
      'Wrote 1 records redacted with the aggregate policy to statistics.json. Left out 1 whose client did not consent to be counted in statistics.\n',
    );
    expect(JSON.parse(read('statistics.json'))).toEqual([redact(dentalRefusalCase(), 'aggregate')]);
  });

  it('writes CSV with a header of field paths', async () => {
    await run(['redact', 'cases.ndjson', '--policy', 'partner', '-o', 'shared.csv']);
    const [header, first] = read('shared.csv').split('\r\n');
    expect(
      header?.startsWith('schemaVersion,id,organisation,channel,createdAt,updatedAt,revision,'),
    ).toBe(true);
    expect(header).not.toContain('client.code');
    expect(first).toContain(',2024-03,');
  });

  it('refuses to write anything when a record is invalid, and says which', async () => {
    const result = await run([
      'redact',
      'mixed.ndjson',
      '--policy',
      'partner',
      '-o',
      'shared.ndjson',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `mixed.ndjson:2:1: error required at /organisation (record 2): This field is required: fill in /organisation.

1 file, 3 records: 2 valid, 1 invalid.
Most frequent issues:
  1  error    required  /organisation
Nothing was written to shared.ndjson: every record must be valid before it is shared. Fix the records above (talap validate lists every issue) and run talap redact again.
`,
    );
    expect(readdirSync(files.folder).sort()).toEqual(['cases.ndjson', 'mixed.ndjson']);
  });

  it('leaves an existing output untouched when it refuses', async () => {
    files.write('shared.ndjson', 'last week’s file\n');
    await run(['redact', 'mixed.ndjson', '--policy', 'partner', '-o', 'shared.ndjson']);
    expect(read('shared.ndjson')).toBe('last week’s file\n');
  });

  it('needs a policy and an output file', async () => {
    const noPolicy = await run(['redact', 'cases.ndjson', '-o', 'x.ndjson']);
    expect(noPolicy.code).toBe(2);
    expect(noPolicy.stderr).toContain("error: required option '--policy <policy>' not specified");
    const badPolicy = await run([
      'redact',
      'cases.ndjson',
      '--policy',
      'internal',
      '-o',
      'x.ndjson',
    ]);
    expect(badPolicy.stderr).toContain('Allowed choices are partner, aggregate.');
    const noOutput = await run(['redact', 'cases.ndjson', '--policy', 'partner']);
    expect(noOutput.stderr).toContain("error: required option '-o, --output <file>' not specified");
    const unknownFormat = await run([
      'redact',
      'cases.ndjson',
      '--policy',
      'partner',
      '-o',
      'x.txt',
    ]);
    expect(unknownFormat.stderr).toContain('talap: cannot tell which format to write from "x.txt"');
    expect(existsSync(join(files.folder, 'x.txt'))).toBe(false);
  });
});
