import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url.js';

describe('base64url', () => {
  it('encodes the RFC 4648 test strings without padding', () => {
    const encode = (text: string) => toBase64url(new TextEncoder().encode(text));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(encode)).toEqual([
      '',
      'Zg',
      'Zm8',
      'Zm9v',
      'Zm9vYg',
      'Zm9vYmE',
      'Zm9vYmFy',
    ]);
    expect(toBase64url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
  });

  it('decodes what it encodes, byte for byte (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('refuses text that is not canonical base64url', () => {
    expect(fromBase64url('Zm9vY')).toBeUndefined();
    expect(fromBase64url('Zm9v+g')).toBeUndefined();
    expect(fromBase64url('Zm9vYg==')).toBeUndefined();
    expect(fromBase64url('Zh')).toBeUndefined();
    expect(fromBase64url('Zg')).toEqual(new Uint8Array([0x66]));
  });
});
