/** Where a text stops being JSON, and why, in words that never quote the text. */
export interface JsonSyntaxError {
  /** Offset (in characters) of the first character that cannot be where it is. */
  readonly offset: number;
  readonly reason: string;
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;
const isDigit = (code: number) => code >= 48 && code <= 57;
const isHex = (code: number) =>
  isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);

type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'after';

/**
 * Finds the first syntax error in a text that `JSON.parse` rejected. JSON.parse's own messages
 * quote the input; these say what was expected where, and nothing of the content.
 */
export function locateJsonError(text: string): JsonSyntaxError {
  let index = 0;
  const open: ('object' | 'array')[] = [];
  let expect = 'value' as Expect;
  let afterColon = false;
  const fail = (reason: string, at = index): JsonSyntaxError => ({ offset: at, reason });

  const scanString = (): JsonSyntaxError | undefined => {
    const start = index;
    index += 1;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === 34) {
        index += 1;
        return undefined;
      }
      if (code < 32)
        return fail('a line break or control character inside a string (write it as \\n)');
      if (code === 92) {
        const escaped = text[index + 1];
        if (escaped === undefined) break;
        if (escaped === 'u') {
          for (let digit = 2; digit < 6; digit += 1) {
            if (!isHex(text.charCodeAt(index + digit)))
              return fail('a \\u escape needs four hexadecimal digits');
          }
          index += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(escaped)) return fail('an unknown escape after a backslash');
        index += 2;
        continue;
      }
      index += 1;
    }
    return fail('a string that is never closed with a double quote', start);
  };

  const scanNumber = (): JsonSyntaxError | undefined => {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = index;
    if (!match.exec(text) || match.lastIndex === index) return fail('a malformed number');
    index = match.lastIndex;
    return undefined;
  };

  const scanValue = (): JsonSyntaxError | undefined => {
    const char = text[index]!;
    if (char === '{') {
      open.push('object');
      index += 1;
      expect = 'key-or-end';
      return undefined;
    }
    if (char === '[') {
      open.push('array');
      index += 1;
      expect = 'value-or-end';
      return undefined;
    }
    expect = 'after';
    if (char === '"') return scanString();
    if (char === '-' || isDigit(char.charCodeAt(0))) return scanNumber();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, index)) {
        index += literal.length;
        return undefined;
      }
    }
    if (char === "'") return fail('strings and names need double quotes, not single ones');
    return fail('expected a value (an object, array, string, number, true, false or null)');
  };

  for (;;) {
    while (index < text.length && isSpace(text.charCodeAt(index))) index += 1;
    if (index >= text.length) {
      if (open.length === 0 && expect === 'after') return fail('not valid JSON', 0);
      return fail('the text ends before the JSON value is complete');
    }
    const char = text[index]!;
    let error: JsonSyntaxError | undefined;
    switch (expect) {
      case 'value-or-end':
        if (char === ']') {
          open.pop();
          index += 1;
          expect = 'after';
          continue;
        }
        error = scanValue();
        break;
      case 'value':
        if (char === ']' || char === '}' || char === ',') {
          return fail(
            afterColon
              ? 'expected a value after “:”'
              : 'expected a value (is there a comma too many?)',
          );
        }
        error = scanValue();
        break;
      case 'key-or-end':
      case 'key':
        if (expect === 'key-or-end' && char === '}') {
          open.pop();
          index += 1;
          expect = 'after';
          continue;
        }
        if (char !== '"') {
          return fail(
            expect === 'key'
              ? 'expected a property name in double quotes (is there a comma too many?)'
              : 'expected a property name in double quotes',
          );
        }
        error = scanString();
        if (error) return error;
        while (index < text.length && isSpace(text.charCodeAt(index))) index += 1;
        if (text[index] !== ':') return fail('expected “:” after a property name');
        index += 1;
        expect = 'value';
        afterColon = true;
        break;
      case 'after': {
        const container = open.at(-1);
        if (!container) return fail('more text after the end of the JSON value');
        if (char === ',') {
          index += 1;
          expect = container === 'object' ? 'key' : 'value';
          afterColon = false;
        } else if (char === (container === 'object' ? '}' : ']')) {
          open.pop();
          index += 1;
        } else {
          return fail(container === 'object' ? 'expected “,” or “}”' : 'expected “,” or “]”');
        }
        break;
      }
    }
    if (error) return error;
  }
}
