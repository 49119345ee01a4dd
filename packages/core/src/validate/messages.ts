import { translate } from '../i18n/catalog.js';
import { type RawIssue, toPointer, type ValidationIssue } from './issue.js';

const warningCodes = new Set(['outcome_before_incident', 'response_before_incident']);

/** Removes repeated issues and orders them by path then code, so every validator reports the same list. */
export function normaliseIssues(raw: readonly RawIssue[]): RawIssue[] {
  const pointers = raw.map((issue) => toPointer(issue.path));
  const wrongType = new Set<string>();
  const oversized: string[] = [];
  raw.forEach((issue, index) => {
    const pointer = pointers[index] as string;
    if (issue.code === 'invalid_type') wrongType.add(pointer);
    if (issue.code === 'too_big' && issue.params?.origin === 'array') oversized.push(`${pointer}/`);
  });
  const seen = new Map<string, RawIssue>();
  raw.forEach((issue, index) => {
    const pointer = pointers[index] as string;
    // A value of the wrong type gets one issue, and the items of an oversized list are not judged:
    // validators differ in what else they report there.
    if (wrongType.has(pointer) && issue.code !== 'invalid_type') return;
    if (oversized.some((prefix) => pointer.startsWith(prefix))) return;
    const key = `${pointer}\u0000${issue.code}`;
    if (!seen.has(key)) seen.set(key, issue);
  });
  // The key orders by pointer, then code: `\u0000` sorts before any character of a pointer.
  return [...seen.keys()].sort().map((key) => seen.get(key) as RawIssue);
}

/** Writes the localised message of each issue. */
export function describeIssues(raw: readonly RawIssue[], locale: string): ValidationIssue[] {
  if (raw.length === 0) return [];
  return normaliseIssues(raw).map((issue) => {
    const path = toPointer(issue.path);
    const params = { ...issue.params, path: path === '' ? '/' : path };
    return {
      path,
      code: issue.code,
      severity: warningCodes.has(issue.code) ? 'warning' : 'error',
      message: translate(`issue.${issue.code}`, params, locale),
      ...(issue.params ? { params: issue.params } : {}),
    };
  });
}
