import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { fileFolder, runTalap } from '../test-kit/run-talap.js';

const secret = 'Private Person Name';
const broken = () => {
  const record = minimalSelfReport() as Record<string, unknown>;
  delete record.organisation;
  (record.incident as Record<string, unknown>).placeKind = secret;
  return record;
};
const lines = (...records: unknown[]) =>
  `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;

let files: ReturnType<typeof fileFolder>;
beforeEach(() => {
  files = fileFolder({
    'good.ndjson': lines(dentalRefusalCase(), minimalSelfReport()),
    'mixed.ndjson': lines(dentalRefusalCase(), broken()),
    'cases.json': JSON.stringify([dentalRefusalCase(), broken()], null, 2),
    'cases.csv':
      'schemaVersion,id,organisation,channel,createdAt,updatedAt,client.code,client.keyPopulations,incident.date,incident.country,incident.placeKind,incident.violations.0.type,incident.violations.0.rights,incident.violations.0.perpetrators.0.type,consent.record.given\n' +
      '1,01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f71,ua-light,self_report,2024-05-01T12:00:00Z,2024-05-01T12:00:00Z,SR-1,,2024-04,UA,online,threats,,online_account,true\n' +
      '1,01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f72,ua-light,self_report,2024-05-01T12:00:00Z,2024-05-01T12:00:00Z,SR-2,sex_workers;martians,2024-04,Ukraine,online,threats,,online_account,true\n',
  });
});
afterEach(() => files.remove());

const run = (
  argv: string[],
  options: { stdin?: string | Uint8Array; interactive?: boolean } = {},
) => runTalap(argv, { cwd: files.folder, ...options });

describe('talap validate', () => {
  it('ends with 0 and a summary when every record is valid', async () => {
    const result = await run(['validate', 'good.ndjson']);
    expect(result).toEqual({
      code: 0,
      stdout: '1 file, 2 records: 2 valid, 0 invalid.\n',
      stderr: '',
    });
  });

  it('lists each issue with file, line, column and path, then the summary, and ends with 1', async () => {
    const result = await run(['validate', 'mixed.ndjson', 'cases.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `mixed.ndjson:2:1: error invalid_value at /incident/placeKind (record 2): Not an allowed value at /incident/placeKind: choose one of the listed options.
mixed.ndjson:2:1: error required at /organisation (record 2): This field is required: fill in /organisation.
cases.json:102:3: error invalid_value at /incident/placeKind (record 2): Not an allowed value at /incident/placeKind: choose one of the listed options.
cases.json:102:3: error required at /organisation (record 2): This field is required: fill in /organisation.

2 files, 4 records: 2 valid, 2 invalid.
  mixed.ndjson  2 records: 1 valid, 1 invalid
  cases.json    2 records: 1 valid, 1 invalid
Most frequent issues:
  2  error    invalid_value  /incident/placeKind
  2  error    required       /organisation
`,
    );
  });

  it('never shows the content of a rejected field', async () => {
    for (const format of ['text', 'json', 'html']) {
      const result = await run(['validate', 'mixed.ndjson', 'cases.json', '--format', format]);
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });

  it('points CSV issues at their cell and column header', async () => {
    const result = await run(['validate', 'cases.csv']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'cases.csv:3:137: error invalid_format at /incident/country [incident.country] (record 2): ',
    );
    expect(result.stdout).toContain(
      'cases.csv:3:108: error invalid_value at /client/keyPopulations/1 [client.keyPopulations] (record 2): ',
    );
  });

  it('writes its messages in the chosen locale', async () => {
    const result = await run(['validate', 'mixed.ndjson', '--locale', 'ru']);
    expect(result.stdout).toContain('Это поле обязательно: заполните /organisation.');
  });

  it('takes the locale from LANG when talap ships it', async () => {
    const result = await runTalap(['validate', 'mixed.ndjson'], {
      cwd: files.folder,
      env: { LANG: 'uk_UA.UTF-8' },
    });
    expect(result.stdout).not.toContain('This field is required');
  });

  it('reports as JSON for programs', async () => {
    const result = await run(['validate', 'mixed.ndjson', '--format', 'json', '--max-issues', '1']);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      format: 'talap-validation-report',
      version: 1,
      locale: 'en',
      totals: { files: 1, records: 2, valid: 1, invalid: 1, issues: 2 },
      omittedIssues: 1,
      issues: [{ file: 'mixed.ndjson', line: 2, column: 1, record: 2, code: 'invalid_value' }],
    });
    expect(result.code).toBe(1);
  });

  it('writes an HTML report to a file, and says so', async () => {
    const result = await run(['validate', 'mixed.ndjson', '--format', 'html', '-o', 'report.html']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Report written to report.html: 2 records, 1 invalid.\n');
    const html = readFileSync(join(files.folder, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('1 of 2 records are invalid.');
  });

  it('reads standard input with --input-format', async () => {
    const result = await run(['validate', '-', '--input-format', 'ndjson'], {
      stdin: lines(minimalSelfReport()),
    });
    expect(result).toMatchObject({ code: 0, stdout: '1 file, 1 record: 1 valid, 0 invalid.\n' });
  });

  it('draws a progress bar only for a person at a terminal', async () => {
    const quiet = await run(['validate', 'good.ndjson', '-o', 'report.txt']);
    expect(quiet.stderr).toBe('Report written to report.txt: 2 records, 0 invalid.\n');
    const watched = await run(['validate', 'good.ndjson', '-o', 'report.txt'], {
      interactive: true,
    });
    expect(watched.stderr).toMatch(/\d+% \| 0\.0 of 0\.0 MB \| \d records/);
  });

  it('uses a mapping file for other CSV headers', async () => {
    files.write('export.csv', 'Код,Страна\nA-1,KZ\n');
    files.write(
      'map.json',
      JSON.stringify({ columns: { Код: 'client.code', Страна: 'incident.country' } }),
    );
    const result = await run([
      'validate',
      'export.csv',
      '--mapping',
      'map.json',
      '--max-issues',
      '0',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1 file, 1 record: 0 valid, 1 invalid.');
  });
});

describe('talap validate on malformed files', () => {
  const cases: [string, string | Uint8Array, string][] = [
    [
      'bad-encoding.csv',
      new Uint8Array([...new TextEncoder().encode('client.code\nA-'), 0xe9, 0x0a]),
      'bad-encoding.csv:2:3: error not_utf8: the file is not UTF-8 text: byte 0xE9 at byte offset 14 cannot be read. Save it as UTF-8 (in Excel: “CSV UTF-8”; in LibreOffice: character set “Unicode (UTF-8)”) and try again.',
    ],
    [
      'ragged.csv',
      'client.code,incident.country\nA,KZ,extra\n',
      'ragged.csv:2:1: error ragged_row (record 1): this row has 3 cells, the header has 2. Look for a missing or extra delimiter, or a cell with a delimiter that is not in double quotes.',
    ],
    [
      'truncated.json',
      `[${JSON.stringify(minimalSelfReport())},\n${JSON.stringify(minimalSelfReport()).slice(0, 80)}`,
      'truncated.json:2:1: error truncated (record 2): the file ends inside the case that starts here: it was probably cut short. Export or copy it again, whole.',
    ],
    [
      'long-line.ndjson',
      `{"incident":{"account":"${'x'.repeat(10 * 1024 * 1024)}"}}\n`,
      'long-line.ndjson:1:1: error record_too_large (record 1): the record starting here is longer than 1,048,576 characters, the most talap reads as one record. A case is a few kilobytes: check that the file has the format its name says.',
    ],
    [
      'empty.ndjson',
      '',
      'empty.ndjson:1:1: error empty_file: the file is empty: there is no record to check. Export it again.',
    ],
    [
      'empty.csv',
      '',
      'empty.csv:1:1: error empty_file: the file is empty: there is no record to check. Export it again.',
    ],
    [
      'empty.json',
      '\n',
      'empty.json:1:1: error empty_file: the file is empty: there is no record to check. Export it again.',
    ],
  ];

  it.each(cases)('reports %s clearly and ends with 1', async (name, content, message) => {
    files.write(name, content);
    const result = await run(['validate', name]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(message);
    expect(result.stderr).toBe('');
  });

  it('reads the other files after one that could not be read to its end', async () => {
    files.write('truncated.json', '[{"a":1}');
    const result = await run(['validate', 'truncated.json', 'good.ndjson']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  good.ndjson     2 records: 2 valid, 0 invalid');
    expect(result.stdout).toContain('Not read to the end (see the issue above): truncated.json.');
  });
});

describe('talap validate usage mistakes end with 2', () => {
  it.each([
    [['validate'], "error: missing required argument 'files'"],
    [['validate', 'nope.ndjson'], 'talap: cannot find '],
    [['validate', 'cases.txt'], 'talap: cannot tell the format of "cases.txt" from its name'],
    [
      ['validate', '-'],
      'talap: reading standard input (-) needs --input-format json, ndjson or csv.',
    ],
    [
      ['validate', 'good.ndjson', '--locale', 'xx'],
      'talap: --locale "xx" is not a language talap has messages in: use one of en, ru, kk, uk.',
    ],
    [
      ['validate', 'good.ndjson', '--format', 'pdf'],
      "error: option '--format <format>' argument 'pdf' is invalid. Allowed choices are text, json, html.",
    ],
    [['validate', 'good.ndjson', '--max-issues', 'many'], 'give a whole number, 0 or more.'],
    [
      ['validate', 'good.ndjson', '-o', 'no/such/folder/report.txt'],
      'talap: cannot write no/such/folder/report.txt: the folder it should go in does not exist.',
    ],
    [
      ['validate', 'cases.csv', '--mapping', 'map.json'],
      'talap: map.json:1:11: the mapping is not valid JSON: expected “:” after a property name.',
    ],
  ])('talap %j', async (argv, message) => {
    files.write('cases.txt', '');
    files.write('map.json', '{"columns"}');
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('leaves no file behind when it cannot finish', async () => {
    await run(['validate', 'good.ndjson', 'nope.csv', '-o', 'report.txt']);
    expect(
      readdirSync(files.folder).filter((name) => name.startsWith('.') || name === 'report.txt'),
    ).toEqual([]);
  });
});
