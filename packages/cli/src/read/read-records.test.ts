import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { chunksOf, collect } from '../test-kit/run-talap.js';
import { type DataFormat, formatOfName, readRecords } from './read-records.js';
import { maxRecordChars, type RecordEntry } from './record-entry.js';

const encoder = new TextEncoder();

function read(format: DataFormat, text: string | Uint8Array, cuts: number[] = []) {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  return collect(readRecords({ name: 'cases', format, bytes: chunksOf(bytes, cuts) }));
}

/** Entries without their values, for comparing positions and problems. */
const outline = (entries: RecordEntry[]) =>
  entries.map((entry) =>
    entry.kind === 'record'
      ? { record: entry.index, line: entry.line, column: entry.column }
      : { problem: entry.code, scope: entry.scope, line: entry.line, column: entry.column },
  );

describe('formatOfName', () => {
  it('reads the format from the extension, in any case', () => {
    expect(formatOfName('cases.JSON')).toBe('json');
    expect(formatOfName('a/b/cases.jsonl')).toBe('ndjson');
    expect(formatOfName('export.csv')).toBe('csv');
    expect(formatOfName('cases.txt')).toBeUndefined();
  });
});

describe('reading NDJSON', () => {
  it('reads one record per line with its line, skipping blank lines and \\r\\n endings', async () => {
    const text = `${JSON.stringify(minimalSelfReport())}\r\n\r\n  \n${JSON.stringify(dentalRefusalCase())}`;
    const entries = await read('ndjson', text, [7, 100]);
    expect(outline(entries)).toEqual([
      { record: 1, line: 1, column: 1 },
      { record: 2, line: 4, column: 1 },
    ]);
    expect(entries[1]).toMatchObject({ value: dentalRefusalCase() });
  });

  it('reports a line that is not JSON where it goes wrong, and reads on', async () => {
    const entries = await read('ndjson', '{"a":1}\n{"a":1,}\n{"b":2}\n');
    expect(outline(entries)).toEqual([
      { record: 1, line: 1, column: 1 },
      { problem: 'not_json', scope: 'record', line: 2, column: 8 },
      { record: 3, line: 3, column: 1 },
    ]);
    expect(entries[1]).toMatchObject({
      message:
        'this is not valid JSON: expected a property name in double quotes (is there a comma too many?).',
    });
  });

  it('never quotes the content of a malformed line', async () => {
    const [entry] = await read('ndjson', '{"client": {"code": "SECRET-NAME" "x"}}\n');
    expect(entry).toMatchObject({ kind: 'problem', code: 'not_json', line: 1, column: 35 });
    expect(JSON.stringify(entry)).not.toContain('SECRET');
  });

  it('skips a 10 MB line without holding it, and reads the next one', async () => {
    const huge = `{"account":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    const entries = await read('ndjson', `${huge}\n{"b":2}\n`, [1000, 5_000_000]);
    expect(outline(entries)).toEqual([
      { problem: 'record_too_large', scope: 'record', line: 1, column: 1 },
      { record: 2, line: 2, column: 1 },
    ]);
    expect(entries[0]).toMatchObject({
      message: `the record starting here is longer than ${maxRecordChars.toLocaleString('en')} characters, the most talap reads as one record. A case is a few kilobytes: check that the file has the format its name says.`,
    });
  });

  it('reports an empty file', async () => {
    for (const text of ['', '\n  \n']) {
      expect(outline(await read('ndjson', text))).toEqual([
        { problem: 'empty_file', scope: 'file', line: 1, column: 1 },
      ]);
    }
  });
});

describe('reading JSON', () => {
  const array = `[\n  ${JSON.stringify(minimalSelfReport())},\n  ${JSON.stringify(dentalRefusalCase(), null, 2)}\n]\n`;

  it('streams an array of cases, each with the line and column where it starts', async () => {
    const entries = await read('json', array, [3, 50, 400]);
    expect(outline(entries)).toEqual([
      { record: 1, line: 2, column: 3 },
      { record: 2, line: 3, column: 3 },
    ]);
    expect(entries.map((entry) => (entry.kind === 'record' ? entry.value : undefined))).toEqual([
      minimalSelfReport(),
      dentalRefusalCase(),
    ]);
  });

  it('gives the same records and positions wherever the chunks are cut', async () => {
    const whole = outline(await read('json', array));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: array.length }), { maxLength: 8 }), async (cuts) => {
        expect(outline(await read('json', array, cuts))).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });

  it('reads a whole array on one 10 MB line, record by record', async () => {
    const record = JSON.stringify(dentalRefusalCase());
    const count = Math.ceil((10 * 1024 * 1024) / record.length);
    const line = `[${Array.from({ length: count }, () => record).join(',')}]`;
    const entries = await read('json', line, [65_536, 131_072]);
    expect(entries).toHaveLength(count);
    expect(entries.every((entry) => entry.kind === 'record')).toBe(true);
    expect(outline(entries)[1]).toEqual({ record: 2, line: 1, column: record.length + 3 });
  });

  it('reads a single case', async () => {
    const entries = await read('json', `\n ${JSON.stringify(minimalSelfReport(), null, 2)}\n`);
    expect(outline(entries)).toEqual([{ record: 1, line: 2, column: 2 }]);
  });

  it('says where a truncated file was cut, and which record is incomplete', async () => {
    const cut = array.slice(0, array.indexOf('"incident"', 300));
    const entries = await read('json', cut);
    expect(outline(entries)).toEqual([
      { record: 1, line: 2, column: 3 },
      { problem: 'truncated', scope: 'file', line: 3, column: 3 },
    ]);
    expect(entries[1]).toMatchObject({
      index: 2,
      message:
        'the file ends inside the case that starts here: it was probably cut short. Export or copy it again, whole.',
    });
  });

  it('reports an element that is not JSON and reads the next one', async () => {
    const entries = await read('json', '[{"a":1},\n {"a": tru},\n {"b":2}]');
    expect(outline(entries)).toEqual([
      { record: 1, line: 1, column: 2 },
      { problem: 'not_json', scope: 'record', line: 2, column: 8 },
      { record: 3, line: 3, column: 2 },
    ]);
  });

  it('reports what follows the JSON value, and a file that is not a case list', async () => {
    expect(outline(await read('json', '{"a":1}\n{"a":2}\n'))).toEqual([
      { record: 1, line: 1, column: 1 },
      { problem: 'trailing_content', scope: 'file', line: 2, column: 1 },
    ]);
    const [notCases] = await read('json', '"hello"');
    expect(notCases).toMatchObject({
      code: 'not_a_case_list',
      message:
        'expected a case (a JSON object) or an array of cases, found a string. Give a file of cases.',
    });
  });

  it('refuses a single case longer than the limit, in bounded memory', async () => {
    const huge = `{"account":"${'x'.repeat(maxRecordChars + 10)}"}`;
    expect(outline(await read('json', huge, [100_000, 600_000]))).toEqual([
      { problem: 'record_too_large', scope: 'record', line: 1, column: 1 },
    ]);
  });

  it('reports an empty file and accepts an empty array', async () => {
    expect(outline(await read('json', ' \n'))).toEqual([
      { problem: 'empty_file', scope: 'file', line: 1, column: 1 },
    ]);
    expect(await read('json', '[ ]')).toEqual([]);
  });
});
