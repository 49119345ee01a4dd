import type * as z from 'zod/mini';
import { fromZodIssues } from '../validate/from-zod.js';
import type { ValidateOptions, ValidationIssue } from '../validate/issue.js';
import { describeIssues } from '../validate/messages.js';

/** A protocol message that matched its schema, or the issues (JSON Pointer, code, localised message) that say why not. */
export type MessageResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Checks a request or response body against one of the protocol schemas; never throws. */
export function parseMessage<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  options: ValidateOptions = {},
): MessageResult<z.infer<S>> {
  const locale = options.locale ?? 'en';
  try {
    const parsed = schema.safeParse(input);
    if (parsed.success) return { ok: true, value: parsed.data as z.infer<S> };
    return { ok: false, issues: describeIssues(fromZodIssues(parsed.error.issues, input), locale) };
  } catch {
    return { ok: false, issues: describeIssues([{ path: [], code: 'unreadable_input' }], locale) };
  }
}
