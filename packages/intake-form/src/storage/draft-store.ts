import type { IntakeFormMode } from '../config.js';
import type { FormValues } from '../model/form-values.js';

/** An unfinished form kept on the device, only when the embedding site turns drafts on. */
export interface Draft {
  readonly mode: IntakeFormMode;
  readonly values: FormValues;
  readonly step: number;
  readonly caseId: string;
  readonly createdAt: string;
  readonly savedAt: string;
}

/** Where drafts are kept: one per draft key. */
export interface DraftStore {
  load(key: string): Promise<Draft | undefined>;
  save(key: string, draft: Draft): Promise<void>;
  /** Removes a draft; resolves once the removal is on disk. */
  clear(key: string): Promise<void>;
}

/** The IndexedDB database of drafts in this origin. */
export const draftDatabaseName = 'talap-intake-form-drafts';
const storeName = 'drafts';

function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Drafts in IndexedDB rather than localStorage: a draft holds special-category data, and
 * IndexedDB keeps it out of the synchronous storage that every script on the page (and
 * browser extensions reading `localStorage`) can dump in one call. Written against the bare
 * IndexedDB API (three calls on one store), which costs less in the bundle than a wrapper.
 */
export function indexedDbDraftStore(name = draftDatabaseName): DraftStore {
  let opening: Promise<IDBDatabase> | undefined;
  const database = (): Promise<IDBDatabase> => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(storeName);
      request.onsuccess = () => {
        const db = request.result;
        // A newer version of the page wants the database: let it; the next use reopens.
        db.onversionchange = () => {
          db.close();
          opening = undefined;
        };
        resolve(db);
      };
      request.onerror = () => {
        opening = undefined;
        reject(request.error);
      };
    });
    return opening;
  };
  /** Runs one request in its own transaction and resolves once the transaction is on disk. */
  const run = async <T>(
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> => {
    const tx = (await database()).transaction(storeName, mode, { durability: 'strict' });
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
    });
    const result = settled(work(tx.objectStore(storeName)));
    await done;
    return result;
  };
  return {
    async load(key) {
      const draft = (await run('readonly', (store) => store.get(key))) as Draft | undefined;
      return draft && typeof draft === 'object' && 'values' in draft ? draft : undefined;
    },
    async save(key, draft) {
      await run('readwrite', (store) => store.put(draft, key));
    },
    async clear(key) {
      await run('readwrite', (store) => store.delete(key));
    },
  };
}
