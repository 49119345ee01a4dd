/** Why a JSON text was refused before parsing, in words a developer can act on. */
export interface ScanFailure {
  readonly slug: 'invalid-json' | 'unsupported-text';
  readonly detail: string;
}

const forbiddenKeys = new Set(['__proto__']);

/**
 * Checks what `JSON.parse` lets through but the hub must refuse: nesting deeper than `maxDepth`,
 * duplicate keys (two parsers could read different values), `__proto__` keys, numbers too large
 * for a double (`1e400` parses to Infinity, which would be stored as null), and text
 * PostgreSQL cannot store (`\u0000`, unpaired surrogates). Syntax errors are left to
 * `JSON.parse`. One pass, no recursion, so a 10,000-deep body cannot overflow the stack.
 */
export function scanJson(text: string, maxDepth: number): ScanFailure | undefined {
  const frames: { keys: Set<string> | undefined; expectKey: boolean }[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (frames.length >= maxDepth) {
        return {
          slug: 'invalid-json',
          detail: `The JSON is nested more than ${maxDepth} levels deep. Send the documented shape.`,
        };
      }
      frames.push(
        char === 0x7b
          ? { keys: new Set(), expectKey: true }
          : { keys: undefined, expectKey: false },
      );
      index++;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      frames.pop();
      index++;
    } else if (char === 0x2c /* , */) {
      const top = frames.at(-1);
      if (top?.keys) top.expectKey = true;
      index++;
    } else if (char === 0x22 /* " */) {
      const end = scanString(text, index);
      if (typeof end !== 'number') return end;
      const top = frames.at(-1);
      if (top?.keys && top.expectKey) {
        top.expectKey = false;
        let key: string;
        try {
          key = JSON.parse(text.slice(index, end + 1)) as string;
        } catch {
          return undefined;
        }
        if (forbiddenKeys.has(key)) {
          return {
            slug: 'invalid-json',
            detail: `The key "${key}" is not allowed anywhere in a request.`,
          };
        }
        if (top.keys.has(key)) {
          return {
            slug: 'invalid-json',
            detail: `The key "${key.slice(0, 40)}" appears twice in one object. Send each key once.`,
          };
        }
        top.keys.add(key);
      }
      index = end + 1;
    } else if (char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39)) {
      const end = numberEnd(text, index);
      if (Math.abs(Number(text.slice(index, end))) === Number.POSITIVE_INFINITY) {
        return {
          slug: 'invalid-json',
          detail: `The number at position ${index} is too large to read (beyond ±1.7e308). Send a smaller number.`,
        };
      }
      index = end;
    } else {
      index++;
    }
  }
  return undefined;
}

/** The index just after the number token starting at `start`. */
function numberEnd(text: string, start: number): number {
  let index = start + 1;
  for (; index < text.length; index++) {
    const char = text.charCodeAt(index);
    const numeric =
      (char >= 0x30 && char <= 0x39) ||
      char === 0x2e /* . */ ||
      char === 0x65 /* e */ ||
      char === 0x45 /* E */ ||
      char === 0x2b /* + */ ||
      char === 0x2d; /* - */
    if (!numeric) break;
  }
  return index;
}

function hexAt(text: string, at: number): number {
  const hex = text.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
}

const unstorable: ScanFailure = {
  slug: 'unsupported-text',
  detail:
    'The text contains a character that cannot be stored (\\u0000 or an unpaired surrogate such as \\ud800). Remove it and send again.',
};

/** Scans the string starting at `start` (its opening quote); returns the index of its closing quote. */
function scanString(text: string, start: number): number | ScanFailure {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === 0x22) return index;
    if (char !== 0x5c /* \ */) {
      index++;
      continue;
    }
    if (text.charCodeAt(index + 1) !== 0x75 /* u */) {
      index += 2;
      continue;
    }
    const code = hexAt(text, index + 2);
    if (code === 0) return unstorable;
    if (code >= 0xd800 && code <= 0xdbff) {
      const low =
        text.charCodeAt(index + 6) === 0x5c && text.charCodeAt(index + 7) === 0x75
          ? hexAt(text, index + 8)
          : -1;
      if (low < 0xdc00 || low > 0xdfff) return unstorable;
      index += 12;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return unstorable;
    index += 6;
  }
  return text.length;
}
