import { type Case, caseSchema } from '../schema/case.js';
import { fromZodIssues } from './from-zod.js';
import type { ValidateOptions, ValidationResult } from './issue.js';
import { ruleIssues } from './rule-issues.js';
import { settle, unreadable } from './settle.js';

/** Whether zod silently dropped an extension key (it skips `__proto__` without checking it). */
function droppedExtensionKeys(input: unknown, value: Case): boolean {
  const raw = (input as { extensions?: unknown }).extensions;
  if (typeof raw !== 'object' || raw === null) return false;
  return Object.keys(raw).length !== Object.keys(value.extensions ?? {}).length;
}

/**
 * Validates any input against the case schema. Never throws: returns `{ ok: true, value, issues }`
 * (issues then holds warnings only) or `{ ok: false, issues }` with a JSON Pointer, a stable code
 * and a message in `options.locale` for each issue.
 */
export function validateCase(
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<Case> {
  try {
    const parsed = caseSchema.safeParse(input);
    if (parsed.success && !droppedExtensionKeys(input, parsed.data)) {
      return settle(parsed.data, [], options);
    }
    if (parsed.success) return settle(input, ruleIssues(caseSchema, input), options);
    const shapeIssues = parsed.error.issues.filter((issue) => issue.code !== 'custom');
    return settle(
      input,
      [...fromZodIssues(shapeIssues, input), ...ruleIssues(caseSchema, input)],
      options,
    );
  } catch {
    return unreadable(options);
  }
}
