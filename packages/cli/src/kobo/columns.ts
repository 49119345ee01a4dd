import type { KoboField, KoboForm, KoboRepeat } from './form-model.js';

/** The form's questions and repeats by the names exports use for them. */
export interface FormIndex {
  readonly form: KoboForm;
  /** Question names: a field's own name, and `<name>_precision` for a partial date's precision. */
  readonly answers: ReadonlyMap<string, { readonly field: KoboField; readonly part: Part }>;
  readonly repeats: ReadonlyMap<string, KoboRepeat>;
  /** Names of the groups (sections) that exports may put in front of a question's name. */
  readonly groups: ReadonlySet<string>;
}

/** Which part of an answer a column holds: the value, or how exact a date is. */
export type Part = 'value' | 'precision';

/** What a column (or JSON key) of an export holds. */
export type ColumnRole =
  /** The answer to a question. */
  | { readonly kind: 'answer'; readonly field: KoboField; readonly part: Part }
  /** One choice of a select_multiple question exported as its own 1/0 column. */
  | { readonly kind: 'choice'; readonly field: KoboField; readonly code: string }
  /** A repeat group (JSON exports nest its items under this key). */
  | { readonly kind: 'repeat'; readonly repeat: KoboRepeat }
  /** Something the server or the form records about the submission (`_id`, `meta/instanceID`, ...). */
  | { readonly kind: 'meta'; readonly name: string }
  | { readonly kind: 'unknown' };

/** Indexes a form by the names its exports use. */
export function indexForm(form: KoboForm): FormIndex {
  const answers = new Map<string, { field: KoboField; part: Part }>();
  for (const field of form.fields) {
    answers.set(field.name, { field, part: 'value' });
    if (field.precisionName) answers.set(field.precisionName, { field, part: 'precision' });
  }
  return {
    form,
    answers,
    repeats: new Map(form.repeats.map((repeat) => [repeat.name, repeat])),
    groups: new Set(form.sections.map((section) => section.name)),
  };
}

/** A header split into names, each with the `[n]` index a legacy CSV export puts on repeats. */
export interface ParsedHeader {
  readonly segments: readonly string[];
  /** The index of each segment (from 1), where the header gives one. */
  readonly indexes: readonly (number | undefined)[];
}

/**
 * Splits a column header or JSON key into names: exports join group, repeat and question names
 * with `/` (or `.`, when an export was made with that separator), and a legacy CSV export marks
 * each item of a repeat with `[n]`.
 */
export function parseHeader(header: string): ParsedHeader {
  const segments: string[] = [];
  const indexes: (number | undefined)[] = [];
  for (const part of header.trim().split(/[/.]/)) {
    const match = /^(.*?)\[(\d+)\]$/.exec(part);
    segments.push((match ? match[1] : part) ?? '');
    indexes.push(match ? Number(match[2]) : undefined);
  }
  return { segments, indexes };
}

/** Top-level groups of metadata that KoboToolbox, ODK Central and Collect add to every submission. */
const metaGroups = new Set(['meta', 'formhub', '__system']);

/** Single-name metadata columns of KoboToolbox, ODK Central, Briefcase and the form's own hidden field. */
const metaNames = new Set([
  'start',
  'end',
  'today',
  'deviceid',
  'username',
  'simserial',
  'subscriberid',
  'phonenumber',
  'audit',
  'instanceID',
  'instanceName',
  'SubmissionDate',
  'KEY',
  'PARENT_KEY',
  'SubmitterID',
  'SubmitterName',
  'AttachmentsPresent',
  'AttachmentsExpected',
  'Status',
  'ReviewState',
  'DeviceID',
  'Edits',
  'FormVersion',
  'organisation',
]);

/** Classifies a header or key by its names against the form. */
export function classifyColumn(segments: readonly string[], index: FormIndex): ColumnRole {
  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  if (first.startsWith('_') || metaGroups.has(first))
    return { kind: 'meta', name: segments.join('/') };
  if (segments.length === 1 && metaNames.has(first)) return { kind: 'meta', name: first };
  const containersKnown = (upTo: number) =>
    segments.slice(0, upTo).every((name) => index.groups.has(name) || index.repeats.has(name));
  const answer = index.answers.get(last);
  if (answer && containersKnown(segments.length - 1)) return { kind: 'answer', ...answer };
  const repeat = index.repeats.get(last);
  if (repeat && containersKnown(segments.length - 1)) return { kind: 'repeat', repeat };
  if (segments.length >= 2) {
    const owner = index.answers.get(segments[segments.length - 2] ?? '');
    if (
      owner?.part === 'value' &&
      owner.field.answer === 'select_multiple' &&
      owner.field.codes?.includes(last) &&
      containersKnown(segments.length - 2)
    ) {
      return { kind: 'choice', field: owner.field, code: last };
    }
  }
  return { kind: 'unknown' };
}

/** The repeat a column's answer belongs in (undefined for the submission itself). */
export function levelOf(role: ColumnRole): string | undefined {
  if (role.kind === 'answer' || role.kind === 'choice') return role.field.repeat;
  if (role.kind === 'repeat') return role.repeat.repeat;
  return undefined;
}
