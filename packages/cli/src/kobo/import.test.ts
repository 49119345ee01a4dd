import { type Case, loadLocale } from '@talap/core';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { buildKoboForm, type KoboForm } from './form-model.js';
import { detectExportFormat, importKoboExport, type KoboImport } from './import.js';
import { formatImportIssue, type ImportIssue } from './submission.js';
import { koboJsonSubmission, toKoboCsv, toKoboJson, toKoboXlsx } from './test-kit/kobo-export.js';

const encode = (text: string) => new TextEncoder().encode(text);
let form: KoboForm;
let samples: Case[];

beforeAll(() => {
  form = buildKoboForm({ organisation: 'kz-aman' });
  samples = [dentalRefusalCase(), minimalSelfReport()];
});

/** The CSV export with one cell changed (row 2 is the first submission). */
function csvWith(
  row: number,
  header: string,
  value: string,
  csv = toKoboCsv(samples, form),
): string {
  const records = parse(csv, { delimiter: ';' }) as string[][];
  const column = records[0]?.indexOf(header) ?? -1;
  if (column < 0) throw new Error(`no column ${header}`);
  (records[row - 1] as string[])[column] = value;
  return records
    .map((record) => record.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(';'))
    .join('\n');
}

const importCsv = (csv: string, options = {}) =>
  importKoboExport(encode(csv), { format: 'csv', ...options });

function failures(outcome: KoboImport): ImportIssue[] {
  return outcome.results.flatMap((result) => (result.ok ? [] : result.issues));
}

/** A value no message may repeat: messages say what was expected, never what was found. */
const secret = 'Ivanova Anna';

describe('talap import of a malformed export', () => {
  it('refuses a column that is not a question of the form, naming its column', async () => {
    const csv = toKoboCsv(samples, form)
      .replace('start;', 'start;client_name;')
      .replace(/\r\n(\d{4}-[^;]*;)/g, `\r\n$1${secret};`);
    const outcome = await importCsv(csv);
    expect(outcome.results).toEqual([]);
    expect(outcome.issues).toHaveLength(1);
    expect(outcome.issues[0]).toMatchObject({
      code: 'unknown_column',
      where: { row: 1, column: 'client_name', columnLetter: 'B' },
    });
    expect(formatImportIssue(outcome.issues[0]!)).toMatch(
      /^row 1, column B \(client_name\): this column is not a question of the Talap form/,
    );
  });

  it('reports a value that is not a choice with its row and column, and imports the other submissions', async () => {
    const outcome = await importCsv(csvWith(2, 'violations/violation[1]/violation_type', secret));
    const issues = failures(outcome);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'not_a_choice',
        where: expect.objectContaining({
          row: 2,
          column: 'violations/violation[1]/violation_type',
        }),
      }),
    ]);
    expect(issues[0]?.message).toMatch(/list "violationType".*XML values and headers/);
    expect(issues[0]?.message).not.toContain(secret);
    expect(outcome.results[1]?.ok).toBe(true);
  });

  it('reports space-separated choices of which one is unknown', async () => {
    const outcome = await importCsv(
      csvWith(3, 'client/client_key_populations', 'people_living_with_hiv sex_wrkers'),
    );
    expect(failures(outcome)[0]?.message).toMatch(
      /^1 of the 2 space-separated values are not choices/,
    );
    expect(outcome.results[0]?.ok).toBe(true);
  });

  it('reports a date that is not YYYY-MM-DD', async () => {
    const outcome = await importCsv(csvWith(3, 'incident/incident_date', '14.03.2024'));
    expect(failures(outcome)).toEqual([
      expect.objectContaining({
        code: 'not_a_date',
        where: expect.objectContaining({ row: 3, column: 'incident/incident_date' }),
        message: 'expected a date as YYYY-MM-DD.',
      }),
    ]);
  });

  it('reports an answer that cannot be read together with what else makes the case invalid', async () => {
    let csv = csvWith(3, 'incident/incident_date', '2024/04');
    csv = csvWith(3, 'incident/incident_country', '', csv);
    const codes = failures(await importCsv(csv)).map((issue) => issue.code);
    expect(codes).toEqual(['not_a_date', 'case_required']);
  });

  it('reports a number, a yes/no answer and a date precision that cannot be read', async () => {
    let csv = csvWith(2, 'client/client_age', 'thirty');
    csv = csvWith(2, 'outcome/outcome_strategic_case', 'maybe', csv);
    csv = csvWith(2, 'incident/incident_date_precision', 'week', csv);
    const codes = failures(await importCsv(csv)).map((issue) => issue.code);
    expect(codes.sort()).toEqual(['not_a_choice', 'not_a_number', 'not_yes_no']);
  });

  it('numbers rows as a spreadsheet does, blank lines included', async () => {
    const [header, ...rows] = csvWith(2, 'incident/incident_date', 'soon').split('\n');
    const outcome = await importCsv([header, '', ...rows].join('\n'));
    expect(failures(outcome)[0]?.where).toMatchObject({ row: 3, column: 'incident/incident_date' });
    expect(outcome.results).toHaveLength(2);
  });

  it('reports a ragged row with its row number and reads the others', async () => {
    const lines = toKoboCsv(samples, form).split('\r\n');
    lines[1] = `${lines[1]};extra`;
    const outcome = await importCsv(lines.join('\r\n'));
    expect(outcome.results[0]).toMatchObject({
      ok: false,
      issues: [{ code: 'ragged_row', where: { row: 2 } }],
    });
    expect(outcome.results[0]?.issues[0]?.message).toMatch(/cells but the header has/);
    expect(outcome.results[1]?.ok).toBe(true);
  });

  it('refuses an empty file in every layout', async () => {
    for (const format of ['csv', 'json', 'xlsx'] as const) {
      const outcome = await importKoboExport(new Uint8Array(), { format });
      expect(
        outcome.issues.map((issue) => issue.code),
        format,
      ).toEqual(['empty_file']);
    }
    expect((await importCsv('\r\n  \r\n')).issues[0]?.code).toBe('empty_file');
  });

  it('imports nothing, and complains of nothing, from an export with a header and no submission', async () => {
    const header = toKoboCsv(samples, form).split('\r\n')[0];
    expect(await importCsv(`${header}\r\n`)).toEqual({ issues: [], results: [] });
  });

  it('points at the line and column of broken JSON without quoting it', async () => {
    const outcome = await importKoboExport(encode(`[\n  {"_id": 1, "${secret}": tru}\n]`), {
      format: 'json',
    });
    expect(outcome.issues).toHaveLength(1);
    expect(outcome.issues[0]?.code).toBe('unreadable_file');
    expect(outcome.issues[0]?.message).toMatch(/not valid JSON at line 2, column \d+/);
    expect(outcome.issues[0]?.message).not.toContain('Ivanova');
  });

  it('says how to export repeat groups when a CSV has none', async () => {
    // KoboToolbox's plain CSV export: the same columns, less every column of a repeat group.
    const lines = toKoboCsv(samples, form).trimEnd().split('\r\n');
    const keep = (lines[0] ?? '').split(';').map((header) => !/\[\d+\]/.test(header));
    const csv = lines
      .map((line) =>
        line
          .split(';')
          .filter((_, index) => keep[index])
          .join(';'),
      )
      .join('\r\n');
    const outcome = await importCsv(csv);
    expect(outcome.issues.map((issue) => issue.code)).toEqual(['missing_repeats']);
    expect(outcome.issues[0]?.message).toMatch(/XLS export/);
  });

  it('refuses a repeat question without an item number in a CSV', async () => {
    const csv = toKoboCsv(samples, form).replace(
      'violations/violation[1]/violation_type',
      'violations/violation/violation_type',
    );
    const outcome = await importCsv(csv);
    expect(outcome.issues[0]).toMatchObject({ code: 'misplaced_column' });
    expect(outcome.issues[0]?.message).toMatch(/violation\[1\]/);
  });

  it('locates a case that is incomplete at the column that should have held the answer', async () => {
    const outcome = await importCsv(csvWith(3, 'incident/incident_country', ''));
    expect(failures(outcome)).toEqual([
      expect.objectContaining({
        code: 'case_required',
        pointer: '/incident/country',
        where: expect.objectContaining({ row: 3, column: 'incident_country' }),
      }),
    ]);
  });

  it('writes validation messages in the locale asked for', async () => {
    await loadLocale('ru');
    const outcome = await importCsv(csvWith(3, 'incident/incident_country', ''), { locale: 'ru' });
    expect(failures(outcome)[0]?.message).toMatch(/[а-я]/);
  });

  it('needs an organisation code from the export or the command line, and a valid one', async () => {
    const withoutOrganisation = toKoboCsv(samples, buildKoboForm());
    const missing = await importCsv(withoutOrganisation);
    expect(missing.issues.map((issue) => issue.code)).toEqual(['missing_organisation']);
    expect(missing.issues[0]?.message).toMatch(/--organisation/);
    const invalid = await importCsv(withoutOrganisation, { organisation: 'KZ Aman' });
    expect(invalid.issues.map((issue) => issue.code)).toEqual(['missing_organisation']);
    const given = await importCsv(withoutOrganisation, { organisation: 'ua-light' });
    expect(
      given.results.every((result) => result.ok && result.value.organisation === 'ua-light'),
    ).toBe(true);
  });

  it('reads comma and tab delimited exports, with or without a byte order mark', async () => {
    for (const delimiter of [',', '\t']) {
      const csv = `\uFEFF${toKoboCsv(samples, form, { delimiter })}`;
      const outcome = await importCsv(csv);
      expect(
        outcome.results.map((result) => result.ok),
        JSON.stringify(delimiter),
      ).toEqual([true, true]);
    }
  });

  it('reads headers without group names', async () => {
    const outcome = await importCsv(toKoboCsv(samples, form, { groupsInHeaders: false }));
    expect(outcome.results.map((result) => result.ok)).toEqual([true, true]);
  });

  it('reads a select_multiple answer exported as one 1/0 column per choice', async () => {
    const header = 'client/client_key_populations';
    let csv = csvWith(2, header, '');
    const records = parse(csv, { delimiter: ';' }) as string[][];
    records[0]?.push(`${header}/people_living_with_hiv`, `${header}/sex_workers`);
    records[1]?.push('1', '0');
    records[2]?.push('0', '0');
    csv = records.map((record) => record.map((cell) => `"${cell}"`).join(';')).join('\n');
    const outcome = await importCsv(csv);
    const [dental, selfReport] = outcome.results;
    expect(dental?.ok && dental.value.client.keyPopulations).toEqual(['people_living_with_hiv']);
    expect(selfReport?.ok && selfReport.value.client.keyPopulations).toEqual([]);
  });

  it("reads ODK Central's OData JSON, with groups as nested objects", async () => {
    const flat = koboJsonSubmission(dentalRefusalCase(), 0, form);
    const nested: Record<string, unknown> = {
      __id: 'uuid:abc',
      __system: { submissionDate: '2024-03-20T09:15:00.000Z' },
    };
    for (const [key, value] of Object.entries(flat)) {
      const [group, ...rest] = key.split('/');
      if (rest.length === 0 || group === 'meta' || group === 'formhub') continue;
      const target = (nested[group as string] ?? {}) as Record<string, unknown>;
      target[rest.join('/')] = value;
      nested[group as string] = target;
    }
    nested.organisation = 'kz-aman';
    const outcome = await importKoboExport(encode(JSON.stringify({ value: [nested] })), {
      format: 'json',
    });
    expect(outcome.issues).toEqual([]);
    const [result] = outcome.results;
    expect(result?.ok).toBe(true);
    if (result?.ok) {
      expect(result.value.incident.violations[0]?.type).toBe('health_care_denied');
      expect(result.value.createdAt).toBe('2024-03-20T09:15:00.000Z');
    }
  });

  it('refuses a JSON key of a repeat question outside its repeat group', async () => {
    const submission = koboJsonSubmission(minimalSelfReport(), 0, form);
    submission['violations/violation/violation_type'] = 'threats';
    const outcome = await importKoboExport(encode(JSON.stringify([submission])), {
      format: 'json',
    });
    expect(failures(outcome)[0]).toMatchObject({
      code: 'misplaced_column',
      where: { unit: 'submission', row: 1, column: 'violations/violation/violation_type' },
    });
  });

  it('refuses a JSON file that holds no list of submissions', async () => {
    const outcome = await importKoboExport(encode('{"count": 0}'), { format: 'json' });
    expect(outcome.issues[0]?.message).toMatch(/"results".*"value"/);
  });

  it('refuses bytes that are not UTF-8 text or not an .xlsx workbook', async () => {
    const latin = await importKoboExport(new Uint8Array([0x61, 0x3b, 0xff, 0xfe, 0x0a]), {
      format: 'csv',
    });
    expect(latin.issues[0]?.message).toMatch(/not UTF-8/);
    const notXlsx = await importKoboExport(encode('not a workbook'), { format: 'xlsx' });
    expect(notXlsx.issues[0]?.message).toMatch(/not an \.xlsx workbook/);
  });

  it('refuses an XLS export whose repeat rows point at no submission, or with a sheet it does not know', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toKoboXlsx(samples, form)) as never);
    const violations = workbook.getWorksheet('violation')!;
    const parentColumn = (violations.getRow(1).values as unknown[]).indexOf('_parent_index');
    violations.getRow(2).getCell(parentColumn).value = 99;
    workbook.addWorksheet('notes').addRow(['note']);
    const outcome = await importKoboExport(new Uint8Array(await workbook.xlsx.writeBuffer()), {
      format: 'xlsx',
    });
    const codes = outcome.issues.map((issue) => issue.code);
    expect(codes).toContain('unknown_sheet');
    const fixed = new ExcelJS.Workbook();
    await fixed.xlsx.load((await workbook.xlsx.writeBuffer()) as never);
    fixed.removeWorksheet(fixed.getWorksheet('notes')!.id);
    const orphan = await importKoboExport(new Uint8Array(await fixed.xlsx.writeBuffer()), {
      format: 'xlsx',
    });
    expect(orphan.issues[0]).toMatchObject({
      code: 'orphan_row',
      where: { sheet: 'violation', row: 2 },
    });
  });

  it('tells the layout from the file name, or else from the first bytes', () => {
    expect(detectExportFormat('export.XLSX', new Uint8Array())).toBe('xlsx');
    expect(detectExportFormat(undefined, encode(toKoboJson(samples, form)))).toBe('json');
    expect(detectExportFormat(undefined, new Uint8Array([0x50, 0x4b, 3, 4]))).toBe('xlsx');
    expect(detectExportFormat('data.txt', encode('a;b\n1;2'))).toBe('csv');
    expect(detectExportFormat('kobo-export.xls', encode('a;b'))).toBe('xlsx');
  });
});
