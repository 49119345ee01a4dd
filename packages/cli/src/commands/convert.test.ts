import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { fileFolder, runTalap } from '../test-kit/run-talap.js';

const records = [dentalRefusalCase(), minimalSelfReport()];
const lines = (...items: unknown[]) => `${items.map((item) => JSON.stringify(item)).join('\n')}\n`;

let files: ReturnType<typeof fileFolder>;
beforeEach(() => {
  files = fileFolder({ 'cases.ndjson': lines(...records) });
});
afterEach(() => files.remove());
const run = (argv: string[], stdin?: string) =>
  runTalap(argv, { cwd: files.folder, ...(stdin === undefined ? {} : { stdin }) });
const read = (name: string) => readFileSync(join(files.folder, name), 'utf8');

describe('talap convert', () => {
  it('goes NDJSON → CSV → JSON → NDJSON and gives back the same records', async () => {
    expect((await run(['convert', 'cases.ndjson', '-o', 'cases.csv'])).stderr).toBe(
      'Wrote 2 records as CSV to cases.csv.\n',
    );
    expect((await run(['convert', 'cases.csv', '-o', 'cases.json'])).code).toBe(0);
    expect(JSON.parse(read('cases.json'))).toEqual(records);
    const back = await run(['convert', 'cases.json', '--to', 'ndjson']);
    expect(back.code).toBe(0);
    expect(
      back.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    ).toEqual(records);
  });

  it('writes JSON as an array with one record per line', async () => {
    const result = await run(['convert', 'cases.ndjson', '--to', 'json']);
    expect(result.stdout).toBe(
      `[\n${records.map((record) => JSON.stringify(record)).join(',\n')}\n]\n`,
    );
  });

  it('protects text cells from being run as spreadsheet formulas, and reads them back exactly', async () => {
    const record = minimalSelfReport();
    record.client.code = '=HYPERLINK("http://example.invalid")';
    await run(['convert', '-', '--input-format', 'ndjson', '-o', 'formula.csv'], lines(record));
    expect(read('formula.csv')).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);
    const back = await run(['convert', 'formula.csv', '--to', 'ndjson']);
    expect(JSON.parse(back.stdout)).toEqual(record);
  });

  it('writes no file when an input cannot be read to its end', async () => {
    files.write('truncated.json', '[{"a":1},{"b":');
    const result = await run(['convert', 'cases.ndjson', 'truncated.json', '-o', 'all.csv']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('truncated.json:1:10: error truncated (record 2): ');
    expect(result.stderr).toContain(
      'Nothing was written to all.csv: fix the problems above and run talap convert again.',
    );
    expect(readdirSync(files.folder).sort()).toEqual(['cases.ndjson', 'truncated.json']);
  });

  it('needs to know which format to write', async () => {
    const result = await run(['convert', 'cases.ndjson']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(
      'talap: give --to json, ndjson or csv, or an --output file named .json, .ndjson or .csv.',
    );
  });
});
