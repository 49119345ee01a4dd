import type { Case } from '@talap/core';
import type { KoboField, KoboForm, KoboNode } from '../form-model.js';
import { type CellValue, type Sheet, writeWorkbook } from '../workbook.js';

// Builds what KoboToolbox would export after documenters filled in the generated form with the
// given cases: the tests' stand-in for a real project, in each layout `talap import` reads.

/** How a test export is laid out. */
export interface ExportLayout {
  /** Put group names in front of question names (`client/client_age`), as KoboToolbox can. */
  readonly groupsInHeaders?: boolean;
  /** The CSV delimiter; KoboToolbox writes `;`. */
  readonly delimiter?: string;
  /** Write dates and numbers as typed spreadsheet cells rather than text (XLS export only). */
  readonly typedCells?: boolean;
}

/** A Kobo-style instance id for the n-th test submission. */
export function testInstanceId(position: number): string {
  return `uuid:00000000-0000-4000-8000-${String(position + 1).padStart(12, '0')}`;
}

function valueAt(source: unknown, path: readonly string[]): unknown {
  let current = source;
  for (const name of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}

/** The exported cells of one question: its value (and a date's precision), as Kobo writes them. */
function answerCells(field: KoboField, value: unknown, typed: boolean): [string, CellValue][] {
  if (value === undefined) return [];
  switch (field.answer) {
    case 'yes_no':
      return [[field.name, value === true ? 'yes' : 'no']];
    case 'select_multiple':
      return (value as string[]).length === 0 ? [] : [[field.name, (value as string[]).join(' ')]];
    case 'partial_date': {
      const [year = '', month = '01', day = '01'] = String(value).split('-');
      const precision =
        String(value).split('-').length === 3
          ? 'day'
          : String(value).length === 7
            ? 'month'
            : 'year';
      const date = `${year}-${month}-${day}`;
      return [
        [field.name, typed ? new Date(`${date}T00:00:00.000Z`) : date],
        [field.precisionName ?? `${field.name}_precision`, precision],
      ];
    }
    case 'integer':
    case 'decimal':
      return [[field.name, typed ? (value as number) : String(value)]];
    default:
      return [[field.name, String(value)]];
  }
}

function headerOf(
  xpath: readonly string[],
  name: string,
  layout: ExportLayout,
  sections: ReadonlySet<string>,
): string {
  const path = [...xpath.slice(0, -1), name];
  return (
    layout.groupsInHeaders === false ? path.filter((segment) => !sections.has(segment)) : path
  ).join('/');
}

interface Meta {
  readonly position: number;
  readonly submissionTime: string;
  readonly organisation?: string;
}

function metaOf(sample: Case, position: number, form: KoboForm): Meta {
  return {
    position,
    submissionTime: sample.createdAt.replace(/(\.\d+)?Z$/, ''),
    ...(form.organisation ? { organisation: form.organisation } : {}),
  };
}

/** One submission in the layout of KoboToolbox's JSON (its data API): keys are group paths, repeats arrays. */
export function koboJsonSubmission(
  sample: Case,
  position: number,
  form: KoboForm,
): Record<string, unknown> {
  const sections = new Set(form.sections.map((section) => section.name));
  const fill = (nodes: readonly KoboNode[], source: unknown, target: Record<string, unknown>) => {
    for (const node of nodes) {
      if (node.kind === 'field') {
        for (const [name, value] of answerCells(node, valueAt(source, node.path), false)) {
          target[headerOf(node.xpath, name, {}, sections)] = value;
        }
        continue;
      }
      const items = valueAt(source, node.path);
      if (!Array.isArray(items) || items.length === 0) continue;
      target[node.xpath.join('/')] = items.map((item) => {
        const object: Record<string, unknown> = {};
        fill(node.children, item, object);
        return object;
      });
    }
  };
  const meta = metaOf(sample, position, form);
  const submission: Record<string, unknown> = {
    _id: 1000 + position,
    'formhub/uuid': 'b1c2d3',
    start: `${meta.submissionTime}.000+05:00`,
    end: `${meta.submissionTime}.000+05:00`,
    ...(meta.organisation ? { organisation: meta.organisation } : {}),
  };
  for (const section of form.sections) fill(section.children, sample, submission);
  return {
    ...submission,
    __version__: 'vA1b2C3',
    'meta/instanceID': testInstanceId(position),
    _uuid: testInstanceId(position).slice('uuid:'.length),
    _submission_time: meta.submissionTime,
    _status: 'submitted_via_web',
    _tags: [],
    _notes: [],
    _attachments: [],
    _geolocation: [null, null],
    _validation_status: {},
    _submitted_by: null,
  };
}

/** The cases as KoboToolbox's JSON data API returns them (`{ count, results }`). */
export function toKoboJson(samples: readonly Case[], form: KoboForm): string {
  const results = samples.map((sample, position) => koboJsonSubmission(sample, position, form));
  return JSON.stringify({ count: results.length, next: null, previous: null, results });
}

function csvCell(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) || value.trim() !== value
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

/** The cases as a CSV (legacy) export: repeat groups as numbered columns (`violation[1]/...`). */
export function toKoboCsv(
  samples: readonly Case[],
  form: KoboForm,
  layout: ExportLayout = {},
): string {
  const sections = new Set(form.sections.map((section) => section.name));
  const headers: string[] = [];
  const rows: Map<string, string>[] = [];
  const put = (row: Map<string, string>, header: string, value: string) => {
    if (!headers.includes(header)) headers.push(header);
    row.set(header, value);
  };
  const fill = (
    nodes: readonly KoboNode[],
    source: unknown,
    indexes: ReadonlyMap<string, number>,
    row: Map<string, string>,
  ) => {
    const indexed = (xpath: readonly string[], name: string) =>
      headerOf(
        xpath.map((segment) =>
          indexes.has(segment) ? `${segment}[${indexes.get(segment)}]` : segment,
        ),
        name,
        layout,
        sections,
      );
    for (const node of nodes) {
      if (node.kind === 'field') {
        for (const [name, value] of answerCells(node, valueAt(source, node.path), false)) {
          put(row, indexed(node.xpath, name), String(value));
        }
        continue;
      }
      const items = valueAt(source, node.path);
      if (!Array.isArray(items)) continue;
      items.forEach((item, position) => {
        fill(node.children, item, new Map([...indexes, [node.name, position + 1]]), row);
      });
    }
  };
  samples.forEach((sample, position) => {
    const meta = metaOf(sample, position, form);
    const row = new Map<string, string>();
    put(row, 'start', `${meta.submissionTime}.000+05:00`);
    if (meta.organisation) put(row, 'organisation', meta.organisation);
    for (const section of form.sections) fill(section.children, sample, new Map(), row);
    put(row, 'meta/instanceID', testInstanceId(position));
    put(row, '_id', String(1000 + position));
    put(row, '_uuid', testInstanceId(position).slice('uuid:'.length));
    put(row, '_submission_time', meta.submissionTime);
    put(row, '_index', String(position + 1));
    rows.push(row);
  });
  const delimiter = layout.delimiter ?? ';';
  const lines = [headers, ...rows.map((row) => headers.map((header) => row.get(header) ?? ''))];
  return `${lines.map((line) => line.map((cell) => csvCell(cell, delimiter)).join(delimiter)).join('\r\n')}\r\n`;
}

interface SheetDraft {
  readonly name: string;
  readonly columns: string[];
  readonly rows: Record<string, CellValue>[];
}

/** The cases as KoboToolbox's XLS export: one sheet of submissions, one sheet per repeat group. */
export function toKoboXlsx(
  samples: readonly Case[],
  form: KoboForm,
  layout: ExportLayout = {},
): Promise<Buffer> {
  const sections = new Set(form.sections.map((section) => section.name));
  const typed = layout.typedCells === true;
  const mainName = 'Talap case (schema version 1)'.slice(0, 31);
  const sheets = new Map<string, SheetDraft>();
  const sheetOf = (name: string) => {
    const existing = sheets.get(name);
    if (existing) return existing;
    const created: SheetDraft = { name, columns: [], rows: [] };
    sheets.set(name, created);
    return created;
  };
  const add = (
    sheet: SheetDraft,
    row: Record<string, CellValue>,
    column: string,
    value: CellValue,
  ) => {
    if (!sheet.columns.includes(column)) sheet.columns.push(column);
    row[column] = value;
  };
  const fill = (
    nodes: readonly KoboNode[],
    source: unknown,
    sheet: SheetDraft,
    row: Record<string, CellValue>,
    ownIndex: number,
    submission: number,
  ) => {
    for (const node of nodes) {
      if (node.kind === 'field') {
        for (const [name, value] of answerCells(node, valueAt(source, node.path), typed)) {
          add(sheet, row, headerOf(node.xpath, name, layout, sections), value);
        }
        continue;
      }
      const items = valueAt(source, node.path);
      if (!Array.isArray(items)) continue;
      const child = sheetOf(node.name.slice(0, 31));
      for (const item of items) {
        const childRow: Record<string, CellValue> = {};
        const childIndex = child.rows.length + 1;
        child.rows.push(childRow);
        fill(node.children, item, child, childRow, childIndex, submission);
        add(child, childRow, '_index', childIndex);
        add(child, childRow, '_parent_table_name', sheet.name);
        add(child, childRow, '_parent_index', ownIndex);
        add(child, childRow, '_submission__id', 1000 + submission);
        add(child, childRow, '_submission__uuid', testInstanceId(submission).slice('uuid:'.length));
      }
    }
  };
  const main = sheetOf(mainName);
  samples.forEach((sample, position) => {
    const meta = metaOf(sample, position, form);
    const row: Record<string, CellValue> = {};
    main.rows.push(row);
    if (meta.organisation) add(main, row, 'organisation', meta.organisation);
    for (const section of form.sections)
      fill(section.children, sample, main, row, position + 1, position);
    add(main, row, 'meta/instanceID', testInstanceId(position));
    add(main, row, '_id', 1000 + position);
    add(main, row, '_uuid', testInstanceId(position).slice('uuid:'.length));
    add(
      main,
      row,
      '_submission_time',
      typed ? new Date(`${meta.submissionTime}Z`) : meta.submissionTime,
    );
    add(main, row, '_index', position + 1);
  });
  const finished: Sheet<CellValue>[] = [...sheets.values()].map((sheet) => ({
    name: sheet.name,
    columns: sheet.columns,
    rows: sheet.rows.map((cells, position) => ({
      number: position + 2,
      cells,
      values: sheet.columns.map((column) => cells[column]),
    })),
  }));
  return writeWorkbook(finished);
}
