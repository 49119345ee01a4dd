import { CsvError, parse } from 'csv-parse/sync';
import {
  type ColumnRole,
  classifyColumn,
  type FormIndex,
  levelOf,
  parseHeader,
} from './columns.js';
import {
  draftSubmission,
  type ImportIssue,
  isBlank,
  type RawSubmission,
  type RawSubmissionDraft,
  type SourceLocation,
} from './submission.js';
import { columnLetter } from './workbook.js';

/** What a reader makes of an export: its submissions, or the problems of the whole file. */
export interface ExportRead {
  readonly submissions: readonly RawSubmission[];
  /** Problems of the whole file (unknown columns, an empty file): when any, nothing is imported. */
  readonly issues: readonly ImportIssue[];
}

/** A problem of the whole file. */
export function fileIssue(
  code: ImportIssue['code'],
  message: string,
  where?: SourceLocation,
): ImportIssue {
  return { code, severity: 'error', message, ...(where ? { where } : {}) };
}

/** The delimiter of a CSV export: KoboToolbox writes `;` or `,`, other tools `,` or a tab. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((delimiter) => ({
    delimiter,
    count: outsideQuotes.split(delimiter).length - 1,
  }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0] && counts[0].count > 0 ? counts[0].delimiter : ',';
}

function csvProblem(error: unknown): string {
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    const at = line ? ` near line ${line}` : '';
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return `a quoted cell is never closed${at}: check for a missing closing quote.`;
      case 'CSV_INVALID_CLOSING_QUOTE':
        return `a quote inside a cell is not doubled${at}: write "" for a quote inside quotes.`;
      default:
        return `the file is not valid CSV${at} (${error.code}).`;
    }
  }
  return 'the file is not valid CSV.';
}

interface PlannedColumn {
  readonly header: string;
  readonly letter: string;
  readonly segments: readonly string[];
  /** The repeat items the column sits in, outermost first: name and index from 1. */
  readonly chain: readonly { readonly name: string; readonly index: number }[];
}

/** Finds where a column's values go, or the file-level problem that stops it from being read. */
function planColumn(
  header: string,
  position: number,
  index: FormIndex,
): { column: PlannedColumn } | { issue: ImportIssue } | { skip: true } {
  const letter = columnLetter(position);
  const where: SourceLocation = { unit: 'row', row: 1, column: header, columnLetter: letter };
  if (header === '') return { skip: true };
  const { segments, indexes } = parseHeader(header);
  const role: ColumnRole = classifyColumn(segments, index);
  if (role.kind === 'unknown') {
    return {
      issue: fileIssue(
        'unknown_column',
        'this column is not a question of the Talap form: export with "XML values and headers" from a project made with `talap xlsform`, or remove the column.',
        where,
      ),
    };
  }
  if (role.kind === 'meta') return { column: { header, letter, segments, chain: [] } };
  const chain: { name: string; index: number }[] = [];
  let parent: string | undefined;
  for (const [at, name] of segments.entries()) {
    const repeat = index.repeats.get(name);
    const itemIndex = indexes[at];
    if (!repeat || at === segments.length - 1) continue;
    if (itemIndex === undefined || repeat.repeat !== parent) {
      return {
        issue: fileIssue(
          'misplaced_column',
          `this column sits in the repeat group "${name}" without an item number: a CSV export needs the legacy layout (${name}[1]/...); or import the XLS or JSON export.`,
          where,
        ),
      };
    }
    chain.push({ name, index: itemIndex });
    parent = name;
  }
  const level = levelOf(role);
  if (level !== parent) {
    return {
      issue: fileIssue(
        'misplaced_column',
        level === undefined
          ? 'this question belongs to the submission, not to a repeat group: check the header.'
          : `this question belongs to the repeat group "${level}": its header needs that group with an item number, like ${level}[1]/...`,
        where,
      ),
    };
  }
  return { column: { header, letter, segments, chain } };
}

/** The item `itemIndex` (from 1) of repeat `name` in `parent`, made when missing. */
function itemOf(
  parent: RawSubmissionDraft,
  name: string,
  itemIndex: number,
  positions: WeakMap<RawSubmissionDraft, Map<string, Map<number, RawSubmissionDraft>>>,
): RawSubmissionDraft {
  const byName = positions.get(parent) ?? new Map<string, Map<number, RawSubmissionDraft>>();
  positions.set(parent, byName);
  const byIndex = byName.get(name) ?? new Map<number, RawSubmissionDraft>();
  byName.set(name, byIndex);
  let item = byIndex.get(itemIndex);
  if (!item) {
    item = draftSubmission(parent.where);
    byIndex.set(itemIndex, item);
    const items = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
    parent.repeats.set(name, items);
  }
  return item;
}

/**
 * Reads a CSV export of the Talap form (KoboToolbox's CSV or CSV (legacy), ODK Briefcase): the
 * header names each question, with its groups in front (`client/client_age`) or not, and repeat
 * groups as numbered columns (`violations/violation[1]/violation_type`), as the legacy export
 * writes them. The delimiter (`,`, `;` or tab) is detected from the header.
 */
export function readCsvExport(text: string, index: FormIndex): ExportRead {
  const content = text.replace(/^\uFEFF/, '');
  if (content.trim() === '') {
    return {
      submissions: [],
      issues: [
        fileIssue(
          'empty_file',
          'the file is empty: export the data again from KoboToolbox or ODK.',
        ),
      ],
    };
  }
  let records: { record: string[] }[];
  try {
    records = parse(content, {
      delimiter: detectDelimiter(content),
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[] }[];
  } catch (error) {
    return { submissions: [], issues: [fileIssue('unreadable_file', csvProblem(error))] };
  }
  const headers = (records[0]?.record ?? []).map((header) => header.trim());
  const issues: ImportIssue[] = [];
  const columns: (PlannedColumn | undefined)[] = [];
  const seen = new Map<string, string>();
  for (const [position, header] of headers.entries()) {
    const letter = columnLetter(position);
    const firstLetter = seen.get(header);
    if (header !== '' && firstLetter !== undefined) {
      issues.push(
        fileIssue(
          'duplicate_column',
          `the header is the same as column ${firstLetter}'s: each question must appear once.`,
          { unit: 'row', row: 1, column: header, columnLetter: letter },
        ),
      );
    }
    seen.set(header, letter);
    const planned = planColumn(header, position, index);
    if ('issue' in planned) issues.push(planned.issue);
    columns.push('column' in planned ? planned.column : undefined);
  }
  const readsRepeats = columns.some((column) => (column?.chain.length ?? 0) > 0);
  const needsRepeats = index.form.repeats.some(
    (repeat) => repeat.repeat === undefined && repeat.min > 0,
  );
  if (needsRepeats && !readsRepeats && issues.length === 0) {
    issues.push(
      fileIssue(
        'missing_repeats',
        'the CSV has no repeat-group columns (violations): KoboToolbox\'s CSV export leaves repeat groups out; import its XLS export, a "CSV (legacy)" export, or the JSON of its API.',
      ),
    );
  }
  if (issues.length > 0) return { submissions: [], issues };

  const positions = new WeakMap<RawSubmissionDraft, Map<string, Map<number, RawSubmissionDraft>>>();
  const submissions: RawSubmission[] = [];
  for (const [position, { record }] of records.entries()) {
    if (position === 0) continue;
    // A blank line is kept while parsing so that row numbers match what a spreadsheet shows.
    if (record.length === 1 && (record[0] ?? '').trim() === '') continue;
    const row = position + 1;
    const submission = draftSubmission({ unit: 'row', row });
    if (record.length !== headers.length) {
      submission.problems.push({
        code: 'ragged_row',
        severity: 'error',
        where: { unit: 'row', row },
        message: `the row has ${record.length} cells but the header has ${headers.length}: check for a stray delimiter or an unquoted line break in this row.`,
      });
      submissions.push(submission);
      continue;
    }
    for (const [cellIndex, value] of record.entries()) {
      const column = columns[cellIndex];
      if (!column || isBlank(value)) continue;
      let target = submission;
      for (const link of column.chain) target = itemOf(target, link.name, link.index, positions);
      target.values.push({
        segments: column.segments,
        value,
        where: { unit: 'row', row, column: column.header, columnLetter: column.letter },
      });
    }
    submissions.push(submission);
  }
  return { submissions, issues: [] };
}
