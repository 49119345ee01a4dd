import {
  arrayItem,
  caseSchema,
  isOptional,
  objectShape,
  type SchemaNode,
  schemaDef,
  unwrapOptional,
} from '@talap/core';
import { unguardFormula } from '../write/csv-cell.js';
import { readProblem, shortName } from './read-problem.js';
import type { CellPosition, ReadProblem, SourcePosition } from './record-entry.js';

/**
 * How the columns of a CSV file become fields of a case, read from a `--mapping` JSON file:
 * `columns` maps a header to a field path (or to `null` to leave the column out); headers not
 * listed must be field paths themselves.
 */
export interface CsvMapping {
  /** Header → dotted field path (`client.code`, `incident.violations.0.type`), or null to skip the column. */
  readonly columns?: Readonly<Record<string, string | null>>;
  /** What separates the codes of a multi-value cell (default `;`). */
  readonly separator?: string;
  /** The CSV delimiter (default: `,`, or `;` or a tab when the header has no comma but has those). */
  readonly delimiter?: string;
  /** Values every record gets where its row leaves them empty, by field path (`"organisation": "kz-aman"`). */
  readonly constants?: Readonly<Record<string, unknown>>;
}

/** Reads and checks a mapping file's JSON; the error says which key is wrong. */
export function parseCsvMapping(
  json: unknown,
):
  | { readonly ok: true; readonly mapping: CsvMapping }
  | { readonly ok: false; readonly error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail(
      'a mapping is a JSON object with "columns" (and optionally "separator", "delimiter", "constants")',
    );
  }
  const { columns, separator, delimiter, constants, ...rest } = json as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) {
    return fail(
      `unknown key "${shortName(unknown)}": a mapping has "columns", "separator", "delimiter" and "constants"`,
    );
  }
  if (columns !== undefined) {
    if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
      return fail('"columns" must be an object of header → field path (or null)');
    }
    for (const [header, path] of Object.entries(columns)) {
      if (path !== null && typeof path !== 'string') {
        return fail(`"columns"."${shortName(header)}" must be a field path or null`);
      }
    }
  }
  for (const [name, value] of [
    ['separator', separator],
    ['delimiter', delimiter],
  ] as const) {
    if (
      value !== undefined &&
      (typeof value !== 'string' ||
        value.length !== 1 ||
        value === '"' ||
        value === '\n' ||
        value === '\r')
    ) {
      return fail(`"${name}" must be one character (not a double quote or a line break)`);
    }
  }
  if (
    constants !== undefined &&
    (typeof constants !== 'object' || constants === null || Array.isArray(constants))
  ) {
    return fail('"constants" must be an object of field path → value');
  }
  return { ok: true, mapping: json as CsvMapping };
}

type Convert = (text: string) => unknown;

/** A CSV column that fills a field. */
interface Column {
  readonly index: number;
  readonly header: string;
  readonly path: readonly (string | number)[];
  readonly pointer: string;
  readonly convert: Convert;
  /** A required multi-value field (a list of codes): an empty cell means an empty list when its object exists. */
  readonly isList: boolean;
}

const numberPattern = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const trueWords = new Set(['true', 'yes', '1']);
const falseWords = new Set(['false', 'no', '0']);

// A cell the schema wants as a number or a yes/no that does not read as one stays text, so
// validation reports it as the wrong type at its cell.
const toNumber: Convert = (text) => {
  const trimmed = text.trim();
  return numberPattern.test(trimmed) ? Number(trimmed) : text;
};
const toBoolean: Convert = (text) => {
  const word = text.trim().toLowerCase();
  return trueWords.has(word) ? true : falseWords.has(word) ? false : text;
};
const toCode: Convert = (text) => text.trim();
// An identifying field may hold its value encrypted for the organisation: a JSON object in the cell.
const asText: Convert = (text) => {
  if (text.startsWith('{"$enc"')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return unguardFormula(text);
};

function converterOf(schema: SchemaNode): Convert {
  const def = schemaDef(unwrapOptional(schema));
  switch (def.type) {
    case 'number':
      return toNumber;
    case 'boolean':
      return toBoolean;
    case 'enum':
      return toCode;
    case 'literal': {
      const literal = def.values?.[0];
      if (typeof literal === 'number') return toNumber;
      if (typeof literal === 'boolean') return toBoolean;
      return toCode;
    }
    default:
      return asText;
  }
}

/** A field path resolved against the case schema, or why it is not one. */
type Resolved =
  | {
      readonly ok: true;
      readonly path: (string | number)[];
      readonly convert: Convert;
      readonly isList: boolean;
    }
  | { readonly ok: false };

const maxIndex = 999;

/** Resolves a dotted path (`incident.violations.0.type`) to a field of the case schema. */
function resolvePath(dotted: string, separator: string): Resolved {
  const segments = dotted.split('.');
  const path: (string | number)[] = [];
  let node: SchemaNode = caseSchema;
  let free = false; // inside `extensions`: any key, any value
  for (const segment of segments) {
    if (segment === '') return { ok: false };
    if (free) return { ok: false };
    const def = schemaDef(unwrapOptional(node));
    if (def.type === 'object') {
      const child = objectShape(node)?.[segment];
      if (!child || !Object.hasOwn(objectShape(node)!, segment)) return { ok: false };
      node = child;
      path.push(segment);
    } else if (def.type === 'array' && /^\d{1,3}$/.test(segment) && Number(segment) <= maxIndex) {
      node = arrayItem(node)!;
      path.push(Number(segment));
    } else if (def.type === 'record') {
      free = true;
      path.push(segment);
    } else return { ok: false };
  }
  if (free) return { ok: true, path, convert: asText, isList: false };
  const def = schemaDef(unwrapOptional(node));
  if (def.type === 'object' || def.type === 'record') return { ok: false };
  if (def.type === 'array') {
    const item = arrayItem(node)!;
    const itemType = schemaDef(unwrapOptional(item)).type;
    if (itemType === 'object' || itemType === 'array') return { ok: false };
    const convertItem = converterOf(item);
    const convert: Convert = (text) =>
      text
        .split(separator)
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map(convertItem);
    return { ok: true, path, convert, isList: !isOptional(node) };
  }
  return { ok: true, path, convert: converterOf(node), isList: false };
}

let fieldTemplates: string[] | undefined;

/** Every field path with `0` for each list index, for suggestions. */
function templates(): string[] {
  if (fieldTemplates) return fieldTemplates;
  const found: string[] = [];
  const visit = (node: SchemaNode, prefix: string) => {
    const def = schemaDef(unwrapOptional(node));
    if (def.type === 'object') {
      for (const [key, child] of Object.entries(objectShape(node)!)) {
        visit(child, prefix ? `${prefix}.${key}` : key);
      }
    } else if (def.type === 'array') {
      const item = arrayItem(node)!;
      if (schemaDef(unwrapOptional(item)).type === 'object') visit(item, `${prefix}.0`);
      else found.push(prefix);
    } else found.push(prefix);
  };
  visit(caseSchema, '');
  fieldTemplates = found;
  return found;
}

function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(
        above + 1,
        previous[j - 1]! + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The field path closest to a header that is not one, when one is close. */
function suggestionFor(header: string): string | undefined {
  const probe = header.replace(/\.\d+(?=\.|$)/g, '.0');
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(probe.length / 4)) + 1;
  for (const candidate of templates()) {
    const score = distance(probe.toLowerCase(), candidate.toLowerCase());
    if (score < bestDistance) {
      best = candidate;
      bestDistance = score;
    }
  }
  return best;
}

const toPointer = (path: readonly (string | number)[]) =>
  path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

const spreadsheetColumn = (index: number): string => {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  }
  return name;
};

function setAt(
  target: Record<string, unknown>,
  path: readonly (string | number)[],
  value: unknown,
) {
  let current: Record<string | number, unknown> = target;
  for (let position = 0; position < path.length - 1; position += 1) {
    const segment = path[position]!;
    let next = Object.hasOwn(current, segment) ? current[segment] : undefined;
    if (next === undefined) {
      next = typeof path[position + 1] === 'number' ? [] : {};
      define(current, segment, next);
    }
    current = next as Record<string | number, unknown>;
  }
  define(current, path[path.length - 1]!, value);
}

// A key from a file (an extension name) is defined as data, so `__proto__` stays an ordinary key.
function define(target: Record<string | number, unknown>, key: string | number, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function has(target: unknown, path: readonly (string | number)[]): boolean {
  let current = target;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment))
      return false;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current !== undefined;
}

/** How the rows of one CSV file become records: built from its header and a mapping. */
export interface CsvRecordPlan {
  /** Builds the record of a row whose cells match the header (undefined for a row of empty cells). */
  readonly build: (cells: readonly string[]) => Record<string, unknown> | undefined;
  /** The cell a JSON Pointer into the record of a row came from. */
  readonly cellOf: (pointer: string, cellStarts: readonly number[]) => CellPosition | undefined;
  readonly width: number;
}

/**
 * Turns a CSV header into a plan for its rows: each header is looked up in the mapping, else read
 * as a field path; values are converted as the schema says (numbers, yes/no, lists split on the
 * separator). Headers that are not fields come back as problems, with the closest field named.
 */
export function planCsvRecords(
  header: readonly string[],
  starts: readonly number[],
  mapping: CsvMapping = {},
):
  | { readonly ok: true; readonly plan: CsvRecordPlan }
  | { readonly ok: false; readonly problems: ReadProblem[] } {
  const separator = mapping.separator ?? ';';
  const columns: Column[] = [];
  const problems: ReadProblem[] = [];
  const byPointer = new Map<string, Column>();
  const at = (index: number): SourcePosition => ({
    line: starts[index * 2]!,
    column: starts[index * 2 + 1]!,
  });
  const named = (index: number) => `${spreadsheetColumn(index)} (${index + 1})`;
  header.forEach((rawHeader, index) => {
    const name = rawHeader.trim();
    const mapped =
      mapping.columns && Object.hasOwn(mapping.columns, name) ? mapping.columns[name] : name;
    if (mapped === null) return;
    const resolved = resolvePath(mapped ?? name, separator);
    if (!resolved.ok) {
      const suggestion = suggestionFor(mapped ?? name);
      problems.push(
        readProblem('unknown_column', at(index), {
          scope: 'file',
          params: {
            column: named(index),
            header: shortName(mapped ?? name) || '(empty)',
            hint: suggestion ? `; did you mean “${suggestion}”?` : '.',
          },
        }),
      );
      return;
    }
    const pointer = toPointer(resolved.path);
    const earlier = byPointer.get(pointer);
    if (earlier) {
      problems.push(
        readProblem('duplicate_column', at(index), {
          scope: 'file',
          params: {
            first: named(earlier.index),
            column: named(index),
            path: shortName(mapped ?? name),
          },
        }),
      );
      return;
    }
    const column = {
      index,
      header: shortName(name),
      path: resolved.path,
      pointer,
      convert: resolved.convert,
      isList: resolved.isList,
    };
    columns.push(column);
    byPointer.set(pointer, column);
  });
  if (columns.length === 0 && problems.length > 0) {
    return { ok: false, problems: [readProblem('missing_header', at(0), { scope: 'file' })] };
  }
  if (problems.length > 0) return { ok: false, problems };
  const constants: [readonly (string | number)[], unknown][] = [];
  for (const [dotted, value] of Object.entries(mapping.constants ?? {})) {
    const resolved = resolvePath(dotted, separator);
    if (!resolved.ok) {
      return {
        ok: false,
        problems: [
          readProblem(
            'unknown_column',
            { line: 1, column: 1 },
            {
              scope: 'file',
              params: {
                column: 'of the mapping’s constants',
                header: shortName(dotted),
                hint: '.',
              },
            },
          ),
        ],
      };
    }
    constants.push([resolved.path, value]);
  }
  const lists = columns.filter((column) => column.isList);
  const build = (cells: readonly string[]) => {
    const record: Record<string, unknown> = {};
    let filled = false;
    for (const column of columns) {
      const text = cells[column.index]!;
      if (text === '' || text.trim() === '') continue;
      setAt(record, column.path, column.convert(text));
      filled = true;
    }
    if (!filled) return undefined;
    // An empty multi-value cell is an empty list, when the object holding it is there at all.
    for (const column of lists) {
      if (
        !has(record, column.path) &&
        (column.path.length === 1 || has(record, column.path.slice(0, -1)))
      ) {
        setAt(record, column.path, []);
      }
    }
    for (const [path, value] of constants) {
      if (!has(record, path)) setAt(record, path, structuredClone(value));
    }
    return record;
  };
  const cellOf = (pointer: string, cellStarts: readonly number[]): CellPosition | undefined => {
    for (let probe = pointer; probe !== ''; probe = probe.slice(0, probe.lastIndexOf('/'))) {
      const column = byPointer.get(probe);
      if (column) {
        return {
          line: cellStarts[column.index * 2]!,
          column: cellStarts[column.index * 2 + 1]!,
          header: column.header,
        };
      }
    }
    return undefined;
  };
  return { ok: true, plan: { build, cellOf, width: header.length } };
}
