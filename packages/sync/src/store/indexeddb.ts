import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import { isStorageFull } from './storage-full.js';
import { keyField, rowKey } from './table-rows.js';
import {
  type LocalCase,
  type MetaEntry,
  type OutboxEntry,
  StorageFullError,
  type StoreTransaction,
  type SyncStore,
  type TableName,
} from './types.js';

interface SyncDatabase extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { seq: number } };
  cases: { key: string; value: LocalCase };
  meta: { key: string; value: MetaEntry };
}

type Database = IDBPDatabase<SyncDatabase>;
type Transaction = IDBPTransaction<SyncDatabase, TableName[], 'readwrite'>;

const tableNames: TableName[] = ['outbox', 'cases', 'meta'];

/**
 * Schema upgrades, by the version they start from: opening runs every step from the database's
 * version on. A step changes stores in place (and may move rows with the upgrade transaction);
 * it never deletes a store to recreate it, because that would lose the outbox.
 */
const upgrades: readonly ((db: Database) => void)[] = [
  (db) => {
    db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('seq', 'seq');
    db.createObjectStore('cases', { keyPath: 'caseId' });
    db.createObjectStore('meta', { keyPath: 'key' });
  },
];

/**
 * Opens (or creates) the browser's durable store in IndexedDB (`durable: true`). Every
 * transaction spans all tables with `durability: "strict"`, so it resolves only once on disk;
 * quota errors become `StorageFullError`, and a lost connection is reopened once.
 */
export async function openIndexedDbStore(name = 'talap-sync'): Promise<SyncStore> {
  requestPersistence();
  let closed = false;
  let db: Database;
  let reopening: Promise<Database> | undefined;

  async function connect(): Promise<Database> {
    let opened: Database | undefined;
    opened = await openDB<SyncDatabase>(name, upgrades.length, {
      upgrade(database, oldVersion) {
        for (const step of upgrades.slice(oldVersion)) step(database);
      },
      // A newer version of the app wants to upgrade the schema: let it; the next use reopens.
      blocking() {
        opened?.close();
      },
    });
    return opened;
  }

  /** Replaces a connection that failed, once, even when several transactions noticed. */
  function reconnect(failed: Database): Promise<Database> {
    if (db !== failed) return Promise.resolve(db);
    reopening ??= connect()
      .then((fresh) => {
        db = fresh;
        return fresh;
      })
      .finally(() => {
        reopening = undefined;
      });
    return reopening;
  }

  db = await connect();
  return {
    durable: true,
    async transaction(work) {
      if (closed) throw new Error('The sync store is closed: open it again to use it.');
      const current = db;
      let tx: Transaction;
      try {
        tx = current.transaction(tableNames, 'readwrite', { durability: 'strict' });
      } catch (error) {
        // "Connection to Indexed Database server lost" (Safari), or closed for a newer version.
        if ((error as DOMException).name !== 'InvalidStateError') throw error;
        const fresh = await reconnect(current);
        tx = fresh.transaction(tableNames, 'readwrite', { durability: 'strict' });
      }
      return run(tx, work);
    },
    async close() {
      closed = true;
      db.close();
    },
  };
}

async function run<R>(tx: Transaction, work: (tx: StoreTransaction) => Promise<R>): Promise<R> {
  let finished = false;
  const done = tx.done.finally(() => {
    finished = true;
  });
  done.catch(() => {});
  let result: R;
  try {
    result = await work(storeTransaction(tx, () => finished));
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failure that made `work` throw.
    }
    await done.catch(() => {});
    throw storageError(error, tx);
  }
  try {
    await done;
  } catch (error) {
    throw storageError(error, tx);
  }
  return result;
}

/** The store's methods on one IndexedDB transaction, called directly so it does not commit early. */
function storeTransaction(tx: Transaction, isFinished: () => boolean): StoreTransaction {
  async function request<R>(name: TableName, send: () => Promise<R>): Promise<R> {
    keyField(name);
    try {
      if (isFinished()) throw new DOMException('finished', 'InvalidStateError');
      return await send();
    } catch (error) {
      const reason = (error as DOMException).name;
      if (reason !== 'TransactionInactiveError' && reason !== 'InvalidStateError') throw error;
      throw new Error(
        'This transaction has already committed: inside transaction(work), await only the methods of the transaction it passes (IndexedDB commits as soon as nothing is pending).',
        { cause: error },
      );
    }
  }
  return {
    get: (name, key) => request(name, () => tx.objectStore(name).get(key)) as never,
    getAll: (name) =>
      request(
        name,
        (): Promise<unknown[]> =>
          name === 'outbox'
            ? tx.objectStore('outbox').index('seq').getAll()
            : tx.objectStore(name).getAll(),
      ) as never,
    outboxAfter: (afterSeq, limit) =>
      request(
        'outbox',
        (): Promise<unknown[]> =>
          tx
            .objectStore('outbox')
            .index('seq')
            .getAll(IDBKeyRange.lowerBound(afterSeq, true), Math.max(1, limit)),
      ) as never,
    async put(name, row) {
      rowKey(name, row);
      await request(name, () => tx.objectStore(name).put(row as never));
    },
    async delete(name, key) {
      await request(name, () => tx.objectStore(name).delete(key));
    },
  };
}

function storageError(error: unknown, tx: Transaction): unknown {
  if (!isStorageFull(error, tx.error)) return error;
  return new StorageFullError(
    'The browser will not store more data for this site (its storage quota is used up): nothing of this transaction was kept. Free space on the device, or send the queued cases first.',
    { cause: error },
  );
}

/** Asks the browser not to evict this site's data under storage pressure (Safari's 7-day rule). */
function requestPersistence(): void {
  try {
    globalThis.navigator?.storage?.persist?.().catch(() => {});
  } catch {
    // Refused or not available: the store works the same, only eviction stays possible.
  }
}
