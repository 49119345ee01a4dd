/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import {
  allRows,
  describeStoreContract,
  localCase,
  outboxEntry,
} from '../test-kit/store-contract.js';
import { openIndexedDbStore } from './indexeddb.js';
import type { SyncStore } from './types.js';

const names = new WeakMap<SyncStore, string>();

async function openNamed(name: string): Promise<SyncStore> {
  const store = await openIndexedDbStore(name);
  names.set(store, name);
  return store;
}

const newName = () => `talap-sync-test-${crypto.randomUUID()}`;

describeStoreContract(
  { describe, it, expect },
  'IndexedDB',
  () => openNamed(newName()),
  (closed) => openNamed(names.get(closed) ?? ''),
);

/** Replaces `IDBDatabase.prototype.transaction` so its next `failures` calls throw as Safari does when its IndexedDB server goes away. */
function loseConnection(failures: number): () => void {
  const original = IDBDatabase.prototype.transaction;
  let left = failures;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args) {
    if (left-- > 0) {
      throw new DOMException(
        'Connection to Indexed Database server lost. Refresh the page to try again',
        'InvalidStateError',
      );
    }
    return original.apply(this, args);
  } as typeof original;
  return () => {
    IDBDatabase.prototype.transaction = original;
  };
}

/** Counts calls of `indexedDB.open` until the returned function is called. */
function countOpens(): { count: () => number; restore: () => void } {
  const original = IDBFactory.prototype.open;
  let calls = 0;
  IDBFactory.prototype.open = function (this: IDBFactory, ...args) {
    calls += 1;
    return original.apply(this, args);
  } as typeof original;
  return {
    count: () => calls,
    restore: () => {
      IDBFactory.prototype.open = original;
    },
  };
}

describe('the IndexedDB store', () => {
  it('creates the outbox (by id, with a seq index), cases (by caseId) and meta (by key)', async () => {
    const name = newName();
    await (await openIndexedDbStore(name)).close();
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      expect([...raw.objectStoreNames]).to.deep.equal(['cases', 'meta', 'outbox']);
      const tx = raw.transaction(['outbox', 'cases', 'meta']);
      const outbox = tx.objectStore('outbox');
      expect(outbox.keyPath).to.equal('id');
      expect([...outbox.indexNames]).to.deep.equal(['seq']);
      expect(outbox.index('seq').keyPath).to.equal('seq');
      expect(tx.objectStore('cases').keyPath).to.equal('caseId');
      expect(tx.objectStore('meta').keyPath).to.equal('key');
    } finally {
      raw.close();
    }
  });

  it('keeps its rows when the database is closed and opened again by name', async () => {
    const name = newName();
    const store = await openIndexedDbStore(name);
    await store.transaction(async (tx) => {
      await tx.put('outbox', outboxEntry(1));
      await tx.put('cases', localCase());
    });
    await store.close();
    const reopened = await openIndexedDbStore(name);
    try {
      expect(await allRows(reopened)).to.deep.equal({
        outbox: [outboxEntry(1)],
        cases: [localCase()],
        meta: [],
      });
    } finally {
      await reopened.close();
    }
  });

  it('reopens the database once when the connection was lost, and the transaction commits', async () => {
    const store = await openIndexedDbStore(newName());
    const opens = countOpens();
    const restore = loseConnection(1);
    try {
      await store.transaction((tx) => tx.put('outbox', outboxEntry(1)));
    } finally {
      restore();
      opens.restore();
    }
    expect(opens.count()).to.equal(1);
    expect((await allRows(store)).outbox).to.deep.equal([outboxEntry(1)]);
    await store.close();
  });

  it('fails with the InvalidStateError when the reopened connection is lost too', async () => {
    const store = await openIndexedDbStore(newName());
    const restore = loseConnection(2);
    let failure: unknown;
    try {
      await store.transaction((tx) => tx.put('outbox', outboxEntry(1)));
    } catch (error) {
      failure = error;
    } finally {
      restore();
    }
    expect((failure as DOMException | undefined)?.name).to.equal('InvalidStateError');
    expect((await allRows(store)).outbox).to.deep.equal([]);
    await store.close();
  });

  it('explains that a transaction already committed when work awaited something else', async () => {
    const store = await openIndexedDbStore(newName());
    let failure: unknown;
    try {
      await store.transaction(async (tx) => {
        await tx.put('meta', { key: 'cursor', value: 1 });
        await new Promise((resolve) => setTimeout(resolve, 0));
        await tx.get('meta', 'cursor');
      });
    } catch (error) {
      failure = error;
    }
    expect(String((failure as Error | undefined)?.message)).to.match(/already committed/);
    await store.close();
  });
});
