import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkXlsForm } from '../kobo/check-xlsform.js';
import { runTalap } from '../kobo/test-kit/run-talap.js';
import { readWorkbook, textSheet } from '../kobo/workbook.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'talap-xlsform-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const sheetsOf = async (bytes: Uint8Array) => (await readWorkbook(bytes)).map(textSheet);

describe('talap xlsform', () => {
  it('writes a sound XLSForm to the file given, and says what it left out', async () => {
    const run = await runTalap(['xlsform', '--organisation', 'kz-aman', '-o', 'form.xlsx'], folder);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^Wrote form\.xlsx: \d+ questions in 8 groups, \d+ choice lists, labels in en, ru, kk, uk/,
    );
    expect(run.stderr).toMatch(
      /Left out 7 identifying fields \(client\.code, client\.contact\.phone/,
    );
    const sheets = await sheetsOf(await readFile(join(folder, 'form.xlsx')));
    expect(checkXlsForm(sheets)).toEqual([]);
    expect(sheets[0]?.rows[0]?.cells).toMatchObject({ type: 'calculate', name: 'organisation' });
    expect(await readdir(folder)).toEqual(['form.xlsx']);
  });

  it('writes talap-case.xlsx by default, and to standard output with -', async () => {
    expect((await runTalap(['xlsform'], folder)).code).toBe(0);
    expect(await readdir(folder)).toEqual(['talap-case.xlsx']);
    const run = await runTalap(
      ['xlsform', '--out', '-', '--locale', 'kk', '--include-identifying'],
      folder,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/Left out/);
    const sheets = await sheetsOf(run.stdout);
    expect(sheets.find((sheet) => sheet.name === 'settings')?.rows[0]?.cells.default_language).toBe(
      'Қазақ (kk)',
    );
    expect(sheets[0]?.rows.some((row) => row.cells.name === 'client_code')).toBe(true);
  });

  it('refuses a locale it has no labels in and an organisation code that is not one', async () => {
    const locale = await runTalap(['xlsform', '--locale', 'de'], folder);
    expect(locale.code).toBe(2);
    expect(locale.stderr).toMatch(/Allowed choices are en, ru, kk, uk/);
    const organisation = await runTalap(['xlsform', '--organisation', 'KZ Aman'], folder);
    expect(organisation.code).toBe(2);
    expect(organisation.stderr).toMatch(/--organisation must be an organisation code/);
    expect(await readdir(folder)).toEqual([]);
  });

  it('checks an XLSForm: 0 when sound, 1 with every broken rule and where it is', async () => {
    expect((await runTalap(['xlsform', '-o', 'form.xlsx'], folder)).code).toBe(0);
    const sound = await runTalap(['xlsform', '--check', 'form.xlsx'], folder);
    expect(sound.code).toBe(0);
    expect(sound.stderr).toMatch(/follows every rule/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(join(folder, 'form.xlsx'))) as never);
    const survey = workbook.getWorksheet('survey')!;
    survey.getCell('B3').value = 'consent record';
    workbook.removeWorksheet(workbook.getWorksheet('settings')!.id);
    await writeFile(join(folder, 'edited.xlsx'), new Uint8Array(await workbook.xlsx.writeBuffer()));
    const edited = await runTalap(['xlsform', '--check', 'edited.xlsx'], folder);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain(
      'edited.xlsx: sheet "settings": the workbook has no "settings" sheet',
    );
    expect(edited.stderr).toMatch(
      /edited\.xlsx: sheet "survey", row 3, column B \(name\): a name must start/,
    );
    expect(edited.stderr).toMatch(/2 broken XLSForm rules\.\n$/);
  });

  it('says when the file to check is not a workbook or not there', async () => {
    await writeFile(join(folder, 'form.xlsx'), 'type,name\n');
    const notWorkbook = await runTalap(['xlsform', '--check', 'form.xlsx'], folder);
    expect(notWorkbook.code).toBe(2);
    expect(notWorkbook.stderr).toMatch(/form\.xlsx is not an \.xlsx workbook/);
    const missing = await runTalap(['xlsform', '--check', 'nowhere.xlsx'], folder);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot find/);
  });

  it('documents its options and exit codes in --help', async () => {
    const run = await runTalap(['xlsform', '--help'], folder);
    expect(run.code).toBe(0);
    const help = run.stdout.toString('utf8');
    for (const option of [
      '--output',
      '--locale',
      '--organisation',
      '--include-identifying',
      '--check',
    ]) {
      expect(help).toContain(option);
    }
    expect(help).toMatch(/Exit codes:/);
  });
});
