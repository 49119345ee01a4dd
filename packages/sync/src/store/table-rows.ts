import { type StoreTables, type TableName, tableKeys } from './types.js';

/** The key of `row` in `table`, or a TypeError naming what is missing: every store refuses the same rows. */
export function rowKey(table: TableName, row: StoreTables[TableName]): string {
  const field = keyField(table);
  const key: unknown = (row as unknown as Record<string, unknown> | null)?.[field];
  if (typeof key !== 'string' || key === '') {
    throw new TypeError(
      `A row of the ${table} table needs a non-empty string in "${field}" (its key); found ${describe(key)}.`,
    );
  }
  return key;
}

/** The name of the field that keys `table`'s rows, or a TypeError for a table that does not exist. */
export function keyField(table: TableName): string {
  if (!Object.hasOwn(tableKeys, table)) {
    throw new TypeError(
      `There is no table "${String(table)}": the tables are ${Object.keys(tableKeys).join(', ')}.`,
    );
  }
  return tableKeys[table];
}

/** Sorts rows the way `getAll` returns them: the outbox by `seq` (then id), other tables by key. */
export function sortRows<T extends TableName>(table: T, rows: StoreTables[T][]): StoreTables[T][] {
  if (table === 'outbox') {
    const entries = rows as StoreTables['outbox'][];
    entries.sort((a, b) => a.seq - b.seq || compareKeys(a.id, b.id));
    return rows;
  }
  const field = keyField(table);
  const keyOf = (row: StoreTables[T]) => (row as unknown as Record<string, string>)[field] ?? '';
  return rows.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
}

/** Orders strings by UTF-16 code units, as IndexedDB orders string keys (not by locale). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return 'an empty string';
  return `a ${value === null ? 'null' : typeof value}`;
}
