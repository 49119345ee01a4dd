import { type ShippedLocale, shippedLocales } from '@talap/core';
import { xlsFormLanguage } from './form-strings.js';
import { columnLetter, type Sheet, type SheetRow } from './workbook.js';

/** Stable codes of the XLSForm rules that `checkXlsForm` enforces (see docs/kobotoolbox.md). */
export const xlsFormIssueCodes = [
  'missing_sheet',
  'missing_column',
  'duplicate_column',
  'missing_language',
  'unknown_type',
  'invalid_name',
  'duplicate_name',
  'missing_choice_list',
  'invalid_choice_name',
  'duplicate_choice',
  'unbalanced_group',
  'missing_label',
  'unknown_reference',
  'invalid_setting',
] as const;

/** A stable code of a broken XLSForm rule. */
export type XlsFormIssueCode = (typeof xlsFormIssueCodes)[number];

/** One broken rule, with the sheet, row and column where it is broken. */
export interface XlsFormIssue {
  readonly code: XlsFormIssueCode;
  readonly sheet: string;
  /** The row as a spreadsheet numbers it (the header is row 1); absent for a whole sheet. */
  readonly row?: number;
  /** The column header, absent for a whole row or sheet. */
  readonly column?: string;
  /** What is wrong and what to do. */
  readonly message: string;
}

/** Options of the check. */
export interface CheckXlsFormOptions {
  /** Languages every label must be given in; all shipped languages by default. */
  readonly languages?: readonly ShippedLocale[];
}

/** An XLSForm name: a letter or underscore, then letters, digits, underscores, dashes or dots. */
export const xlsFormNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Question types that take no choice list. */
const plainTypes = new Set([
  'text',
  'integer',
  'decimal',
  'range',
  'date',
  'time',
  'datetime',
  'note',
  'calculate',
  'acknowledge',
  'trigger',
  'geopoint',
  'geotrace',
  'geoshape',
  'image',
  'audio',
  'video',
  'file',
  'barcode',
  'hidden',
  'background-audio',
  'xml-external',
  'csv-external',
  'start',
  'end',
  'today',
  'deviceid',
  'username',
  'phonenumber',
  'simserial',
  'subscriberid',
  'email',
  'audit',
  'start-geopoint',
]);

/** Types that are metadata or computed, shown to nobody, so need no label. */
const unlabelledTypes = new Set([
  'calculate',
  'hidden',
  'xml-external',
  'csv-external',
  'start',
  'end',
  'today',
  'deviceid',
  'username',
  'phonenumber',
  'simserial',
  'subscriberid',
  'email',
  'audit',
  'start-geopoint',
  'background-audio',
]);

const selectTypes = new Set(['select_one', 'select_multiple', 'rank']);

/** Columns whose cells are expressions that may name questions with `${name}`. */
const expressionColumns = [
  'relevant',
  'required',
  'constraint',
  'calculation',
  'choice_filter',
  'repeat_count',
  'default',
  'trigger',
];

type Structure = 'begin_group' | 'end_group' | 'begin_repeat' | 'end_repeat';

/** The structural keyword of a type (`begin group` and `begin_group` alike), if it is one. */
function structureOf(type: string): Structure | undefined {
  const normalised = type.trim().toLowerCase().replace(/\s+/g, '_');
  return ['begin_group', 'end_group', 'begin_repeat', 'end_repeat'].includes(normalised)
    ? (normalised as Structure)
    : undefined;
}

function where(sheet: Sheet, row?: SheetRow, column?: string): string {
  const parts = [`sheet "${sheet.name}"`];
  if (row) parts.push(`row ${row.number}`);
  if (column !== undefined) {
    const index = sheet.columns.indexOf(column);
    parts.push(index >= 0 ? `column ${columnLetter(index)} (${column})` : `column ${column}`);
  }
  return parts.join(', ');
}

/** Whether a name is a valid XLSForm name (XML names may not start with `xml`). */
export function isXlsFormName(name: string): boolean {
  return xlsFormNamePattern.test(name) && !/^xml/i.test(name);
}

class IssueList {
  readonly issues: XlsFormIssue[] = [];
  add(code: XlsFormIssueCode, sheet: Sheet, message: string, row?: SheetRow, column?: string) {
    this.issues.push({
      code,
      sheet: sheet.name,
      ...(row ? { row: row.number } : {}),
      ...(column !== undefined ? { column } : {}),
      message: `${where(sheet, row, column)}: ${message}`,
    });
  }
}

function findSheet(sheets: readonly Sheet[], name: string): Sheet | undefined {
  return sheets.find((sheet) => sheet.name.trim().toLowerCase() === name);
}

function checkColumns(sheet: Sheet, required: readonly string[], issues: IssueList): void {
  const seen = new Set<string>();
  for (const column of sheet.columns) {
    if (column === '') continue;
    if (seen.has(column)) {
      issues.add('duplicate_column', sheet, `the header "${column}" appears twice: keep one.`);
    }
    seen.add(column);
  }
  for (const column of required) {
    if (!sheet.columns.includes(column)) {
      issues.add('missing_column', sheet, `no "${column}" column: add it to the header row.`);
    }
  }
}

function checkLanguages(
  sheet: Sheet,
  languages: readonly ShippedLocale[],
  issues: IssueList,
): string[] {
  const columns = languages.map((locale) => `label::${xlsFormLanguage(locale)}`);
  for (const column of columns) {
    if (!sheet.columns.includes(column)) {
      issues.add(
        'missing_language',
        sheet,
        `no "${column}" column: every label must be given in ${languages.join(', ')}.`,
      );
    }
  }
  return columns.filter((column) => sheet.columns.includes(column));
}

function checkLabels(
  sheet: Sheet,
  row: SheetRow,
  labelColumns: readonly string[],
  issues: IssueList,
): void {
  for (const column of labelColumns) {
    if ((row.cells[column] ?? '').trim() === '') {
      issues.add(
        'missing_label',
        sheet,
        'the label is empty: write it in this language.',
        row,
        column,
      );
    }
  }
}

interface ChoiceLists {
  readonly names: ReadonlySet<string>;
}

function checkChoices(
  sheet: Sheet,
  languages: readonly ShippedLocale[],
  issues: IssueList,
): ChoiceLists {
  checkColumns(sheet, ['list_name', 'name'], issues);
  const labelColumns = checkLanguages(sheet, languages, issues);
  const lists = new Map<string, Set<string>>();
  for (const row of sheet.rows) {
    const list = (row.cells.list_name ?? '').trim();
    const name = (row.cells.name ?? '').trim();
    if (!isXlsFormName(list)) {
      issues.add(
        'invalid_name',
        sheet,
        list === ''
          ? 'no list name: say which list this choice belongs to.'
          : 'the list name must start with a letter or underscore and hold only letters, digits, _, - or .',
        row,
        'list_name',
      );
    }
    if (name === '' || /\s/.test(name)) {
      issues.add(
        'invalid_choice_name',
        sheet,
        name === ''
          ? 'no choice name: give the value that exports will hold.'
          : 'a choice name may not contain spaces (select_multiple answers are separated by spaces).',
        row,
        'name',
      );
    }
    const names = lists.get(list) ?? new Set<string>();
    if (name !== '' && names.has(name)) {
      issues.add(
        'duplicate_choice',
        sheet,
        `the list "${list}" already has a choice "${name}": choice names must be unique within a list.`,
        row,
        'name',
      );
    }
    names.add(name);
    lists.set(list, names);
    checkLabels(sheet, row, labelColumns, issues);
  }
  return { names: new Set(lists.keys()) };
}

interface OpenBlock {
  readonly kind: 'group' | 'repeat';
  readonly row: SheetRow;
}

function checkSurvey(
  sheet: Sheet,
  lists: ChoiceLists | undefined,
  languages: readonly ShippedLocale[],
  issues: IssueList,
): void {
  checkColumns(sheet, ['type', 'name'], issues);
  const labelColumns = checkLanguages(sheet, languages, issues);
  const open: OpenBlock[] = [];
  const names = new Map<string, SheetRow>();
  for (const row of sheet.rows) {
    const type = (row.cells.type ?? '').trim();
    const name = (row.cells.name ?? '').trim();
    const structure = structureOf(type);
    if (structure === 'begin_group' || structure === 'begin_repeat') {
      open.push({ kind: structure === 'begin_group' ? 'group' : 'repeat', row });
    } else if (structure === 'end_group' || structure === 'end_repeat') {
      const kind = structure === 'end_group' ? 'group' : 'repeat';
      const last = open.pop();
      if (!last) {
        issues.add(
          'unbalanced_group',
          sheet,
          `${structure} without a matching begin_${kind}.`,
          row,
          'type',
        );
      } else if (last.kind !== kind) {
        issues.add(
          'unbalanced_group',
          sheet,
          `${structure} closes the begin_${last.kind} of row ${last.row.number}: close it with end_${last.kind} first.`,
          row,
          'type',
        );
      }
      continue;
    }
    const [base = '', list, ...extra] = type.split(/\s+/);
    if (structure === undefined) {
      if (type === '') {
        issues.add(
          'unknown_type',
          sheet,
          'no type: say what kind of question this is.',
          row,
          'type',
        );
        continue;
      }
      if (selectTypes.has(base)) {
        if (list === undefined || extra.length > 0) {
          issues.add('unknown_type', sheet, `write "${base} <list name>".`, row, 'type');
        } else if (lists && !lists.names.has(list)) {
          issues.add(
            'missing_choice_list',
            sheet,
            `the list "${list}" is not in the choices sheet: add its choices or fix the name.`,
            row,
            'type',
          );
        }
      } else if (!plainTypes.has(base) || list !== undefined) {
        issues.add(
          'unknown_type',
          sheet,
          `"${type.slice(0, 40)}" is not an XLSForm question type.`,
          row,
          'type',
        );
      }
    }
    if (!isXlsFormName(name)) {
      issues.add(
        'invalid_name',
        sheet,
        name === ''
          ? 'no name: every question and group needs one.'
          : 'a name must start with a letter or underscore, hold only letters, digits, _, - or ., and not start with "xml".',
        row,
        'name',
      );
    } else {
      const key = name.toLowerCase();
      const first = names.get(key);
      if (first) {
        issues.add(
          'duplicate_name',
          sheet,
          `the name "${name}" is already used in row ${first.number}: names must be unique in the whole form.`,
          row,
          'name',
        );
      } else names.set(key, row);
    }
    if (!unlabelledTypes.has(base)) checkLabels(sheet, row, labelColumns, issues);
  }
  for (const block of open) {
    issues.add(
      'unbalanced_group',
      sheet,
      `this begin_${block.kind} is never closed: add an end_${block.kind} row.`,
      block.row,
      'type',
    );
  }
  for (const row of sheet.rows) {
    for (const column of expressionColumns) {
      const expression = row.cells[column];
      if (!expression) continue;
      for (const match of expression.matchAll(/\$\{([^}]*)\}/g)) {
        const referenced = (match[1] ?? '').trim();
        if (!names.has(referenced.toLowerCase())) {
          issues.add(
            'unknown_reference',
            sheet,
            `\${${referenced.slice(0, 40)}} names no question of the form.`,
            row,
            column,
          );
        }
      }
    }
  }
}

function checkSettings(sheet: Sheet, labelLanguages: readonly string[], issues: IssueList): void {
  checkColumns(sheet, ['form_title', 'form_id', 'version', 'default_language'], issues);
  const row = sheet.rows[0];
  if (!row) {
    issues.add('invalid_setting', sheet, 'no settings row under the header: fill in row 2.');
    return;
  }
  const formId = (row.cells.form_id ?? '').trim();
  if (sheet.columns.includes('form_id') && !isXlsFormName(formId)) {
    issues.add(
      'invalid_setting',
      sheet,
      'the form_id must be a valid XLSForm name.',
      row,
      'form_id',
    );
  }
  if (sheet.columns.includes('version') && (row.cells.version ?? '').trim() === '') {
    issues.add(
      'invalid_setting',
      sheet,
      'the version is empty: give the schema version.',
      row,
      'version',
    );
  }
  const language = (row.cells.default_language ?? '').trim();
  if (sheet.columns.includes('default_language') && !labelLanguages.includes(language)) {
    issues.add(
      'invalid_setting',
      sheet,
      `the default_language must be one of the label languages (${labelLanguages.join(', ')}).`,
      row,
      'default_language',
    );
  }
}

/**
 * Checks an XLSForm (its sheets as read from the workbook) against the rules docs/kobotoolbox.md
 * lists: the `survey`, `choices` and `settings` sheets and their columns, valid names unique in
 * the whole form, every select's list present with unique choice names, groups and repeats
 * balanced, a label in every shipped language, and `${name}` references that name a question.
 * Returns the broken rules, none when the form is sound.
 */
export function checkXlsForm(
  sheets: readonly Sheet[],
  options: CheckXlsFormOptions = {},
): XlsFormIssue[] {
  const languages = options.languages ?? shippedLocales;
  const issues = new IssueList();
  const missing = (name: string): Sheet => {
    const placeholder: Sheet = { name, columns: [], rows: [] };
    issues.add('missing_sheet', placeholder, `the workbook has no "${name}" sheet: add it.`);
    return placeholder;
  };
  const survey = findSheet(sheets, 'survey');
  const choices = findSheet(sheets, 'choices');
  const settings = findSheet(sheets, 'settings');
  if (!survey) missing('survey');
  if (!choices) missing('choices');
  if (!settings) missing('settings');
  const lists = choices ? checkChoices(choices, languages, issues) : undefined;
  if (survey) checkSurvey(survey, lists, languages, issues);
  if (settings) {
    checkSettings(
      settings,
      languages.map((locale) => xlsFormLanguage(locale)),
      issues,
    );
  }
  return issues.issues;
}
