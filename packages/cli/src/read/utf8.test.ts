import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNodeUtf8Decoder } from '../cli/node-utf8.js';
import { chunksOf } from '../test-kit/run-talap.js';
import { ReadFailure } from './read-problem.js';
import { decodeUtf8, type Utf8Decoder } from './utf8.js';

const bytes = (text: string) => new TextEncoder().encode(text);

async function decode(data: Uint8Array, cuts: number[] = [], decoder?: Utf8Decoder) {
  let text = '';
  for await (const piece of decodeUtf8(chunksOf(data, cuts), decoder)) text += piece;
  return text;
}

async function failure(data: Uint8Array, cuts: number[] = [], decoder?: Utf8Decoder) {
  try {
    await decode(data, cuts, decoder);
  } catch (error) {
    if (error instanceof ReadFailure) return error.problem;
    throw error;
  }
  throw new Error('expected a ReadFailure');
}

const decoders = [
  ['TextDecoder', () => undefined],
  ['the Node decoder', createNodeUtf8Decoder],
] as const;

describe.each(decoders)('decodeUtf8 with %s', (_, makeDecoder) => {
  it('gives back any text, whatever the chunks’ boundaries (inside characters too)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.array(fc.nat({ max: 240 }), { maxLength: 6 }),
        async (text, cuts) => {
          expect(await decode(bytes(text), cuts, makeDecoder())).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('drops a leading byte order mark, as Excel’s “CSV UTF-8” writes one', async () => {
    expect(await decode(bytes('\uFEFFclient.code\nA-1\n'), [1, 2], makeDecoder())).toBe(
      'client.code\nA-1\n',
    );
  });

  it('names the byte offset, line and column of a byte that is not UTF-8', async () => {
    // "é" in Windows-1251/Latin-1 is the single byte 0xE9: not UTF-8.
    const data = new Uint8Array([...bytes('id,city\n1,Almaty\n2,Chi'), 0xe9, ...bytes('sinau\n')]);
    const problem = await failure(data, [5, 20], makeDecoder());
    expect(problem).toMatchObject({ code: 'not_utf8', scope: 'file', line: 3, column: 6 });
    expect(problem.message).toBe(
      'the file is not UTF-8 text: byte 0xE9 at byte offset 22 cannot be read. Save it as UTF-8 (in Excel: “CSV UTF-8”; in LibreOffice: character set “Unicode (UTF-8)”) and try again.',
    );
  });

  it('counts columns after a byte order mark and multi-byte characters as characters', async () => {
    const data = new Uint8Array([...bytes('\uFEFFПривет'), 0xff]);
    expect(await failure(data, [4], makeDecoder())).toMatchObject({ line: 1, column: 7 });
  });

  it('reports a file that ends in the middle of a character', async () => {
    const data = bytes('ok: Ж').slice(0, -1);
    const problem = await failure(data, [], makeDecoder());
    expect(problem).toMatchObject({ code: 'not_utf8', line: 1, column: 5 });
    expect(problem.message).toContain('byte 0xD0 at byte offset 4');
  });
});
