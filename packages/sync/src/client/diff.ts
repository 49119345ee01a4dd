/** Escapes one JSON Pointer segment. */
function segment(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The places (JSON Pointers) where two versions of a case differ, for showing a conflict: an
 * object is compared field by field, anything else (arrays included) as a whole.
 */
export function diffCases(local: unknown, server: unknown, path = ''): string[] {
  if (isObject(local) && isObject(server)) {
    const keys = [...new Set([...Object.keys(local), ...Object.keys(server)])].sort();
    return keys.flatMap((key) => diffCases(local[key], server[key], `${path}/${segment(key)}`));
  }
  return sameValue(local, server) ? [] : [path];
}

/** Deep equality of JSON values, ignoring the order of object keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameValue(item, b[index]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const otherKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === otherKeys.length && keys.every((key) => sameValue(a[key], b[key]));
  }
  return a === b;
}
