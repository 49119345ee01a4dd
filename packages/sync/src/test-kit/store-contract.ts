import { dentalRefusalCase } from '../../../core/src/test-kit/sample-cases.js';
import type { LocalCase, MetaEntry, OutboxEntry, SyncStore } from '../store/types.js';

/** The chai-style assertions the contract uses; both Vitest's `expect` and chai's provide them. */
export interface ContractAssertion {
  readonly to: {
    equal(expected: unknown): void;
    readonly deep: { equal(expected: unknown): void };
  };
}

/** The test functions of the runner the contract runs under: Vitest in Node, mocha in Chromium. */
export interface ContractRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  expect(actual: unknown): ContractAssertion;
}

/**
 * Declares the tests every `SyncStore` must pass. `open` gives a new, empty store for each test;
 * for durable stores, `reopen` opens again, after it was closed, the storage `open` gave.
 */
export function describeStoreContract(
  { describe, it, expect }: ContractRunner,
  name: string,
  open: () => Promise<SyncStore>,
  reopen?: (closed: SyncStore) => Promise<SyncStore>,
): void {
  /** Runs `body` on a new store and closes it (or the store it last reopened) afterwards. */
  async function withStore(
    body: (store: SyncStore, closeLater: (reopened: SyncStore) => SyncStore) => Promise<void>,
  ): Promise<void> {
    let last = await open();
    try {
      await body(last, (reopened) => {
        last = reopened;
        return reopened;
      });
    } finally {
      await last.close();
    }
  }

  describe(`the ${name} store contract`, () => {
    it('reads back a row it put, in a later transaction', () =>
      withStore(async (store) => {
        const entry = outboxEntry(1);
        const result = await store.transaction(async (tx) => {
          await tx.put('outbox', entry);
          await tx.put('cases', { ...localCase(), queued: [entry.id] });
          await tx.put('meta', { key: 'cursor', value: 41 });
          return 'saved';
        });
        expect(result).to.equal('saved');
        const read = await store.transaction(async (tx) => ({
          entry: await tx.get('outbox', entry.id),
          local: await tx.get('cases', caseId),
          cursor: await tx.get('meta', 'cursor'),
          missing: await tx.get('cases', 'no-such-case'),
        }));
        expect(read).to.deep.equal({
          entry,
          local: { ...localCase(), queued: [entry.id] },
          cursor: { key: 'cursor', value: 41 },
          missing: undefined,
        });
      }));

    it('keeps nested data intact: a rejected entry with issues and a conflict with the server copy', () =>
      withStore(async (store) => {
        const rejected = rejectedEntry(1);
        const conflict = conflictEntry(2);
        await store.transaction(async (tx) => {
          await tx.put('outbox', rejected);
          await tx.put('outbox', conflict);
        });
        const all = await store.transaction((tx) => tx.getAll('outbox'));
        expect(all).to.deep.equal([rejected, conflict]);
      }));

    it('returns the outbox in seq order whatever the insertion order', () =>
      withStore(async (store) => {
        // Ids run against seq so that key order and seq order differ.
        const seqs = [3, 10, 1, 2, 20];
        const entries = seqs.map((seq) => outboxEntry(seq, `mutation-${String(100 - seq)}`));
        await store.transaction(async (tx) => {
          for (const entry of entries.slice(0, 3)) await tx.put('outbox', entry);
        });
        await store.transaction(async (tx) => {
          for (const entry of entries.slice(3)) await tx.put('outbox', entry);
        });
        const read = await store.transaction((tx) => tx.getAll('outbox'));
        expect(read.map((entry) => entry.seq)).to.deep.equal([1, 2, 3, 10, 20]);
        expect(read.map((entry) => entry.id)).to.deep.equal([
          'mutation-99',
          'mutation-98',
          'mutation-97',
          'mutation-90',
          'mutation-80',
        ]);
      }));

    it('reads a page of the outbox after a seq, in seq order, seeing the transaction’s own writes', () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          for (const seq of [5, 1, 9, 3, 7])
            await tx.put('outbox', outboxEntry(seq, `mutation-${seq}`));
        });
        const pages = await store.transaction(async (tx) => {
          const first = await tx.outboxAfter(0, 2);
          const second = await tx.outboxAfter(3, 2);
          await tx.delete('outbox', 'mutation-5');
          await tx.put('outbox', outboxEntry(4, 'mutation-4'));
          const afterWrites = await tx.outboxAfter(3, 10);
          return { first, second, afterWrites };
        });
        expect(pages.first.map((entry) => entry.seq)).to.deep.equal([1, 3]);
        expect(pages.second.map((entry) => entry.seq)).to.deep.equal([5, 7]);
        expect(pages.afterWrites.map((entry) => entry.seq)).to.deep.equal([4, 7, 9]);
        const committed = await store.transaction((tx) => tx.outboxAfter(1, 10));
        expect(committed.map((entry) => entry.id)).to.deep.equal([
          'mutation-3',
          'mutation-4',
          'mutation-7',
          'mutation-9',
        ]);
      }));

    it('returns cases and meta in key order', () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          for (const id of ['case-c', 'case-a', 'case-B', 'case-b']) {
            await tx.put('cases', localCase(id));
          }
          for (const key of ['epoch', 'clientId', 'cursor'])
            await tx.put('meta', { key, value: key });
        });
        const { cases, meta } = await store.transaction(async (tx) => ({
          cases: await tx.getAll('cases'),
          meta: await tx.getAll('meta'),
        }));
        expect(cases.map((local) => local.caseId)).to.deep.equal([
          'case-B',
          'case-a',
          'case-b',
          'case-c',
        ]);
        expect(meta.map((entry) => entry.key)).to.deep.equal(['clientId', 'cursor', 'epoch']);
      }));

    it('keeps nothing of a transaction that throws, and rejects with its error', () =>
      withStore(async (store) => {
        const failure = new Error('the form was closed');
        const outcome = await settle(
          store.transaction(async (tx) => {
            await tx.put('outbox', outboxEntry(1));
            throw failure;
          }),
        );
        expect(outcome).to.equal(failure);
        expect(await allRows(store)).to.deep.equal({ outbox: [], cases: [], meta: [] });
      }));

    it('keeps nothing of a transaction that throws after several puts and deletes across tables', () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          await tx.put('outbox', outboxEntry(1));
          await tx.put('cases', localCase());
          await tx.put('meta', { key: 'cursor', value: 7 });
        });
        const before = await allRows(store);
        const outcome = await settle(
          store.transaction(async (tx) => {
            await tx.put('outbox', outboxEntry(2));
            await tx.put('outbox', { ...outboxEntry(1), attempts: 3, frozen: true });
            await tx.put('cases', { ...localCase(), revision: 4, sentFromHere: true });
            await tx.put('cases', localCase('another-case'));
            await tx.delete('meta', 'cursor');
            await tx.put('meta', { key: 'epoch', value: 'e-2' });
            throw new Error('the hub answered with an unknown status');
          }),
        );
        expect(outcome instanceof Error).to.equal(true);
        expect(await allRows(store)).to.deep.equal(before);
      }));

    it('shows writes inside a transaction to later reads in the same transaction', () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          await tx.put('cases', localCase('kept'));
          await tx.put('cases', localCase('removed'));
        });
        const seen = await store.transaction(async (tx) => {
          await tx.put('outbox', outboxEntry(1));
          await tx.put('cases', { ...localCase('kept'), revision: 2 });
          await tx.delete('cases', 'removed');
          return {
            entry: await tx.get('outbox', 'mutation-1'),
            outbox: await tx.getAll('outbox'),
            kept: await tx.get('cases', 'kept'),
            removed: await tx.get('cases', 'removed'),
            cases: await tx.getAll('cases'),
          };
        });
        expect(seen).to.deep.equal({
          entry: outboxEntry(1),
          outbox: [outboxEntry(1)],
          kept: { ...localCase('kept'), revision: 2 },
          removed: undefined,
          cases: [{ ...localCase('kept'), revision: 2 }],
        });
      }));

    it('removes a deleted row, and deleting a missing row is no error', () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          await tx.put('outbox', outboxEntry(1));
          await tx.put('outbox', outboxEntry(2));
        });
        await store.transaction(async (tx) => {
          await tx.delete('outbox', 'mutation-1');
          await tx.delete('outbox', 'never-saved');
        });
        const { one, all } = await store.transaction(async (tx) => ({
          one: await tx.get('outbox', 'mutation-1'),
          all: await tx.getAll('outbox'),
        }));
        expect(one).to.equal(undefined);
        expect(all).to.deep.equal([outboxEntry(2)]);
      }));

    it('returns copies, so changing a row read or put does not change the stored row', () =>
      withStore(async (store) => {
        const written = structuredClone(outboxEntry(1)) as Mutable<OutboxEntry>;
        await store.transaction((tx) => tx.put('outbox', written));
        written.state = 'rejected';
        (written.case as Mutable<OutboxEntry['case']>).organisation = 'changed-after-put';
        const read = (await store.transaction((tx) => tx.get('outbox', 'mutation-1'))) as Mutable<
          OutboxEntry | undefined
        >;
        if (read) {
          read.attempts = 99;
          (read.case as Mutable<OutboxEntry['case']>).organisation = 'changed-after-get';
        }
        const listed = (await store.transaction((tx) => tx.getAll('outbox')))[0] as Mutable<
          OutboxEntry | undefined
        >;
        if (listed) listed.seq = 42;
        const again = await store.transaction((tx) => tx.getAll('outbox'));
        expect(again).to.deep.equal([outboxEntry(1)]);
      }));

    it('runs concurrent transactions one after another: 2 × 50 increments make 100', () =>
      withStore(async (store) => {
        const increment = () =>
          store.transaction(async (tx) => {
            const counter = await tx.get('meta', 'counter');
            await tx.put('meta', { key: 'counter', value: Number(counter?.value ?? 0) + 1 });
          });
        const incrementFiftyTimes = async () => {
          for (let i = 0; i < 50; i++) await increment();
        };
        await Promise.all([incrementFiftyTimes(), incrementFiftyTimes()]);
        const counter = await store.transaction((tx) => tx.get('meta', 'counter'));
        expect(counter).to.deep.equal({ key: 'counter', value: 100 });
      }));

    it('refuses a row without its key and keeps nothing of that transaction', () =>
      withStore(async (store) => {
        const outcome = await settle(
          store.transaction(async (tx) => {
            await tx.put('meta', { key: 'cursor', value: 1 });
            await tx.put('cases', { ...localCase(), caseId: '' });
          }),
        );
        expect(outcome instanceof Error).to.equal(true);
        expect(await allRows(store)).to.deep.equal({ outbox: [], cases: [], meta: [] });
      }));

    it('refuses a transaction once closed', () =>
      withStore(async (store) => {
        await store.close();
        const outcome = await settle(store.transaction((tx) => tx.getAll('meta')));
        expect(outcome instanceof Error).to.equal(true);
      }));

    it(`says it is ${reopen ? 'durable' : 'not durable'}`, () =>
      withStore(async (store) => {
        expect(store.durable).to.equal(reopen !== undefined);
      }));

    if (reopen) {
      it('keeps committed data after close and reopen', () =>
        withStore(async (store, closeLater) => {
          await store.transaction(async (tx) => {
            await tx.put('outbox', rejectedEntry(2));
            await tx.put('outbox', outboxEntry(1));
            await tx.put('cases', localCase());
            await tx.put('meta', { key: 'clientId', value: 'device-7' });
          });
          await store.transaction((tx) => tx.put('meta', { key: 'cursor', value: null }));
          const before = await allRows(store);
          await store.close();
          const reopened = closeLater(await reopen(store));
          expect(await allRows(reopened)).to.deep.equal(before);
          expect(before.outbox.length).to.equal(2);
        }));

      it("has all of a transaction's writes or none after reopen", () =>
        withStore(async (store, closeLater) => {
          await store.transaction(async (tx) => {
            await tx.put('cases', localCase('first'));
            await tx.put('meta', { key: 'cursor', value: 1 });
          });
          await settle(
            store.transaction(async (tx) => {
              await tx.put('cases', localCase('never'));
              await tx.put('outbox', outboxEntry(9));
              await tx.put('meta', { key: 'cursor', value: 99 });
              throw new Error('interrupted');
            }),
          );
          await store.transaction(async (tx) => {
            await tx.put('outbox', outboxEntry(1));
            await tx.put('cases', { ...localCase('first'), revision: 1, sentFromHere: true });
            await tx.delete('meta', 'cursor');
            await tx.put('meta', { key: 'epoch', value: 'e-1' });
          });
          await store.close();
          const reopened = closeLater(await reopen(store));
          expect(await allRows(reopened)).to.deep.equal({
            outbox: [outboxEntry(1)],
            cases: [{ ...localCase('first'), revision: 1, sentFromHere: true }],
            meta: [{ key: 'epoch', value: 'e-1' }],
          });
        }));
    }
  });
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The id of the sample case. */
const caseId = dentalRefusalCase().id;

/** A pending create of the sample case, as the client saves it. */
export function outboxEntry(seq: number, id = `mutation-${seq}`): OutboxEntry {
  return {
    id,
    seq,
    op: 'create',
    caseId,
    case: dentalRefusalCase(),
    frozen: false,
    state: 'pending',
    savedAt: '2024-04-02T16:41:00.000Z',
    attempts: 0,
  };
}

function rejectedEntry(seq: number): OutboxEntry {
  return {
    ...outboxEntry(seq),
    op: 'update',
    baseRevision: 2,
    frozen: true,
    state: 'rejected',
    attempts: 1,
    issues: [
      {
        path: '/incident/violations/0/type',
        code: 'required',
        severity: 'error',
        message: 'Choose what kind of violation this was.',
      },
    ],
  };
}

function conflictEntry(seq: number): OutboxEntry {
  const server = { ...dentalRefusalCase(), revision: 3, updatedAt: '2024-04-03T08:00:00.000Z' };
  return {
    ...outboxEntry(seq),
    op: 'update',
    baseRevision: 2,
    frozen: true,
    state: 'conflict',
    attempts: 2,
    server: { revision: 3, deleted: false, case: server },
  };
}

/** The device's copy of the sample case, under `id` when given. */
export function localCase(id = caseId): LocalCase {
  return {
    caseId: id,
    case: { ...dentalRefusalCase(), id },
    revision: null,
    sentFromHere: false,
    queued: [],
  };
}

/** Every row of every table, read in one transaction. */
export async function allRows(
  store: SyncStore,
): Promise<{ outbox: OutboxEntry[]; cases: LocalCase[]; meta: MetaEntry[] }> {
  return store.transaction(async (tx) => ({
    outbox: await tx.getAll('outbox'),
    cases: await tx.getAll('cases'),
    meta: await tx.getAll('meta'),
  }));
}

/** The error `promise` rejects with, or a marker when it resolves. */
async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error;
  }
}
