import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from './json-syntax.js';

describe('locateJsonError', () => {
  it.each([
    ['{"a":1,}', 7, 'expected a property name in double quotes (is there a comma too many?)'],
    ['{"a": }', 6, 'expected a value after “:”'],
    ['[1,,2]', 3, 'expected a value (is there a comma too many?)'],
    ['{"a" 1}', 5, 'expected “:” after a property name'],
    ['{"a":1 "b":2}', 7, 'expected “,” or “}”'],
    ["{'a':1}", 1, 'expected a property name in double quotes'],
    ['{"a":tru}', 5, 'expected a value (an object, array, string, number, true, false or null)'],
    ['{"a":"x\ny"}', 7, 'a line break or control character inside a string (write it as \\n)'],
    ['{"a":"\\q"}', 6, 'an unknown escape after a backslash'],
    ['{"a":01}', 6, 'expected “,” or “}”'],
    ['{"a":"open', 5, 'a string that is never closed with a double quote'],
    ['{"a":[1,2', 9, 'the text ends before the JSON value is complete'],
    ['{"a":1} {"b":2}', 8, 'more text after the end of the JSON value'],
  ])('finds where %j stops being JSON', (text, offset, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toEqual({ offset, reason });
  });

  it('points inside any text JSON.parse rejects, and never repeats the text', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 3 }), (json, at, insert) => {
        const text =
          json.slice(0, at % (json.length + 1)) + insert + json.slice(at % (json.length + 1));
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        fc.pre(!valid);
        const error = locateJsonError(text);
        expect(error.offset).toBeGreaterThanOrEqual(0);
        expect(error.offset).toBeLessThanOrEqual(text.length);
        expect(error.reason).not.toContain(text.length > 3 ? text : '\u0000');
      }),
      { numRuns: 300 },
    );
  });
});
