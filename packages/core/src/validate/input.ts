/** Reads the value at `path` inside any input without throwing (getters and proxies included). */
export function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    try {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string | number, unknown>)[segment];
    } catch {
      return undefined;
    }
  }
  return current;
}

/** The JSON type of a value, as messages name it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Lists allowed values for a message, at most eight of them. */
export function shortenList(values: readonly unknown[]): string {
  const listed = values.slice(0, 8).map(String).join(', ');
  return values.length > 8 ? `${listed}, …` : listed;
}
