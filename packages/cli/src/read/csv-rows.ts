import { readProblem } from './read-problem.js';
import { maxRecordChars, type ReadProblem, type SourcePosition } from './record-entry.js';

/** One CSV row: its cells and where each starts. */
export interface CsvRow extends SourcePosition {
  readonly kind: 'row';
  readonly cells: readonly string[];
  /** Line and column of each cell, in pairs: `[line0, column0, line1, column1, ...]`. */
  readonly cellStarts: readonly number[];
}

/** What the CSV tokenizer yields: rows, and rows it could not read. */
export type CsvRowEntry = CsvRow | ReadProblem;

const quote = 34;
const newline = 10;
const carriageReturn = 13;

enum State {
  CellStart = 0,
  Unquoted = 1,
  Quoted = 2,
  QuoteInQuoted = 3,
}

/**
 * Splits CSV text (RFC 4180: cells in double quotes may hold delimiters, line breaks and doubled
 * quotes; `\n`, `\r\n` or `\r` end a row) into rows with the position of every cell. Blank lines
 * are skipped. A row longer than `maxRecordChars` becomes a problem and is not held in memory.
 */
export async function* readCsvRows(
  texts: AsyncIterable<string>,
  delimiter: string,
): AsyncGenerator<CsvRowEntry[]> {
  const delimiterCode = delimiter.charCodeAt(0);
  let state = State.CellStart as State;
  let line = 1;
  let lineStart = 0;
  let afterCarriageReturn = false;
  let cells: string[] = [];
  let cellStarts: number[] = [];
  let cell = '';
  let runFrom = 0;
  let rowStart: SourcePosition | undefined;
  let rowChars = 0;
  let tooLarge = false;
  let stray: SourcePosition | undefined;
  let quotedCellStart: SourcePosition | undefined;
  let batch: CsvRowEntry[] = [];

  const endCell = () => {
    if (!tooLarge) cells.push(cell);
    cell = '';
  };
  const endRow = () => {
    const start = rowStart;
    if (start) {
      if (tooLarge) {
        batch.push(readProblem('record_too_large', start, { scope: 'record' }));
      } else if (stray) {
        batch.push(readProblem('stray_quote', stray, { scope: 'record' }));
      } else {
        batch.push({ kind: 'row', cells, cellStarts, line: start.line, column: start.column });
      }
    }
    cells = [];
    cellStarts = [];
    rowStart = undefined;
    rowChars = 0;
    tooLarge = false;
    stray = undefined;
  };
  const append = (piece: string) => {
    rowChars += piece.length;
    if (rowChars > maxRecordChars) tooLarge = true;
    if (!tooLarge) cell += piece;
  };

  for await (const text of texts) {
    const at = (offset: number): SourcePosition => ({ line, column: offset - lineStart + 1 });
    const lineBreak = (offset: number) => {
      line += 1;
      lineStart = offset + 1;
    };
    runFrom = 0;
    for (let offset = 0; offset < text.length; offset += 1) {
      const code = text.charCodeAt(offset);
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (code === newline) {
          lineStart = offset + 1;
          continue;
        }
      }
      switch (state) {
        case State.CellStart: {
          if (code === newline || code === carriageReturn) {
            // A row that ends right after a delimiter has one more, empty, cell.
            if (rowStart) {
              cellStarts.push(line, offset - lineStart + 1);
              endCell();
            }
            endRow();
            afterCarriageReturn = code === carriageReturn;
            lineBreak(offset);
            break;
          }
          rowStart ??= at(offset);
          cellStarts.push(line, offset - lineStart + 1);
          if (code === quote) {
            state = State.Quoted;
            quotedCellStart = at(offset);
            runFrom = offset + 1;
          } else if (code === delimiterCode) {
            endCell();
          } else {
            state = State.Unquoted;
            runFrom = offset;
          }
          break;
        }
        case State.Unquoted:
          if (code === delimiterCode) {
            append(text.slice(runFrom, offset));
            endCell();
            state = State.CellStart;
          } else if (code === newline || code === carriageReturn) {
            append(text.slice(runFrom, offset));
            endCell();
            endRow();
            state = State.CellStart;
            afterCarriageReturn = code === carriageReturn;
            lineBreak(offset);
          } else if (code === quote) {
            stray ??= at(offset);
          }
          break;
        case State.Quoted:
          if (code === quote) {
            append(text.slice(runFrom, offset));
            state = State.QuoteInQuoted;
          } else if (code === newline) {
            lineBreak(offset);
          }
          break;
        case State.QuoteInQuoted:
          if (code === quote) {
            append('"');
            state = State.Quoted;
            runFrom = offset + 1;
          } else if (code === delimiterCode) {
            endCell();
            state = State.CellStart;
          } else if (code === newline || code === carriageReturn) {
            endCell();
            endRow();
            state = State.CellStart;
            afterCarriageReturn = code === carriageReturn;
            lineBreak(offset);
          } else {
            // Text after a closing quote: keep it, but the row is malformed.
            stray ??= at(offset);
            state = State.Unquoted;
            runFrom = offset;
          }
          break;
      }
    }
    if (state === State.Unquoted || state === State.Quoted) append(text.slice(runFrom));
    lineStart -= text.length;
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (state === State.Quoted) {
    batch.push(readProblem('unclosed_quote', quotedCellStart!, { scope: 'file' }));
  } else {
    if (rowStart) {
      if (state === State.CellStart) cellStarts.push(line, -lineStart + 1);
      endCell();
    }
    endRow();
  }
  if (batch.length > 0) yield batch;
}
