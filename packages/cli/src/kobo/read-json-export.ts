import { locateJsonError } from '../read/json-syntax.js';
import { positionIn } from '../read/position.js';
import { classifyColumn, type FormIndex, levelOf, parseHeader } from './columns.js';
import { type ExportRead, fileIssue } from './read-csv-export.js';
import {
  draftSubmission,
  type ImportIssue,
  isBlank,
  type RawSubmission,
  type RawSubmissionDraft,
  type SourceLocation,
} from './submission.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function jsonProblem(text: string): string {
  const error = locateJsonError(text);
  const at = positionIn(text, error.offset, { line: 1, column: 1 });
  return `the file is not valid JSON at line ${at.line}, column ${at.column}: ${error.reason}.`;
}

/** The submissions of a JSON export: an array, KoboToolbox's API page (`results`) or ODK Central's OData (`value`). */
function submissionsOf(data: unknown): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  if (isObject(data) && Array.isArray(data.results)) return data.results;
  if (isObject(data) && Array.isArray(data.value)) return data.value;
  return undefined;
}

interface Walk {
  readonly index: FormIndex;
  readonly row: number;
  readonly unknown: Map<string, SourceLocation>;
}

function walkObject(
  object: Record<string, unknown>,
  prefix: readonly string[],
  path: string,
  level: string | undefined,
  target: RawSubmissionDraft,
  walk: Walk,
): void {
  for (const [key, value] of Object.entries(object)) {
    if (key.includes('@odata') || value === null || value === undefined) continue;
    const parsed = parseHeader(key).segments;
    const segments = key.includes('/') ? parsed : [...prefix, ...parsed];
    const keyPath = path === '' ? key : `${path} > ${key}`;
    const where: SourceLocation = { unit: 'submission', row: walk.row, column: keyPath };
    const role = classifyColumn(segments, walk.index);
    const misplaced = (expected: string | undefined) =>
      target.problems.push({
        code: 'misplaced_column',
        severity: 'error',
        where,
        message:
          expected === undefined
            ? 'this key belongs to the submission, not to a repeat group.'
            : `this key belongs inside the repeat group "${expected}".`,
      });
    if (isObject(value)) {
      if (role.kind !== 'answer') walkObject(value, segments, keyPath, level, target, walk);
      continue;
    }
    if (role.kind === 'unknown') {
      if (!walk.unknown.has(segments.join('/'))) walk.unknown.set(segments.join('/'), where);
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (role.kind === 'repeat' && value.every(isObject)) {
        if (role.repeat.repeat !== level) {
          misplaced(role.repeat.repeat);
          continue;
        }
        const items = value.map((item, position) => {
          const draft = draftSubmission({ unit: 'submission', row: walk.row });
          walkObject(item, segments, `${keyPath}[${position + 1}]`, role.repeat.name, draft, walk);
          return draft;
        });
        target.repeats.set(role.repeat.name, [
          ...(target.repeats.get(role.repeat.name) ?? []),
          ...items,
        ]);
        continue;
      }
      if (role.kind === 'answer' && role.field.answer === 'select_multiple') {
        if (role.field.repeat !== level) misplaced(role.field.repeat);
        else target.values.push({ segments, value: value.map(String).join(' '), where });
        continue;
      }
      if (role.kind !== 'meta') {
        target.problems.push({
          code: 'not_an_object',
          severity: 'error',
          where,
          message:
            'a list is not expected here: only repeat groups and select_multiple answers hold lists.',
        });
      }
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      continue;
    if (role.kind === 'repeat') continue;
    if (role.kind !== 'meta' && levelOf(role) !== level) {
      misplaced(levelOf(role));
      continue;
    }
    if (!isBlank(value)) target.values.push({ segments, value, where });
  }
}

/**
 * Reads a JSON export of the Talap form: an array of submissions, a page of KoboToolbox's data
 * API (`{ results: [...] }`) or ODK Central's OData (`{ value: [...] }`). Keys are question names
 * with their groups in front (`client/client_age`) or nested objects per group; repeat groups are
 * arrays of objects.
 */
export function readJsonExport(text: string, index: FormIndex): ExportRead {
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
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    return { submissions: [], issues: [fileIssue('unreadable_file', jsonProblem(content))] };
  }
  const list = submissionsOf(data);
  if (!list) {
    return {
      submissions: [],
      issues: [
        fileIssue(
          'unreadable_file',
          'expected a JSON array of submissions, or an object with "results" (KoboToolbox API) or "value" (ODK Central OData).',
        ),
      ],
    };
  }
  const unknown = new Map<string, SourceLocation>();
  const submissions: RawSubmission[] = list.map((item, position) => {
    const row = position + 1;
    const draft = draftSubmission({ unit: 'submission', row });
    if (!isObject(item)) {
      draft.problems.push({
        code: 'not_an_object',
        severity: 'error',
        where: { unit: 'submission', row },
        message: 'this submission is not a JSON object.',
      });
      return draft;
    }
    walkObject(item, [], '', undefined, draft, { index, row, unknown });
    return draft;
  });
  const issues: ImportIssue[] = [...unknown.values()].map((where) =>
    fileIssue(
      'unknown_column',
      'this key is not a question of the Talap form: export from a project made with `talap xlsform`, or remove the key.',
      where,
    ),
  );
  return issues.length > 0 ? { submissions: [], issues } : { submissions, issues: [] };
}
