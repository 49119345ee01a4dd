/** Stable machine codes of validation issues; messages come from the locale catalogs (`issue.<code>`). */
export const issueCodes = [
  'required',
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'unknown_property',
  'invalid_key',
  'too_small',
  'too_big',
  'duplicate_item',
  'other_needs_description',
  'referral_target_required',
  'contact_without_consent',
  'outcome_before_incident',
  'response_before_incident',
  'unreadable_input',
] as const;

/** A stable validation issue code. */
export type IssueCode = (typeof issueCodes)[number];

/** An error makes a record invalid; a warning points at something to check and does not. */
export type IssueSeverity = 'error' | 'warning';

/** One problem found in a record. */
export interface ValidationIssue {
  /** Where: a JSON Pointer into the record, e.g. `/incident/violations/0/type` (`` for the record itself). */
  readonly path: string;
  readonly code: IssueCode;
  readonly severity: IssueSeverity;
  /** What is wrong and what to do, in the requested locale. Never contains the rejected value. */
  readonly message: string;
  /** Facts the message is built from (a limit, the expected type), for programs. */
  readonly params?: Readonly<Record<string, string | number>>;
}

/** The result of validating a record: the typed value, or the issues that make it invalid. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T; readonly issues: readonly ValidationIssue[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Options of the validators. */
export interface ValidateOptions {
  /** Locale of the messages (`en`, `ru`, `kk`, `uk`, ...); English where a message is missing. */
  readonly locale?: string;
}

/** An issue before its message is written. */
export interface RawIssue {
  readonly path: readonly (string | number)[];
  readonly code: IssueCode;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** Escapes one segment of a JSON Pointer. */
function escapeSegment(segment: string | number): string {
  const text = String(segment);
  // Most segments are plain field names or indexes: nothing to copy.
  return /[~/]/.test(text) ? text.replaceAll('~', '~0').replaceAll('/', '~1') : text;
}

/** Turns a path into a JSON Pointer (`['a', 0]` becomes `/a/0`). */
export function toPointer(path: readonly (string | number)[]): string {
  return path.map((segment) => `/${escapeSegment(segment)}`).join('');
}
