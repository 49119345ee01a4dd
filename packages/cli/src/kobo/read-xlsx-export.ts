import { classifyColumn, type FormIndex, levelOf, parseHeader } from './columns.js';
import { type ExportRead, fileIssue } from './read-csv-export.js';
import {
  draftSubmission,
  type ImportIssue,
  type RawSubmission,
  type RawSubmissionDraft,
  type SourceLocation,
} from './submission.js';
import { type CellValue, cellText, columnLetter, readWorkbook, type Sheet } from './workbook.js';

/** Where a sheet's rows go: the submissions (the first sheet) or one repeat group. */
interface SheetPlan {
  readonly sheet: Sheet<CellValue>;
  readonly repeat: string | undefined;
  /** The columns that hold answers or metadata, by position. */
  readonly columns: readonly (
    | { readonly header: string; readonly segments: readonly string[] }
    | undefined
  )[];
}

const linkColumns = {
  index: '_index',
  parentIndex: '_parent_index',
  parentTable: '_parent_table_name',
};

function planSheet(
  sheet: Sheet<CellValue>,
  repeat: string | undefined,
  index: FormIndex,
  issues: ImportIssue[],
): SheetPlan {
  const seen = new Set<string>();
  const columns = sheet.columns.map((header, position) => {
    if (header === '') return undefined;
    const where: SourceLocation = {
      unit: 'row',
      sheet: sheet.name,
      row: 1,
      column: header,
      columnLetter: columnLetter(position),
    };
    if (seen.has(header)) {
      issues.push(
        fileIssue('duplicate_column', 'this header appears twice in the sheet: keep one.', where),
      );
    }
    seen.add(header);
    const { segments } = parseHeader(header);
    const role = classifyColumn(segments, index);
    if (role.kind === 'unknown') {
      issues.push(
        fileIssue(
          'unknown_column',
          'this column is not a question of the Talap form: export with "XML values and headers" from a project made with `talap xlsform`, or remove the column.',
          where,
        ),
      );
      return undefined;
    }
    if (role.kind === 'repeat') return undefined;
    if (role.kind !== 'meta' && levelOf(role) !== repeat) {
      const level = levelOf(role);
      issues.push(
        fileIssue(
          'misplaced_column',
          level === undefined
            ? 'this question belongs on the first sheet (the submissions), not in a repeat group sheet.'
            : `this question belongs on the sheet of the repeat group "${level}".`,
          where,
        ),
      );
      return undefined;
    }
    return { header, segments };
  });
  return { sheet, repeat, columns };
}

function linkValue(row: Sheet<CellValue>['rows'][number], column: string): string {
  return cellText(row.cells[column]).trim();
}

/**
 * Reads KoboToolbox's XLS export of the Talap form (an .xlsx workbook): the first sheet holds
 * one submission per row, and each repeat group has its own sheet, named after the group, whose
 * rows point at their parent row with `_parent_table_name` and `_parent_index` (the parent's
 * `_index`). Dates and numbers may be typed cells or text.
 */
export async function readXlsxExport(bytes: Uint8Array, index: FormIndex): Promise<ExportRead> {
  if (bytes.byteLength === 0) {
    return {
      submissions: [],
      issues: [
        fileIssue('empty_file', 'the file is empty: export the data again from KoboToolbox.'),
      ],
    };
  }
  let sheets: Sheet<CellValue>[];
  try {
    sheets = await readWorkbook(bytes);
  } catch {
    return {
      submissions: [],
      issues: [
        fileIssue(
          'unreadable_file',
          'the file is not an .xlsx workbook: export as XLS from KoboToolbox, or save the file as .xlsx.',
        ),
      ],
    };
  }
  const [main, ...others] = sheets;
  if (!main || main.columns.length === 0) {
    return {
      submissions: [],
      issues: [
        fileIssue(
          'empty_file',
          'the workbook has no data: export the data again from KoboToolbox.',
        ),
      ],
    };
  }
  const issues: ImportIssue[] = [];
  const plans: SheetPlan[] = [planSheet(main, undefined, index, issues)];
  for (const sheet of others) {
    if (sheet.columns.length === 0) continue;
    // KoboToolbox names a repeat's sheet after the repeat, cut to Excel's 31 characters.
    const repeat = [...index.repeats.keys()].find((name) => name.slice(0, 31) === sheet.name);
    if (!repeat) {
      issues.push(
        fileIssue(
          'unknown_sheet',
          `the sheet "${sheet.name.slice(0, 31)}" is not a repeat group of the Talap form: remove it, or export again.`,
        ),
      );
      continue;
    }
    for (const column of Object.values(linkColumns)) {
      if (column !== linkColumns.index && !sheet.columns.includes(column)) {
        issues.push(
          fileIssue(
            'missing_repeats',
            `the sheet "${sheet.name}" has no ${column} column, so its rows cannot be linked to their submissions: export again with KoboToolbox's XLS export.`,
          ),
        );
      }
    }
    plans.push(planSheet(sheet, repeat, index, issues));
  }
  if (plans.length > 1 && !main.columns.includes(linkColumns.index)) {
    issues.push(
      fileIssue(
        'missing_repeats',
        `the first sheet has no ${linkColumns.index} column, so repeat groups cannot be linked to their submissions: export again with KoboToolbox's XLS export.`,
      ),
    );
  }
  if (issues.length > 0) return { submissions: [], issues };

  const rowsBySheet = new Map<string, Map<string, RawSubmissionDraft>>();
  const drafts: {
    plan: SheetPlan;
    row: Sheet<CellValue>['rows'][number];
    draft: RawSubmissionDraft;
  }[] = [];
  for (const plan of plans) {
    const byIndex = new Map<string, RawSubmissionDraft>();
    rowsBySheet.set(plan.sheet.name, byIndex);
    for (const row of plan.sheet.rows) {
      const draft = draftSubmission({ unit: 'row', sheet: plan.sheet.name, row: row.number });
      for (const [position, value] of row.values.entries()) {
        const column = plan.columns[position];
        if (!column || value === undefined) continue;
        draft.values.push({
          segments: column.segments,
          value,
          where: {
            unit: 'row',
            sheet: plan.sheet.name,
            row: row.number,
            column: column.header,
            columnLetter: columnLetter(position),
          },
        });
      }
      const ownIndex = linkValue(row, linkColumns.index);
      if (ownIndex !== '') byIndex.set(ownIndex, draft);
      drafts.push({ plan, row, draft });
    }
  }
  const submissions: RawSubmission[] = [];
  for (const { plan, row, draft } of drafts) {
    if (plan.repeat === undefined) {
      submissions.push(draft);
      continue;
    }
    const parentTable = linkValue(row, linkColumns.parentTable);
    const parentIndex = linkValue(row, linkColumns.parentIndex);
    const parentRepeat = index.repeats.get(plan.repeat)?.repeat;
    const expectedTable = parentRepeat === undefined ? main.name : parentRepeat.slice(0, 31);
    const parent =
      parentTable === expectedTable ? rowsBySheet.get(parentTable)?.get(parentIndex) : undefined;
    if (!parent) {
      issues.push(
        fileIssue(
          'orphan_row',
          `this row of the repeat group "${plan.repeat}" points at no row of the sheet "${expectedTable.slice(0, 31)}" (its ${linkColumns.parentTable} and ${linkColumns.parentIndex} must name the parent row): export again with KoboToolbox's XLS export.`,
          { unit: 'row', sheet: plan.sheet.name, row: row.number },
        ),
      );
      continue;
    }
    parent.repeats.set(plan.repeat, [...(parent.repeats.get(plan.repeat) ?? []), draft]);
  }
  return issues.length > 0 ? { submissions: [], issues } : { submissions, issues: [] };
}
