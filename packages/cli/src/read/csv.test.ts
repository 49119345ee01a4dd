import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryPlainValidCase } from '../../../core/src/test-kit/case-arbitrary.js';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { chunksOf, collect } from '../test-kit/run-talap.js';
import { csvCell } from '../write/csv-cell.js';
import { compareColumns, flattenRecord } from '../write/flatten.js';
import type { CsvMapping } from './csv-mapping.js';
import { readCsvRows } from './csv-rows.js';
import { readRecords } from './read-records.js';
import type { RecordEntry } from './record-entry.js';

const encoder = new TextEncoder();

function read(text: string, mapping?: CsvMapping, cuts: number[] = []) {
  return collect(
    readRecords({
      name: 'cases.csv',
      format: 'csv',
      bytes: chunksOf(encoder.encode(text), cuts),
      ...(mapping ? { mapping } : {}),
    }),
  );
}

const values = (entries: RecordEntry[]) =>
  entries.map((entry) => (entry.kind === 'record' ? entry.value : entry.code));

/** Writes records as the CSV writer does: a header of field paths in schema order, then rows. */
function toCsv(records: readonly unknown[]): string {
  const rows = records.map((record) => flattenRecord(record));
  const columns = [...new Set(rows.flatMap((row) => [...row.keys()]))].sort(compareColumns);
  return [columns, ...rows.map((row) => columns.map((column) => row.get(column) ?? ''))]
    .map((cells) => cells.map((cell) => csvCell(cell)).join(','))
    .join('\r\n');
}

describe('CSV rows', () => {
  const rows = async (text: string, cuts: number[] = []) =>
    (await collect(readCsvRows(chunksOf(text, cuts), ','))).map((row) =>
      row.kind === 'row' ? { cells: row.cells, at: row.cellStarts, line: row.line } : row.code,
    );

  it('reads quoted cells with delimiters, doubled quotes and line breaks, and where each cell starts', async () => {
    expect(await rows('a,"b,1","say ""hi""\nthere"\r\nc,,\n')).toEqual([
      { cells: ['a', 'b,1', 'say "hi"\nthere'], at: [1, 1, 1, 3, 1, 9], line: 1 },
      { cells: ['c', '', ''], at: [3, 1, 3, 3, 3, 4], line: 3 },
    ]);
  });

  it('gives the same rows wherever the chunks are cut', async () => {
    const text = 'id,"note"\r\n1,"a ""b"", c\r\nd"\n\n2,x\r3,"",\n';
    const whole = await rows(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: text.length }), { maxLength: 6 }), async (cuts) => {
        expect(await rows(text, cuts)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('reports a quote inside an unquoted cell, and a quoted cell never closed', async () => {
    expect(await rows('a,b"c\nd,e\n')).toEqual([
      'stray_quote',
      { cells: ['d', 'e'], at: [2, 1, 2, 3], line: 2 },
    ]);
    const entries = await collect(readCsvRows(chunksOf('a,b\n1,"never\n2,3\n'), ','));
    expect(entries.map((entry) => entry.kind)).toEqual(['row', 'problem']);
    expect(entries[1]).toMatchObject({ code: 'unclosed_quote', scope: 'file', line: 2, column: 3 });
  });
});

describe('reading CSV records', () => {
  it('reads a header of field paths into typed records: numbers, yes/no, lists split on ;', async () => {
    const text = [
      'schemaVersion,id,client.code,client.age,client.keyPopulations,incident.dateApproximate,incident.violations.0.type,incident.violations.0.rights,incident.violations.1.type',
      '1,01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f71,A-1,34,"sex_workers; people_who_use_drugs",yes,threats,,',
    ].join('\n');
    const [entry] = await read(text);
    expect(entry).toMatchObject({
      kind: 'record',
      line: 2,
      value: {
        schemaVersion: 1,
        id: '01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f71',
        client: { code: 'A-1', age: 34, keyPopulations: ['sex_workers', 'people_who_use_drugs'] },
        incident: { dateApproximate: true, violations: [{ type: 'threats', rights: [] }] },
      },
    });
  });

  it('keeps a cell that is not the number or yes/no the schema wants as text, for validation to report', async () => {
    const [entry] = await read('client.age,incident.dateApproximate\nthirty,maybe\n');
    expect(entry).toMatchObject({
      value: { client: { age: 'thirty' }, incident: { dateApproximate: 'maybe' } },
    });
  });

  it('points a JSON Pointer of a record at its cell and header', async () => {
    const [entry] = await read('client.code,client.keyPopulations\nA-1,"a;b"\n');
    if (entry?.kind !== 'record') throw new Error('expected a record');
    expect(entry.cellOf?.('/client/keyPopulations/1')).toEqual({
      line: 2,
      column: 5,
      header: 'client.keyPopulations',
    });
    expect(entry.cellOf?.('/organisation')).toBeUndefined();
  });

  it('maps other headers with a mapping, skips columns mapped to null, and fills constants', async () => {
    const mapping: CsvMapping = {
      columns: { 'Код клиента': 'client.code', Группы: 'client.keyPopulations', Заметки: null },
      constants: { schemaVersion: 1, organisation: 'kz-aman' },
    };
    const [entry] = await read(
      'Код клиента;Группы;Заметки\nA-7;"sex_workers;msm";private\n',
      mapping,
    );
    expect(entry).toMatchObject({
      value: {
        schemaVersion: 1,
        organisation: 'kz-aman',
        client: { code: 'A-7', keyPopulations: ['sex_workers', 'msm'] },
      },
    });
    expect(JSON.stringify(entry)).not.toContain('private');
  });

  it('names a header that is not a field, with the closest field', async () => {
    const entries = await read('client.code,incdent.date\nA-1,2024-03\n');
    expect(entries).toEqual([
      expect.objectContaining({
        code: 'unknown_column',
        scope: 'file',
        line: 1,
        column: 13,
        message:
          'column B (2) “incdent.date” is not a field of the case schema; did you mean “incident.date”? Rename it to a field path, or map it (or map it to null to leave it out) in a --mapping file.',
      }),
    ]);
  });

  it('asks for a header when the first row is data', async () => {
    const entries = await read('A-1,2024-03,KZ\n');
    expect(values(entries)).toEqual(['missing_header']);
  });

  it('reports two columns filling one field', async () => {
    const entries = await read('client.code,Code\nA,B\n', { columns: { Code: 'client.code' } });
    expect(entries[0]).toMatchObject({
      code: 'duplicate_column',
      message:
        'columns A (1) and B (2) both fill “client.code”. Keep one of them, or map one of them elsewhere.',
    });
  });

  it('reports a ragged row with its counts and reads on', async () => {
    const entries = await read('client.code,incident.country\nA,KZ\nB\nC,UA,extra\nD,MD\n');
    expect(values(entries)).toEqual([
      { client: { code: 'A' }, incident: { country: 'KZ' } },
      'ragged_row',
      'ragged_row',
      { client: { code: 'D' }, incident: { country: 'MD' } },
    ]);
    expect(entries[1]).toMatchObject({
      line: 3,
      index: 2,
      message:
        'this row has 1 cells, the header has 2. Look for a missing or extra delimiter, or a cell with a delimiter that is not in double quotes.',
    });
  });

  it('skips rows whose cells are all empty, as spreadsheets export them', async () => {
    const entries = await read('client.code,incident.country\nA,KZ\n,\n , \n');
    expect(values(entries)).toEqual([{ client: { code: 'A' }, incident: { country: 'KZ' } }]);
  });

  it('reads the sample cases back from the CSV the writer makes', async () => {
    const records = [dentalRefusalCase(), minimalSelfReport()];
    expect(values(await read(toCsv(records)))).toEqual(records);
  });

  it('reads any valid case back from the CSV the writer makes', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryPlainValidCase, async (record) => {
        // CSV cannot tell a blank text, an empty object or an empty optional list from an
        // absent field: such records are not expected to come back whole.
        const json = JSON.stringify(record);
        const blankText = JSON.stringify(record, (_, value) =>
          typeof value === 'string' && value.trim() === '' ? '\u0000blank' : value,
        ).includes('\\u0000blank');
        fc.pre(!blankText && !json.includes('{}') && !/"(responses|results)":\[\]/.test(json));
        // An extension's value is read back as text (docs/cli.md).
        const extensions = (record as { extensions?: Record<string, unknown> }).extensions ?? {};
        fc.pre(Object.values(extensions).every((value) => typeof value === 'string'));
        expect(values(await read(toCsv([record])))).toEqual([record]);
      }),
      { numRuns: 100 },
    );
  });
});
