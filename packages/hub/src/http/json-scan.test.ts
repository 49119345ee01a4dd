import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { scanJson } from './json-scan.js';

describe('scanJson', () => {
  it('lets ordinary JSON through, with escaped pairs and Cyrillic text', () => {
    expect(
      scanJson('{"a":[1,{"b":"\\ud83d\\ude00 Алматы \\" \\\\"}],"c":null}', 32),
    ).toBeUndefined();
  });

  it('refuses nesting deeper than the limit without recursing', () => {
    expect(scanJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 32)?.detail).toContain(
      'nested more than 32',
    );
    expect(scanJson(`${'['.repeat(32)}${']'.repeat(32)}`, 32)).toBeUndefined();
  });

  it('refuses a key given twice in one object, but not the same key in two objects', () => {
    expect(scanJson('{"a":1,"b":{"a":2},"a":3}', 32)?.detail).toContain('"a" appears twice');
    expect(scanJson('[{"a":1},{"a":2}]', 32)).toBeUndefined();
    expect(scanJson('{"\\u0061":1,"a":2}', 32)?.detail).toContain('appears twice');
  });

  it('refuses __proto__ keys at any depth, however they are escaped', () => {
    expect(scanJson('{"x":[{"__proto__":{"polluted":1}}]}', 32)?.detail).toContain('__proto__');
    expect(scanJson('{"\\u005f_proto__":1}', 32)?.detail).toContain('__proto__');
  });

  it('refuses text PostgreSQL cannot store: \\u0000 and unpaired surrogates', () => {
    for (const text of [
      '"\\u0000"',
      '"a\\ud800"',
      '"\\ud800\\u0041"',
      '"\\udc00"',
      '{"k\\u0000":1}',
    ]) {
      expect(scanJson(text, 32)?.slug, text).toBe('unsupported-text');
    }
    expect(scanJson('"\\\\u0000"', 32)).toBeUndefined();
  });
});

describe('scanJson with numbers', () => {
  it('refuses a number too large for a double, which JSON.parse would turn into Infinity', () => {
    expect(scanJson('{"a":[1e400]}', 32)?.detail).toContain('too large');
    expect(scanJson('{"a":-1E+309}', 32)?.detail).toContain('too large');
    expect(scanJson(`{"a":${'9'.repeat(400)}}`, 32)?.detail).toContain('too large');
    expect(scanJson('{"a":[1.7e308,-2.5e-300,0,"1e400"]}', 32)).toBeUndefined();
  });
});

describe('canonicalJson', () => {
  it('gives the same text for the same value whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});
