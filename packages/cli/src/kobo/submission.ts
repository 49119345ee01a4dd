import type { CellValue } from './workbook.js';

/** Where a value was read: a row and column of a CSV file or sheet, or a key of a JSON submission. */
export interface SourceLocation {
  /** `row` for CSV and spreadsheet exports, `submission` for JSON exports. */
  readonly unit: 'row' | 'submission';
  /** The row as a spreadsheet numbers it (the header is row 1), or the submission's position from 1. */
  readonly row: number;
  /** The sheet of a spreadsheet export. */
  readonly sheet?: string;
  /** The column header or JSON key path, e.g. `violations/violation[1]/violation_type`. */
  readonly column?: string;
  /** The column letter of a CSV or spreadsheet column (`A`, `B`, ...). */
  readonly columnLetter?: string;
}

/** Stable codes of the problems found while reading an export and mapping it to cases. */
export type ImportIssueCode =
  | 'empty_file'
  | 'unreadable_file'
  | 'unknown_column'
  | 'duplicate_column'
  | 'misplaced_column'
  | 'missing_repeats'
  | 'unknown_sheet'
  | 'orphan_row'
  | 'ragged_row'
  | 'not_a_choice'
  | 'not_a_number'
  | 'not_a_date'
  | 'not_yes_no'
  | 'not_an_object'
  | 'missing_organisation'
  | 'duplicate_submission'
  | `case_${string}`;

/** One problem of an export: where it is, a stable code and a message that never repeats the value. */
export interface ImportIssue {
  readonly code: ImportIssueCode;
  readonly severity: 'error' | 'warning';
  /** Where in the export; absent for a problem of the whole file. */
  readonly where?: SourceLocation;
  /** The JSON Pointer in the case, for issues found by validating it. */
  readonly pointer?: string;
  readonly message: string;
}

/** One answer as read from an export, before it is turned into a case value. */
export interface RawValue {
  /** The header or key split into group, repeat and question names, without `[n]` indexes. */
  readonly segments: readonly string[];
  readonly value: CellValue;
  readonly where: SourceLocation;
}

/** One submission, or one item of a repeat group within it, as read from an export. */
export interface RawSubmission {
  /** The row (or submission) it was read from. */
  readonly where: SourceLocation;
  readonly values: readonly RawValue[];
  /** The items of each repeat group directly inside, by repeat name, in order. */
  readonly repeats: ReadonlyMap<string, readonly RawSubmission[]>;
  /** Problems of the row itself (a ragged CSV row), found while reading. */
  readonly problems: readonly ImportIssue[];
}

/** A submission while a reader builds it. */
export interface RawSubmissionDraft {
  readonly where: SourceLocation;
  readonly values: RawValue[];
  readonly repeats: Map<string, RawSubmissionDraft[]>;
  readonly problems: ImportIssue[];
}

/** An empty submission read at `where`. */
export function draftSubmission(where: SourceLocation): RawSubmissionDraft {
  return { where, values: [], repeats: new Map(), problems: [] };
}

/** How a location reads in a message: `row 4, column F (client/client_age)`. */
export function describeLocation(where: SourceLocation): string {
  const parts: string[] = [];
  if (where.sheet !== undefined) parts.push(`sheet "${where.sheet}"`);
  parts.push(`${where.unit} ${where.row}`);
  if (where.column !== undefined) {
    parts.push(
      where.unit === 'submission'
        ? `key "${where.column}"`
        : where.columnLetter
          ? `column ${where.columnLetter} (${where.column})`
          : `column ${where.column}`,
    );
  }
  return parts.join(', ');
}

/** An issue as one line of text: where, what, and its code. */
export function formatImportIssue(issue: ImportIssue): string {
  const where = issue.where ? `${describeLocation(issue.where)}: ` : '';
  const severity = issue.severity === 'warning' ? 'warning: ' : '';
  return `${severity}${where}${issue.message} [${issue.code}]`;
}

/** Whether a cell holds nothing (blank text counts as nothing). */
export function isBlank(value: CellValue | null | undefined): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}
