import { ReadFailure, readProblem } from './read-problem.js';

/**
 * A stateful UTF-8 decoder: `decode` returns the text of the complete characters so far and keeps
 * a character split across chunks for the next call; it throws on bytes that are not UTF-8.
 * `decode()` without bytes ends the input.
 */
export interface Utf8Decoder {
  decode(bytes?: Uint8Array, options?: { readonly stream?: boolean }): string;
}

/** Text decoded so far: where the next character starts. */
interface Cursor {
  line: number;
  column: number;
}

function advance(cursor: Cursor, text: string): void {
  let newline = text.indexOf('\n');
  if (newline === -1) {
    cursor.column += text.length;
    return;
  }
  let last = newline;
  while (newline !== -1) {
    cursor.line += 1;
    last = newline;
    newline = text.indexOf('\n', newline + 1);
  }
  cursor.column = text.length - last;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** The index of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
function firstInvalidByte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    for (let next = 1; next < length; next += 1) {
      const byte = bytes[index + next];
      if (byte === undefined) return -1;
      if (next === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf) return index;
    }
    index += length;
  }
  return -1;
}

/** The bytes at the end of `bytes` that begin a UTF-8 sequence not yet complete. */
export function incompleteTail(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back]!;
    if (byte < 0x80) return bytes.subarray(bytes.length);
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length > back ? bytes.subarray(bytes.length - back) : bytes.subarray(bytes.length);
    }
  }
  return bytes.subarray(bytes.length);
}

const hexByte = (byte: number | undefined) =>
  `0x${(byte ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Decodes chunks of UTF-8 bytes into chunks of text, dropping a leading byte order mark. A byte
 * that is not UTF-8 throws a `ReadFailure` naming its byte offset, line and column. `decoder`
 * defaults to a fatal `TextDecoder`; Node passes a faster one.
 */
export async function* decodeUtf8(
  chunks: AsyncIterable<Uint8Array>,
  decoder: Utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }),
  startOffset = 0,
): AsyncGenerator<string> {
  // A byte order mark counts only at the very start of a file, not of a part of one.
  let first = startOffset === 0;
  const cursor: Cursor = { line: 1, column: 1 };
  let offset = startOffset;
  let carry: Uint8Array = new Uint8Array(0);
  // The text before a bad byte is read first, so what precedes it counts however the file was
  // cut into chunks; then reading stops with the byte's offset, line and column.
  async function* failAt(bytes: Uint8Array, bad: number, base: number): AsyncGenerator<string> {
    let before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, bad));
    if (first && before.charCodeAt(0) === 0xfeff) before = before.slice(1);
    if (before.length > 0) {
      advance(cursor, before);
      yield before;
    }
    throw new ReadFailure(
      readProblem('not_utf8', cursor, {
        scope: 'file',
        params: { byte: hexByte(bytes[bad]), offset: (base + bad).toLocaleString('en') },
      }),
    );
  }
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const bytes = concat(carry, chunk);
      const bad = firstInvalidByte(bytes);
      yield* failAt(bytes, bad === -1 ? 0 : bad, offset - carry.length);
      return;
    }
    carry = incompleteTail(concat(carry, chunk.subarray(Math.max(0, chunk.length - 3))));
    offset += chunk.length;
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) {
      advance(cursor, text);
      yield text;
    }
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    yield* failAt(carry, 0, offset - carry.length);
    return;
  }
  if (rest.length > 0) yield rest;
}
