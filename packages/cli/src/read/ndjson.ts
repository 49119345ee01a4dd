import { locateJsonError } from './json-syntax.js';
import { positionIn } from './position.js';
import { readProblem } from './read-problem.js';
import { maxRecordChars, type RecordEntry } from './record-entry.js';

const isBlank = (text: string) => text.length === 0 || text.trim().length === 0;

/** Parses one NDJSON line into a record, or a problem that points at the first wrong character. */
function parseLine(text: string, line: number, index: number): RecordEntry {
  try {
    return { kind: 'record', index, value: JSON.parse(text), line, column: 1 };
  } catch {
    const error = locateJsonError(text);
    return readProblem('not_json', positionIn(text, error.offset, { line, column: 1 }), {
      scope: 'record',
      index,
      params: { reason: error.reason },
    });
  }
}

/**
 * Reads NDJSON (one JSON record per line; blank lines and `\r\n` endings allowed) from chunks of
 * text, yielding a batch of entries per chunk. A line longer than `maxRecordChars` is skipped
 * without being held in memory.
 */
export async function* readNdjson(texts: AsyncIterable<string>): AsyncGenerator<RecordEntry[]> {
  let pending = '';
  let skipping = false;
  let line = 1;
  let index = 0;
  let sawText = false;
  const finish = (text: string, batch: RecordEntry[]) => {
    if (skipping) {
      index += 1;
      batch.push(readProblem('record_too_large', { line, column: 1 }, { scope: 'record', index }));
      skipping = false;
      return;
    }
    const content = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (isBlank(content)) return;
    index += 1;
    batch.push(parseLine(content, line, index));
  };
  for await (const text of texts) {
    sawText ||= !isBlank(text);
    const batch: RecordEntry[] = [];
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const piece = text.slice(start, newline);
      if (!skipping && pending.length + piece.length > maxRecordChars) skipping = true;
      finish(pending.length > 0 ? pending + piece : piece, batch);
      pending = '';
      line += 1;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (!skipping) {
      const rest = text.slice(start);
      if (pending.length + rest.length > maxRecordChars) {
        skipping = true;
        pending = '';
      } else pending += rest;
    }
    if (batch.length > 0) yield batch;
  }
  const batch: RecordEntry[] = [];
  finish(pending, batch);
  if (!sawText) batch.push(readProblem('empty_file', { line: 1, column: 1 }, { scope: 'file' }));
  if (batch.length > 0) yield batch;
}
