import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateCase } from '@talap/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { buildKoboForm } from '../kobo/form-model.js';
import { toKoboCsv, toKoboJson, toKoboXlsx } from '../kobo/test-kit/kobo-export.js';
import { runTalap } from '../kobo/test-kit/run-talap.js';

let folder: string;
const form = buildKoboForm({ organisation: 'kz-aman' });
const samples = [dentalRefusalCase(), minimalSelfReport()];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'talap-import-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const linesOf = (text: string) => text.split('\n').filter((line) => line !== '');

/** A CSV export whose second submission has a violation type that is not a choice. */
function csvWithBadRow(): string {
  const [header = '', first = '', second = ''] = toKoboCsv(samples, form).split('\r\n');
  return [header, first, second.replace('threats', 'Threats'), ''].join('\r\n');
}

describe('talap import --from kobo', () => {
  it('writes every submission of an XLS export as a valid case, one per line', async () => {
    await writeFile(join(folder, 'export.xlsx'), await toKoboXlsx(samples, form));
    const run = await runTalap(
      ['import', '--from', 'kobo', 'export.xlsx', '-o', 'cases.ndjson'],
      folder,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('export.xlsx: imported 2 of 2 submissions into cases.ndjson.\n');
    const cases = linesOf(await readFile(join(folder, 'cases.ndjson'), 'utf8')).map((line) =>
      JSON.parse(line),
    );
    expect(cases.map((value) => validateCase(value).ok)).toEqual([true, true]);
    expect(cases[0].incident.violations[0].type).toBe('health_care_denied');
  });

  it('reads JSON from standard input and writes cases to standard output', async () => {
    const run = await runTalap(
      ['import', '--from', 'kobo', '-', '--input-format', 'json'],
      folder,
      toKoboJson(samples, form),
    );
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout.toString('utf8'))).toHaveLength(2);
    expect(run.stderr).toBe('stdin: imported 2 of 2 submissions.\n');
  });

  it('reports each submission that is not a valid case with row and column, writes the others, and ends with 1', async () => {
    await writeFile(join(folder, 'export.csv'), csvWithBadRow());
    const run = await runTalap(
      ['import', '--from', 'kobo', 'export.csv', '--out', 'cases.ndjson'],
      folder,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^export\.csv: row 3, column [A-Z]+ \(violations\/violation\[1\]\/violation_type\): not a choice of the list "violationType".* \[not_a_choice\]$/m,
    );
    expect(run.stderr).toMatch(
      /imported 1 of 2 submissions into cases\.ndjson; 1 could not be mapped/,
    );
    expect(linesOf(await readFile(join(folder, 'cases.ndjson'), 'utf8'))).toHaveLength(1);
  });

  it('leaves out a submission that repeats an earlier one of the export, and says which', async () => {
    const [header = '', first = ''] = toKoboCsv(samples, form).split('\r\n');
    await writeFile(join(folder, 'export.csv'), [header, first, first, ''].join('\r\n'));
    const run = await runTalap(
      ['import', '--from', 'kobo', 'export.csv', '-o', 'cases.ndjson'],
      folder,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^export\.csv: row 3: this submission has the same instance id as row 2, .* \[duplicate_submission\]$/m,
    );
    expect(linesOf(await readFile(join(folder, 'cases.ndjson'), 'utf8'))).toHaveLength(1);
  });

  it('writes nothing with --all-or-nothing when a submission fails', async () => {
    await writeFile(join(folder, 'export.csv'), csvWithBadRow());
    const run = await runTalap(
      ['import', '--from', 'kobo', 'export.csv', '-o', 'cases.ndjson', '--all-or-nothing'],
      folder,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /1 of 2 submissions could not be mapped to valid cases; nothing written/,
    );
    expect(await readdir(folder)).toEqual(['export.csv']);
  });

  it('imports nothing from an export that does not match the form, and says which column', async () => {
    const csv = toKoboCsv(samples, form).replace('start;', 'start;client_name;');
    await writeFile(join(folder, 'export.csv'), csv);
    const run = await runTalap(
      ['import', '--from', 'kobo', 'export.csv', '-o', 'cases.ndjson'],
      folder,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'export.csv: row 1, column B (client_name): this column is not a question',
    );
    expect(run.stderr).toMatch(/nothing imported/);
    expect(await readdir(folder)).toEqual(['export.csv']);
  });

  it('refuses an empty file', async () => {
    await writeFile(join(folder, 'export.json'), '');
    const run = await runTalap(['import', '--from', 'kobo', 'export.json'], folder);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^export\.json: the file is empty/);
  });

  it('needs --from kobo, an existing file and a known locale', async () => {
    expect((await runTalap(['import', 'export.csv'], folder)).stderr).toMatch(/--from <source>/);
    expect((await runTalap(['import', '--from', 'odk', 'export.csv'], folder)).code).toBe(2);
    const missing = await runTalap(['import', '--from', 'kobo', 'nowhere.csv'], folder);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot find/);
    const locale = await runTalap(
      ['import', '--from', 'kobo', 'nowhere.csv', '--locale', 'de'],
      folder,
    );
    expect(locale.code).toBe(2);
  });

  it('documents its options and exit codes in --help', async () => {
    const run = await runTalap(['import', '--help'], folder);
    expect(run.code).toBe(0);
    const help = run.stdout.toString('utf8');
    for (const option of [
      '--from',
      '--output',
      '--organisation',
      '--input-format',
      '--all-or-nothing',
      '--locale',
    ]) {
      expect(help).toContain(option);
    }
    expect(help).toMatch(/Exit codes:/);
  });
});
