import type { Case } from '../schema/case.js';
import { dateWarnings } from './date-warnings.js';
import type { RawIssue, ValidateOptions, ValidationResult } from './issue.js';
import { describeIssues } from './messages.js';

/**
 * Finishes a validation: errors make the result invalid; a valid record may still carry warnings.
 * Shared by the zod and the ajv validators so both answer in the same shape.
 */
export function settle(
  input: unknown,
  errors: readonly RawIssue[],
  options: ValidateOptions,
): ValidationResult<Case> {
  const locale = options.locale ?? 'en';
  if (errors.length > 0) return { ok: false, issues: describeIssues(errors, locale) };
  return { ok: true, value: input as Case, issues: describeIssues(dateWarnings(input), locale) };
}

/** The result for input no validator could read (a throwing getter, a revoked proxy). */
export function unreadable(options: ValidateOptions): ValidationResult<Case> {
  return {
    ok: false,
    issues: describeIssues([{ path: [], code: 'unreadable_input' }], options.locale ?? 'en'),
  };
}
