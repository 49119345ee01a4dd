import type * as z from 'zod/mini';
import { jsonType, shortenList, valueAt } from './input.js';
import type { IssueCode, RawIssue } from './issue.js';

type ZodIssue = z.core.$ZodIssue;

/** Translates zod's issues into Talap's stable issue codes and paths. */
export function fromZodIssues(issues: readonly ZodIssue[], input: unknown): RawIssue[] {
  const raw: RawIssue[] = [];
  for (const issue of issues) {
    const path = issue.path as (string | number)[];
    const found = valueAt(input, path);
    // zod reports a missing field as a wrong type or a wrong value; a person needs "required".
    if (
      found === undefined &&
      typeof path.at(-1) === 'string' &&
      issue.code !== 'unrecognized_keys'
    ) {
      raw.push({ path, code: 'required' });
      continue;
    }
    switch (issue.code) {
      case 'invalid_type':
        raw.push({
          path,
          code: 'invalid_type',
          params: {
            expected: issue.expected === 'int' ? 'integer' : issue.expected,
            found: jsonType(found),
          },
        });
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) raw.push({ path: [...path, key], code: 'unknown_property' });
        break;
      case 'invalid_value':
        raw.push({ path, code: 'invalid_value', params: { allowed: shortenList(issue.values) } });
        break;
      case 'invalid_format':
        raw.push({ path, code: 'invalid_format' });
        break;
      case 'too_small':
        raw.push({
          path,
          code: 'too_small',
          params: { minimum: Number(issue.minimum), origin: issue.origin },
        });
        break;
      case 'too_big':
        raw.push({
          path,
          code: 'too_big',
          params: { maximum: Number(issue.maximum), origin: issue.origin },
        });
        break;
      case 'invalid_key':
        raw.push({ path, code: 'invalid_key' });
        break;
      case 'custom': {
        const rule = issue.params?.rule;
        raw.push({ path, code: (typeof rule === 'string' ? rule : 'invalid_value') as IssueCode });
        break;
      }
      default:
        raw.push({ path, code: 'invalid_value' });
    }
  }
  return raw;
}
