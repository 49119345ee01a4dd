import { locateJsonError } from './json-syntax.js';
import { positionIn } from './position.js';
import { readProblem } from './read-problem.js';
import { maxRecordChars, type RecordEntry, type SourcePosition } from './record-entry.js';

const quote = 34;
const backslash = 92;
const comma = 44;
const newline = 10;
const openers = new Set([123, 91]); // { [
const closers = new Set([125, 93]); // } ]
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

const typeOfStart = (char: string) =>
  char === '"'
    ? 'a string'
    : char === '-' || (char >= '0' && char <= '9')
      ? 'a number'
      : char === 't' || char === 'f'
        ? 'true or false'
        : char === 'n'
          ? 'null'
          : 'text that is not JSON';

/** One value being collected: where it starts, its text so far, whether it grew too long to keep. */
interface Pending {
  start: SourcePosition;
  pieces: string[];
  length: number;
  tooLarge: boolean;
}

/**
 * Reads a JSON file of cases from chunks of text: one case (an object, held whole up to
 * `maxRecordChars`) or an array of cases, streamed one element at a time with where each starts.
 * Yields a batch of entries per chunk.
 */
export async function* readJson(texts: AsyncIterable<string>): AsyncGenerator<RecordEntry[]> {
  // `depth` counts open brackets; inside an array of cases the array itself is depth 1, and a
  // value runs from its first character to the comma or bracket that ends it at depth 1.
  let mode: 'start' | 'array' | 'single' | 'after' = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let lineStart = 0; // index in the current chunk where the current line starts (may be negative)
  let index = 0;
  let value: Pending | undefined;
  let valueFrom = 0; // where the current value's text starts in the current chunk

  const finishValue = (text: string, end: number, batch: RecordEntry[]) => {
    const pending = value!;
    value = undefined;
    index += 1;
    if (pending.tooLarge || pending.length + (end - valueFrom) > maxRecordChars) {
      batch.push(readProblem('record_too_large', pending.start, { scope: 'record', index }));
      return;
    }
    pending.pieces.push(text.slice(valueFrom, end));
    const json = pending.pieces.join('');
    try {
      batch.push({ kind: 'record', index, value: JSON.parse(json), ...pending.start });
    } catch {
      const error = locateJsonError(json);
      batch.push(
        readProblem('not_json', positionIn(json, error.offset, pending.start), {
          scope: 'record',
          index,
          params: { reason: error.reason },
        }),
      );
    }
  };

  for await (const text of texts) {
    const batch: RecordEntry[] = [];
    const at = (offset: number): SourcePosition => ({ line, column: offset - lineStart + 1 });
    const startValue = (offset: number) => {
      value = { start: at(offset), pieces: [], length: 0, tooLarge: false };
      valueFrom = offset;
    };
    let stop = false;
    for (let offset = 0; offset < text.length && !stop; offset += 1) {
      const code = text.charCodeAt(offset);
      if (code === newline) {
        line += 1;
        lineStart = offset + 1;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (code === backslash) escaped = true;
        else if (code === quote) inString = false;
        continue;
      }
      if (isSpace(code)) continue;
      switch (mode) {
        case 'start':
          if (code === 91) {
            mode = 'array';
            depth = 1;
          } else if (code === 123) {
            mode = 'single';
            depth = 1;
            startValue(offset);
          } else {
            batch.push(
              readProblem('not_a_case_list', at(offset), {
                scope: 'file',
                params: { found: typeOfStart(text[offset]!) },
              }),
            );
            stop = true;
          }
          break;
        case 'after':
          batch.push(readProblem('trailing_content', at(offset), { scope: 'file' }));
          stop = true;
          break;
        case 'single':
          if (code === quote) inString = true;
          else if (openers.has(code)) depth += 1;
          else if (closers.has(code)) {
            depth -= 1;
            if (depth === 0) {
              finishValue(text, offset + 1, batch);
              mode = 'after';
            }
          }
          break;
        case 'array':
          if (depth === 1 && !value && code !== comma && code !== 93) startValue(offset);
          if (code === quote) inString = true;
          else if (openers.has(code)) depth += 1;
          else if (depth === 1 && code === comma) {
            if (value) finishValue(text, offset, batch);
            else {
              index += 1;
              batch.push(
                readProblem('not_json', at(offset), {
                  scope: 'record',
                  index,
                  params: {
                    reason: 'expected a value before this comma (is there a comma too many?)',
                  },
                }),
              );
            }
          } else if (closers.has(code)) {
            depth -= 1;
            if (depth === 0) {
              if (value) finishValue(text, offset, batch);
              mode = 'after';
            }
          }
          break;
      }
    }
    if (stop) {
      yield batch;
      return;
    }
    if (value) {
      const rest = text.length - valueFrom;
      value.length += rest;
      if (value.length > maxRecordChars) {
        value.tooLarge = true;
        value.pieces = [];
      } else value.pieces.push(text.slice(valueFrom));
      valueFrom = 0;
    }
    lineStart -= text.length;
    if (batch.length > 0) yield batch;
  }
  const end = { line, column: -lineStart + 1 };
  if (mode === 'start') {
    yield [readProblem('empty_file', { line: 1, column: 1 }, { scope: 'file' })];
  } else if (mode !== 'after') {
    const inside = value
      ? 'the case that starts here'
      : mode === 'array'
        ? 'the array of cases'
        : 'the case';
    yield [
      readProblem('truncated', value?.start ?? end, {
        scope: 'file',
        params: { inside },
        ...(value ? { index: index + 1 } : {}),
      }),
    ];
  }
}
