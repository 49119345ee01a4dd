import { type CsvMapping, type CsvRecordPlan, planCsvRecords } from './csv-mapping.js';
import { readCsvRows } from './csv-rows.js';
import { readProblem } from './read-problem.js';
import type { RecordEntry } from './record-entry.js';

/** The delimiter of a CSV file whose first line is `firstLine`: a comma, else `;` or a tab when only those appear. */
export function detectDelimiter(firstLine: string): string {
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes(';')) return ';';
  if (firstLine.includes('\t')) return '\t';
  return ',';
}

/** Yields the first chunk again after peeking at it. */
async function* replay(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/**
 * Reads CSV records from chunks of text: the first row is the header (field paths, or headers the
 * mapping names), every other row one record. Yields a batch of entries per chunk.
 */
export async function* readCsv(
  texts: AsyncIterable<string>,
  mapping: CsvMapping = {},
): AsyncGenerator<RecordEntry[]> {
  const iterator = texts[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) {
    yield [readProblem('empty_file', { line: 1, column: 1 }, { scope: 'file' })];
    return;
  }
  const delimiter =
    mapping.delimiter ?? detectDelimiter(first.value.trimStart().split('\n', 1)[0]!);
  let plan: CsvRecordPlan | undefined;
  let index = 0;
  for await (const rows of readCsvRows(replay(first.value, iterator), delimiter)) {
    const batch: RecordEntry[] = [];
    for (const row of rows) {
      if (row.kind === 'problem') {
        if (plan) index += 1;
        batch.push(plan ? { ...row, index } : { ...row, scope: 'file' });
        if (row.scope === 'file' || !plan) {
          yield batch;
          return;
        }
        continue;
      }
      if (!plan) {
        const planned = planCsvRecords(row.cells, row.cellStarts, mapping);
        if (!planned.ok) {
          batch.push(...planned.problems);
          yield batch;
          return;
        }
        plan = planned.plan;
        continue;
      }
      if (row.cells.length !== plan.width) {
        index += 1;
        batch.push(
          readProblem('ragged_row', row, {
            scope: 'record',
            index,
            params: { found: row.cells.length, expected: plan.width },
          }),
        );
        continue;
      }
      const value = plan.build(row.cells);
      if (value === undefined) continue;
      index += 1;
      const { cellOf } = plan;
      const starts = row.cellStarts;
      batch.push({
        kind: 'record',
        index,
        value,
        line: row.line,
        column: row.column,
        cellOf: (pointer) => cellOf(pointer, starts),
      });
    }
    if (batch.length > 0) yield batch;
  }
  if (!plan) yield [readProblem('empty_file', { line: 1, column: 1 }, { scope: 'file' })];
}
