import type { FieldNode, ListNode, ModelNode } from './form-model.js';

/** The parts of a partial date as typed: a year, and a month and day when known. */
export interface DateParts {
  readonly year: string;
  readonly month: string;
  readonly day: string;
}

/** What an input holds, as entered: text stays text (also in number fields) so nothing typed is lost. */
export type RawValue = string | readonly string[] | boolean | DateParts;

/** The answers of a form, shaped like the case: objects, lists of objects, raw values at the leaves. */
export interface FormValues {
  readonly [name: string]: RawValue | FormValues | readonly FormValues[] | undefined;
}

/** A path into the values: property names and list indexes. */
export type ValuePath = readonly (string | number)[];

/** Whether a value is a plain object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value is a date's parts. */
export function isDateParts(value: unknown): value is DateParts {
  return isPlainObject(value) && 'year' in value && 'month' in value && 'day' in value;
}

/** The value at `path`, or undefined. */
export function valueAt(values: unknown, path: ValuePath): unknown {
  let current: unknown = values;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isPlainObject(current)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

/** A copy of `values` with `value` at `path`; objects and lists on the way are created as needed. */
export function withValueAt(values: FormValues, path: ValuePath, value: unknown): FormValues {
  const set = (current: unknown, index: number): unknown => {
    if (index === path.length) return value;
    const segment = path[index] as string | number;
    if (typeof segment === 'number') {
      const list = Array.isArray(current) ? [...current] : [];
      list[segment] = set(list[segment], index + 1);
      return list;
    }
    const object = isPlainObject(current) ? { ...current } : {};
    object[segment] = set(object[segment], index + 1);
    return object;
  };
  return set(values, 0) as FormValues;
}

/** Whether a raw value holds an answer. */
export function isAnswered(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'boolean') return value;
  if (isDateParts(value)) return `${value.year}${value.month}${value.day}`.trim() !== '';
  // An answer kept encrypted in a draft.
  return isPlainObject(value);
}

/** An empty item of a list, with its own required lists filled to their minimum. */
export function newItem(list: ListNode): FormValues {
  return initialValues(list.item);
}

/** The values of a new, empty form: each required list starts with its minimum number of items. */
export function initialValues(
  nodes: readonly ModelNode[],
  presets: Readonly<Record<string, unknown>> = {},
): FormValues {
  let values: FormValues = {};
  for (const node of nodes) {
    if (node.kind === 'list' && node.min > 0) {
      values = { ...values, [node.name]: Array.from({ length: node.min }, () => newItem(node)) };
    } else if (node.kind === 'group') {
      const inner = initialValues(node.children);
      if (Object.keys(inner).length > 0) values = { ...values, [node.name]: inner };
    }
  }
  for (const [key, preset] of Object.entries(presets)) {
    const found = findField(nodes, key) ?? findField(nodes, `extensions.${key}`);
    const raw = found ? rawFromCaseValue(found.field, preset) : undefined;
    if (found && raw !== undefined) values = withValueAt(values, found.path, raw);
  }
  return values;
}

/** The field of a dotted key outside lists (extension keys keep their own dots and colons), with its path. */
export function findField(
  nodes: readonly ModelNode[],
  key: string,
): { field: FieldNode; path: ValuePath } | undefined {
  for (const node of nodes) {
    if (node.kind === 'field' && node.key === key) return { field: node, path: [node.name] };
    if (node.kind === 'group') {
      const inner = findField(node.children, key);
      if (inner) return { field: inner.field, path: [node.name, ...inner.path] };
    }
  }
  return undefined;
}

/** A raw value for a preset given as a case value (`2024-03` for a date, `12` for a number). */
export function rawFromCaseValue(field: FieldNode, value: unknown): RawValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (field.input === 'date' && typeof value === 'string') {
    const [year = '', month = '', day = ''] = value.split('-');
    return { year, month, day };
  }
  if (field.input === 'checkboxes' && Array.isArray(value)) return value.map(String);
  if (typeof value === 'boolean') return value;
  return String(value);
}
