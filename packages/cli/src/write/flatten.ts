import {
  arrayItem,
  caseSchema,
  objectShape,
  type SchemaNode,
  schemaDef,
  unwrapOptional,
} from '@talap/core';
import { guardFormula } from './csv-cell.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPrimitive = (value: unknown) =>
  value === null || (typeof value !== 'object' && typeof value !== 'function');

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return guardFormula(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Flattens a record into CSV cells named by dotted field paths, the inverse of the CSV mapping:
 * lists of codes become one cell joined with `separator`, lists of objects get an index per item
 * (`incident.violations.0.type`), an extension's value that is not text or a number is written as JSON.
 */
export function flattenRecord(record: unknown, separator = ';'): Map<string, string> {
  const cells = new Map<string, string>();
  const visit = (value: unknown, prefix: string, free: boolean) => {
    if (value === undefined) return;
    // Extension values, and identifying values encrypted for the organisation, stay one cell.
    if (free || isPrimitive(value) || (isPlainObject(value) && '$enc' in value)) {
      cells.set(prefix, cellText(value));
      return;
    }
    if (Array.isArray(value)) {
      if (value.every(isPrimitive)) {
        cells.set(prefix, value.map((item) => cellText(item)).join(separator));
        return;
      }
      value.forEach((item, index) => {
        visit(item, `${prefix}.${index}`, false);
      });
      return;
    }
    if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        visit(child, prefix === '' ? key : `${prefix}.${key}`, prefix === 'extensions');
      }
    }
  };
  visit(record, '', false);
  return cells;
}

type OrderKey = readonly (readonly [number, string])[];

const orderKeys = new Map<string, OrderKey>();

/** Where a column sorts: schema order of each property, list index, then name for keys the schema does not know. */
function orderKeyOf(column: string): OrderKey {
  const known = orderKeys.get(column);
  if (known) return known;
  const key: [number, string][] = [];
  let node: SchemaNode | undefined = caseSchema;
  for (const segment of column.split('.')) {
    const def = node ? schemaDef(unwrapOptional(node)) : undefined;
    if (def?.type === 'object') {
      const shape: Record<string, SchemaNode> = objectShape(node!)!;
      const position: number = Object.keys(shape).indexOf(segment);
      key.push(position === -1 ? [1e6, segment] : [position, '']);
      node = position === -1 ? undefined : shape[segment];
    } else if (def?.type === 'array' && /^\d+$/.test(segment)) {
      key.push([Number(segment), '']);
      node = arrayItem(node!);
    } else {
      key.push([0, segment]);
      node = undefined;
    }
  }
  orderKeys.set(column, key);
  return key;
}

/** Compares two dotted column names in the order of the case schema, list items in index order. */
export function compareColumns(a: string, b: string): number {
  const left = orderKeyOf(a);
  const right = orderKeyOf(b);
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const [leftNumber, leftName] = left[index]!;
    const [rightNumber, rightName] = right[index]!;
    if (leftNumber !== rightNumber) return leftNumber - rightNumber;
    if (leftName !== rightName) return leftName < rightName ? -1 : 1;
  }
  return left.length - right.length;
}
