import { stagedTables } from './staged-tables.js';
import type { StoreTables, SyncStore, TableName } from './types.js';

/**
 * A store that keeps everything in this process's memory, for tests and short-lived scripts:
 * atomic transactions run one at a time, and nothing survives a restart (`durable: false`).
 */
export function memoryStore(): SyncStore {
  const copy = (row: StoreTables[TableName]) => structuredClone(row);
  const tables = stagedTables({ encode: copy, decode: copy }, async () => {});
  return {
    durable: false,
    transaction: (work) => tables.transaction(work),
    close: () => tables.close(),
  };
}
