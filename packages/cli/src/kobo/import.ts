import {
  type Case,
  caseSchema,
  currentSchemaVersion,
  objectShape,
  patternOf,
  type ValidationIssue,
  validateCase,
} from '@talap/core';
import { caseIdOf } from './case-id.js';
import { classifyColumn, type FormIndex, indexForm, type Part } from './columns.js';
import { buildKoboForm, datePrecisionCodes, type KoboField, type KoboForm } from './form-model.js';
import { type ExportRead, fileIssue, readCsvExport } from './read-csv-export.js';
import { readJsonExport } from './read-json-export.js';
import { readXlsxExport } from './read-xlsx-export.js';
import type { ImportIssue, RawSubmission, SourceLocation } from './submission.js';
import type { CellValue } from './workbook.js';

/** Options of the import. */
export interface KoboImportOptions {
  /** The organisation code of every case; overrides an `organisation` column of the export. */
  readonly organisation?: string;
  /** The locale of validation messages (`en`, `ru`, `kk`, `uk`); load it with `loadLocale` first. */
  readonly locale?: string;
  /** The clock, for submissions that carry no submission time. */
  readonly now?: () => number;
  /** The form the export comes from; by default the Talap form with every field. */
  readonly form?: KoboForm;
}

/** One submission mapped to a case: the valid case (with any warnings), or why it could not be. */
export type SubmissionResult =
  | {
      readonly ok: true;
      readonly value: Case;
      readonly where: SourceLocation;
      /** Warnings only. */
      readonly issues: readonly ImportIssue[];
    }
  | { readonly ok: false; readonly where: SourceLocation; readonly issues: readonly ImportIssue[] };

type Converted = { readonly value: unknown } | { readonly issue: ImportIssue };

const problem = (
  code: ImportIssue['code'],
  where: SourceLocation,
  message: string,
): { issue: ImportIssue } => ({ issue: { code, severity: 'error', where, message } });

const text = (value: CellValue): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value);

interface DateParts {
  readonly year: string;
  readonly month?: string;
  readonly day?: string;
}

/** Reads a date cell: a typed date, or text `YYYY-MM-DD` (a time after it is ignored; `YYYY-MM` and `YYYY` too). */
function dateParts(value: CellValue): DateParts | undefined {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return { year: iso.slice(0, 4), month: iso.slice(5, 7), day: iso.slice(8, 10) };
  }
  const match = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?(?:[T ].*)?$/.exec(
    String(value).trim(),
  );
  if (!match) return undefined;
  const [, year = '', month, day] = match;
  return { year, ...(month ? { month } : {}), ...(day ? { day } : {}) };
}

/** Turns one exported answer into its case value. Messages name what was expected, never the value. */
function convert(field: KoboField, part: Part, value: CellValue, where: SourceLocation): Converted {
  if (part === 'precision') {
    const code = text(value).trim();
    return (datePrecisionCodes as readonly string[]).includes(code)
      ? { value: code }
      : problem(
          'not_a_choice',
          where,
          `expected how exact the date is: ${datePrecisionCodes.join(', ')}.`,
        );
  }
  switch (field.answer) {
    case 'text':
      return { value: text(value) };
    case 'integer': {
      if (typeof value === 'number' && Number.isInteger(value)) return { value };
      const trimmed = text(value).trim();
      return /^[-+]?\d+$/.test(trimmed)
        ? { value: Number(trimmed) }
        : problem('not_a_number', where, 'expected a whole number.');
    }
    case 'decimal': {
      if (typeof value === 'number' && Number.isFinite(value)) return { value };
      const trimmed = text(value).trim();
      return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)
        ? { value: Number(trimmed) }
        : problem('not_a_number', where, 'expected a number, with a dot before any decimals.');
    }
    case 'yes_no': {
      if (typeof value === 'boolean') return { value };
      const answer = text(value).trim();
      if (answer === 'yes') return { value: true };
      if (answer === 'no') return { value: false };
      return problem(
        'not_yes_no',
        where,
        'expected yes or no (export with "XML values and headers").',
      );
    }
    case 'select_one': {
      const code = text(value).trim();
      return field.codes?.includes(code)
        ? { value: code }
        : problem(
            'not_a_choice',
            where,
            `not a choice of the list "${field.listName}": export with "XML values and headers" so that cells hold choice names, not labels.`,
          );
    }
    case 'select_multiple': {
      const codes = text(value).trim().split(/\s+/);
      const unknown = codes.filter((code) => !field.codes?.includes(code)).length;
      return unknown === 0
        ? { value: codes }
        : problem(
            'not_a_choice',
            where,
            `${unknown} of the ${codes.length} space-separated values are not choices of the list "${field.listName}": export with "XML values and headers".`,
          );
    }
    case 'partial_date': {
      const parts = dateParts(value);
      return parts
        ? { value: parts }
        : problem('not_a_date', where, 'expected a date as YYYY-MM-DD.');
    }
  }
}

/** Whether a 1/0 choice column says the choice was made. */
function chosen(value: CellValue, where: SourceLocation): Converted {
  if (typeof value === 'boolean') return { value };
  const answer = text(value).trim().toLowerCase();
  if (answer === '1' || answer === 'true') return { value: true };
  if (answer === '0' || answer === 'false') return { value: false };
  return problem(
    'not_a_choice',
    where,
    'a column of one choice holds 1 (chosen) or 0 (not chosen).',
  );
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (const name of path.slice(0, -1)) {
    const next = current[name];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      current = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      current[name] = created;
      current = created;
    }
  }
  current[path[path.length - 1] as string] = value;
}

const hasAt = (target: Record<string, unknown>, path: readonly string[]): boolean => {
  let current: unknown = target;
  for (const name of path) {
    if (typeof current !== 'object' || current === null) return false;
    current = (current as Record<string, unknown>)[name];
  }
  return current !== undefined;
};

const pointerOf = (path: readonly (string | number)[]) =>
  path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

interface MapContext {
  readonly index: FormIndex;
  readonly issues: ImportIssue[];
  /** Pointers of the fields whose answer could not be read: validation's word on them would repeat it. */
  readonly unread: Set<string>;
  /** Where each value of the case was read, by JSON Pointer. */
  readonly pointers: Map<string, SourceLocation>;
  /** Metadata of the submission by column name (`_uuid`, `meta/instanceID`, ...). */
  readonly meta: Map<string, CellValue>;
}

function composeDate(parts: DateParts, precision: string | undefined): string {
  const exactness = precision ?? 'day';
  let date = parts.year;
  if (exactness !== 'year' && parts.month) {
    date += `-${parts.month}`;
    if (exactness === 'day' && parts.day) date += `-${parts.day}`;
  }
  return date;
}

function mapLevel(
  raw: RawSubmission,
  level: string | undefined,
  base: readonly (string | number)[],
  context: MapContext,
): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  const dates = new Map<
    KoboField,
    { parts?: DateParts; precision?: string; where: SourceLocation }
  >();
  const choiceColumns = new Map<KoboField, { codes: string[]; where: SourceLocation }>();
  const set = (field: KoboField, value: unknown, where: SourceLocation) => {
    setAt(target, field.path, value);
    context.pointers.set(pointerOf([...base, ...field.path]), where);
  };
  for (const raw_ of raw.values) {
    const role = classifyColumn(raw_.segments, context.index);
    if (role.kind === 'meta') {
      if (level === undefined) context.meta.set(role.name, raw_.value);
      continue;
    }
    if (role.kind === 'choice') {
      const converted = chosen(raw_.value, raw_.where);
      if ('issue' in converted) {
        context.issues.push(converted.issue);
        context.unread.add(pointerOf([...base, ...role.field.path]));
      } else {
        const entry = choiceColumns.get(role.field) ?? { codes: [], where: raw_.where };
        if (converted.value === true) entry.codes.push(role.code);
        choiceColumns.set(role.field, entry);
      }
      continue;
    }
    if (role.kind !== 'answer') continue;
    const converted = convert(role.field, role.part, raw_.value, raw_.where);
    if ('issue' in converted) {
      context.issues.push(converted.issue);
      context.unread.add(pointerOf([...base, ...role.field.path]));
      continue;
    }
    if (role.field.answer === 'partial_date') {
      const entry = dates.get(role.field) ?? { where: raw_.where };
      if (role.part === 'precision') entry.precision = converted.value as string;
      else {
        entry.parts = converted.value as DateParts;
        entry.where = raw_.where;
      }
      dates.set(role.field, entry);
      continue;
    }
    set(role.field, converted.value, raw_.where);
  }
  for (const [field, entry] of dates) {
    if (entry.parts) set(field, composeDate(entry.parts, entry.precision), entry.where);
  }
  for (const [field, entry] of choiceColumns) {
    // The one-column answer wins; 1/0 columns are read only when it is missing.
    if (hasAt(target, field.path)) continue;
    if (entry.codes.length > 0 || field.emptyList) {
      const ordered = (field.codes ?? []).filter((code) => entry.codes.includes(code));
      set(field, ordered, entry.where);
    }
  }
  for (const field of context.index.form.fields) {
    if (field.repeat === level && field.emptyList && !hasAt(target, field.path)) {
      setAt(target, field.path, []);
    }
  }
  for (const [name, items] of raw.repeats) {
    const repeat = context.index.repeats.get(name);
    if (!repeat) continue;
    const values = items.map((item, position) => {
      const itemPath = [...base, ...repeat.path, position];
      context.pointers.set(pointerOf(itemPath), item.where);
      return mapLevel(item, name, itemPath, context);
    });
    setAt(target, repeat.path, values);
  }
  return target;
}

function problemsOf(raw: RawSubmission): ImportIssue[] {
  const found = [...raw.problems];
  for (const items of raw.repeats.values())
    for (const item of items) found.push(...problemsOf(item));
  return found;
}

const metaText = (meta: Map<string, CellValue>, ...names: string[]): string | undefined => {
  for (const name of names) {
    const value = meta.get(name);
    if (value !== undefined && text(value).trim() !== '') return text(value).trim();
  }
  return undefined;
};

/** The submission time of KoboToolbox (`_submission_time`, UTC without a zone) or ODK Central. */
function submissionTimeOf(meta: Map<string, CellValue>): number | undefined {
  for (const name of ['_submission_time', 'SubmissionDate', '__system/submissionDate']) {
    const value = meta.get(name);
    if (value instanceof Date) return value.getTime();
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? trimmed : `${trimmed}Z`;
    const time = Date.parse(zoned);
    if (!Number.isNaN(time)) return time;
  }
  return undefined;
}

/** The field whose key a JSON Pointer of the case names (list indexes dropped). */
function fieldOfPointer(pointer: string, index: FormIndex): KoboField | undefined {
  const key = pointer
    .split('/')
    .slice(1)
    .filter((segment) => !/^\d+$/.test(segment))
    .join('.');
  return index.form.fields.find((field) => field.key === key);
}

function locate(
  issue: ValidationIssue,
  where: SourceLocation,
  context: MapContext,
): SourceLocation {
  let pointer = issue.path;
  while (true) {
    const found = context.pointers.get(pointer);
    if (found) return found;
    if (pointer === '') break;
    pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  }
  const field = fieldOfPointer(issue.path, context.index);
  return field ? { ...where, column: field.name } : where;
}

/**
 * Maps one submission of an export of the Talap form to a case and validates it: answers become
 * case values (yes/no to booleans, space-separated choices to lists, a date and its precision to
 * a partial date), the submission's instance id gives a stable case id, its submission time the
 * timestamps, and a missing client code becomes a pseudonymous `KB-…` code. Returns the valid
 * case, or every problem with the row and column it came from.
 */
export function submissionToCase(
  raw: RawSubmission,
  index: FormIndex,
  options: KoboImportOptions = {},
): SubmissionResult {
  const where = raw.where;
  const rowProblems = problemsOf(raw);
  if (rowProblems.length > 0) return { ok: false, where, issues: rowProblems };
  const context: MapContext = {
    index,
    issues: [],
    unread: new Set(),
    pointers: new Map(),
    meta: new Map(),
  };
  const built = mapLevel(raw, undefined, [], context);

  const instanceId = metaText(
    context.meta,
    'meta/instanceID',
    'instanceID',
    '__id',
    'KEY',
    '_uuid',
  );
  const time = submissionTimeOf(context.meta) ?? (options.now ?? Date.now)();
  // `_uuid` is the instance id without its `uuid:` prefix: both give the same case id.
  const id = caseIdOf(instanceId?.replace(/^uuid:/, ''), time);
  const organisation = options.organisation ?? metaText(context.meta, 'organisation');
  const stamp = new Date(time).toISOString();
  const { channel, ...answers } = built;
  const record: Record<string, unknown> = {
    schemaVersion: currentSchemaVersion,
    id,
    ...(organisation !== undefined ? { organisation } : {}),
    ...(channel !== undefined ? { channel } : {}),
    createdAt: stamp,
    updatedAt: stamp,
    ...answers,
  };
  if (!hasAt(record, ['client', 'code'])) {
    setAt(record, ['client', 'code'], `KB-${id.replaceAll('-', '').slice(-10)}`);
  }
  if (instanceId !== undefined && organisation !== undefined) {
    record.extensions = { [`${organisation}:koboInstanceId`]: instanceId };
  }
  const result = validateCase(record, options.locale ? { locale: options.locale } : {});
  // Answers that could not be read are left out of the record; validation then reports what else is wrong.
  const issues = [
    ...context.issues,
    ...result.issues
      .filter((issue) => !context.unread.has(issue.path))
      .map(
        (issue): ImportIssue => ({
          code: `case_${issue.code}`,
          severity: issue.severity,
          where: locate(issue, where, context),
          pointer: issue.path,
          message: issue.message,
        }),
      ),
  ];
  if (context.issues.length > 0) return { ok: false, where, issues };
  return result.ok
    ? { ok: true, value: result.value, where, issues }
    : { ok: false, where, issues };
}

/** The layouts `talap import --from kobo` reads. */
export type KoboExportFormat = 'csv' | 'json' | 'xlsx';

/** The layout of an export, from its file name or, failing that, its first bytes. */
export function detectExportFormat(
  fileName: string | undefined,
  bytes: Uint8Array,
): KoboExportFormat {
  const extension = /\.([a-z]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'json' || extension === 'xlsx') return extension;
  // KoboToolbox calls its .xlsx export "XLS"; an old binary .xls is refused as not a workbook.
  if (extension === 'xls') return 'xlsx';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  const start = new TextDecoder()
    .decode(bytes.subarray(0, 64))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('[') || start.startsWith('{') ? 'json' : 'csv';
}

/** Reads an export in the given layout against the form. */
export async function readKoboExport(
  bytes: Uint8Array,
  format: KoboExportFormat,
  index: FormIndex,
): Promise<ExportRead> {
  if (format === 'xlsx') return readXlsxExport(bytes, index);
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return {
      submissions: [],
      issues: [
        fileIssue(
          'unreadable_file',
          'the file is not UTF-8 text: export it again, or save it as "CSV UTF-8" in a spreadsheet program.',
        ),
      ],
    };
  }
  return format === 'json' ? readJsonExport(content, index) : readCsvExport(content, index);
}

/** The outcome of importing an export: problems of the whole file, or one result per submission. */
export interface KoboImport {
  /** Problems of the whole file; when any, `results` is empty. */
  readonly issues: readonly ImportIssue[];
  readonly results: readonly SubmissionResult[];
}

/**
 * Imports a KoboToolbox or ODK export (CSV, JSON or XLS) of the form `talap xlsform` writes: reads
 * it, maps each submission to a case and validates it.
 */
export async function importKoboExport(
  bytes: Uint8Array,
  options: KoboImportOptions & {
    readonly format?: KoboExportFormat;
    readonly fileName?: string;
  } = {},
): Promise<KoboImport> {
  const index = indexForm(options.form ?? buildKoboForm({ includeIdentifying: true }));
  const format = options.format ?? detectExportFormat(options.fileName, bytes);
  const read = await readKoboExport(bytes, format, index);
  if (read.issues.length > 0) return { issues: read.issues, results: [] };
  if (options.organisation !== undefined) {
    const pattern = patternOf(objectShape(caseSchema)?.organisation ?? caseSchema);
    if (pattern && !pattern.test(options.organisation)) {
      return {
        issues: [
          fileIssue(
            'missing_organisation',
            'the organisation code must be lowercase letters, digits and dashes (2 to 63 characters), e.g. kz-aman.',
          ),
        ],
        results: [],
      };
    }
  } else if (
    read.submissions.some(
      (submission) =>
        submission.problems.length === 0 &&
        !submission.values.some((value) => value.segments.join('/') === 'organisation'),
    )
  ) {
    return {
      issues: [
        fileIssue(
          'missing_organisation',
          'the export carries no organisation code: pass --organisation <code>, or make the form with `talap xlsform --organisation <code>`.',
        ),
      ],
      results: [],
    };
  }
  return {
    issues: [],
    results: withoutDuplicates(
      read.submissions.map((submission) => submissionToCase(submission, index, options)),
    ),
  };
}

/**
 * Refuses a submission whose case id an earlier one of the same export already has: the same
 * instance id twice (an export joined to itself, a resubmitted form) would otherwise give one
 * case written twice.
 */
function withoutDuplicates(results: readonly SubmissionResult[]): SubmissionResult[] {
  const firstRow = new Map<string, number>();
  return results.map((result) => {
    if (!result.ok) return result;
    const earlier = firstRow.get(result.value.id);
    if (earlier === undefined) {
      firstRow.set(result.value.id, result.where.row);
      return result;
    }
    return {
      ok: false,
      where: result.where,
      issues: [
        {
          code: 'duplicate_submission',
          severity: 'error',
          where: result.where,
          message: `this submission has the same instance id as ${result.where.unit} ${earlier}, so it would be the same case: it was left out.`,
        },
      ],
    };
  });
}
