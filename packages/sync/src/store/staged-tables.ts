import { rowKey, sortRows } from './table-rows.js';
import type { OutboxEntry, StoreTables, StoreTransaction, TableName } from './types.js';

/** A row as it is held in memory: the store's own copy, decoded afresh for every read. */
export interface RowCodec<E> {
  encode(row: StoreTables[TableName]): E;
  decode(stored: E): StoreTables[TableName];
}

/** One change of a committed transaction: the row's new stored form, or `null` for a delete. */
export interface TableWrite<E> {
  readonly table: TableName;
  readonly key: string;
  readonly stored: E | null;
}

/** The rows of every table, by key. */
export type TableContents<E> = { readonly [T in TableName]: Map<string, E> };

/** Tables with no rows. */
export function emptyTables<E>(): TableContents<E> {
  return { outbox: new Map(), cases: new Map(), meta: new Map() };
}

/** Transactions over in-memory tables, run one at a time. */
export interface StagedTables<E> {
  /** The committed rows. Change them only while no transaction runs (when opening a store). */
  readonly contents: TableContents<E>;
  /** Runs `work` after every earlier transaction settled; see `SyncStore.transaction`. */
  transaction<R>(work: (tx: StoreTransaction) => Promise<R>): Promise<R>;
  /** Refuses new transactions at once and resolves when the queued ones have settled. */
  close(): Promise<void>;
}

/**
 * Transactions over in-memory tables for the memory and file stores. They run one at a time (a
 * queue, so a read-modify-write never interleaves with another); writes go to a staging copy that
 * is applied only after `work` resolved and `persist` accepted them, so a throw in either keeps
 * nothing.
 */
export function stagedTables<E>(
  codec: RowCodec<E>,
  persist: (writes: readonly TableWrite<E>[]) => Promise<void>,
  contents: TableContents<E> = emptyTables(),
): StagedTables<E> {
  let queue: Promise<unknown> = Promise.resolve();
  let closing = false;
  // The seq of each committed outbox row, so a batch is found without decoding every row.
  let seqs: Map<string, number> | undefined;
  const committedSeqs = (): Map<string, number> => {
    seqs ??= new Map(
      [...contents.outbox].map(([key, stored]) => [key, (codec.decode(stored) as OutboxEntry).seq]),
    );
    return seqs;
  };

  async function run<R>(work: (tx: StoreTransaction) => Promise<R>): Promise<R> {
    const staged = emptyTables<E | null>();
    const stagedSeqs = new Map<string, number>();
    let open = true;
    const ensureOpen = () => {
      if (!open) {
        throw new Error(
          'This transaction has already finished: inside transaction(work), await only the methods of the transaction it passes.',
        );
      }
    };
    const tx: StoreTransaction = {
      async get(table, key) {
        ensureOpen();
        const stored = lookUp(table, key);
        return stored === undefined ? undefined : (codec.decode(stored) as never);
      },
      async getAll(table) {
        ensureOpen();
        const rows: StoreTables[typeof table][] = [];
        for (const [key, stored] of contents[table]) {
          if (!staged[table].has(key)) rows.push(codec.decode(stored) as never);
        }
        for (const stored of staged[table].values()) {
          if (stored !== null) rows.push(codec.decode(stored) as never);
        }
        return sortRows(table, rows);
      },
      async outboxAfter(afterSeq, limit) {
        ensureOpen();
        const found: [string, number][] = [];
        for (const [key, seq] of committedSeqs()) {
          if (seq > afterSeq && !staged.outbox.has(key)) found.push([key, seq]);
        }
        for (const [key, seq] of stagedSeqs) {
          if (seq > afterSeq && staged.outbox.get(key) !== null) found.push([key, seq]);
        }
        found.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        return found.slice(0, Math.max(0, limit)).map(([key]) => {
          const stored = lookUp('outbox', key) as E;
          return codec.decode(stored) as OutboxEntry;
        });
      },
      async put(table, row) {
        ensureOpen();
        const key = rowKey(table, row);
        staged[table].set(key, codec.encode(row));
        if (table === 'outbox') stagedSeqs.set(key, (row as OutboxEntry).seq);
      },
      async delete(table, key) {
        ensureOpen();
        if (lookUp(table, key) !== undefined) staged[table].set(key, null);
        if (table === 'outbox') stagedSeqs.delete(key);
      },
    };
    function lookUp(table: TableName, key: string): E | undefined {
      const change = staged[table].get(key);
      if (change === null) return undefined;
      return change ?? contents[table].get(key);
    }

    let result: R;
    try {
      result = await work(tx);
    } finally {
      open = false;
    }
    const writes: TableWrite<E>[] = [];
    for (const table of Object.keys(staged) as TableName[]) {
      for (const [key, stored] of staged[table]) writes.push({ table, key, stored });
    }
    if (writes.length > 0) {
      await persist(writes);
      const known = seqs;
      for (const { table, key, stored } of writes) {
        if (stored === null) contents[table].delete(key);
        else contents[table].set(key, stored);
        if (table !== 'outbox' || !known) continue;
        const seq = stagedSeqs.get(key);
        if (stored === null || seq === undefined) known.delete(key);
        else known.set(key, seq);
      }
    }
    return result;
  }

  return {
    contents,
    transaction(work) {
      if (closing) {
        return Promise.reject(new Error('The sync store is closed: open it again to use it.'));
      }
      const result = queue.then(() => run(work));
      queue = result.catch(() => undefined);
      return result;
    },
    close() {
      closing = true;
      return queue.then(() => undefined);
    },
  };
}
