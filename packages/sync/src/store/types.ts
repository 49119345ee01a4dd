import type { Case, ValidationIssue } from '@talap/core';

/** Where a mutation stands in the outbox. */
export type OutboxState =
  /** Waiting to be sent. */
  | 'pending'
  /** Refused by the hub (`invalid` or `mismatch`): kept, with the hub's issues, until the app fixes or discards it. */
  | 'rejected'
  /** The hub has another version of the case: kept, with the server's version, until the app decides. */
  | 'conflict';

/** One change waiting in the outbox. */
export interface OutboxEntry {
  /** The mutation's own id, made on the device; the hub keeps a receipt under it. */
  readonly id: string;
  /** Local order: lower numbers are sent first. */
  readonly seq: number;
  readonly op: 'create' | 'update';
  readonly caseId: string;
  /** The case as it will be sent. Never changed once `frozen`. */
  readonly case: Case;
  /** The hub revision this edit was made on; set when the mutation is frozen (updates only). */
  readonly baseRevision?: number;
  /** True once its first send started: from then on payload and base never change. */
  readonly frozen: boolean;
  readonly state: OutboxState;
  /** When it was saved (ISO time). */
  readonly savedAt: string;
  /** How many times it was sent. */
  readonly attempts: number;
  /** For `rejected`: the hub's issues. */
  readonly issues?: readonly ValidationIssue[];
  /** For `conflict`: the hub's current revision and record, when the key may read them. */
  readonly server?: {
    readonly revision: number;
    readonly deleted: boolean;
    readonly case: Case | null;
  };
  /** True for a re-send after the hub was restored from a backup (its epoch changed). */
  readonly resend?: boolean;
}

/** The device's copy of a case. */
export interface LocalCase {
  readonly caseId: string;
  /** The latest local state (what the user sees), which may include edits not yet sent. */
  readonly case: Case;
  /** The hub revision that `case` builds on; null until the hub first acknowledged it. */
  readonly revision: number | null;
  /** True when this device sent it and the hub acknowledged it (what a restored hub may have lost). */
  readonly sentFromHere: boolean;
  /** Ids of this case's outbox entries, oldest first, so the client never scans the outbox per case. */
  readonly queued: readonly string[];
}

/** A small named value: the pull cursor, the hub's epoch, the client id, the next outbox number. */
export interface MetaEntry {
  readonly key: string;
  readonly value: string | number | null;
}

/** The tables of a store and the row type of each. */
export interface StoreTables {
  readonly outbox: OutboxEntry;
  readonly cases: LocalCase;
  readonly meta: MetaEntry;
}

/** The name of a table. */
export type TableName = keyof StoreTables;

/** The key of each table's rows. */
export const tableKeys = { outbox: 'id', cases: 'caseId', meta: 'key' } as const satisfies {
  readonly [T in TableName]: keyof StoreTables[T];
};

/**
 * Reads and writes inside one store transaction. Only await these methods inside a transaction:
 * IndexedDB commits a transaction as soon as it has nothing left to do.
 */
export interface StoreTransaction {
  get<T extends TableName>(table: T, key: string): Promise<StoreTables[T] | undefined>;
  /** Every row of a table; the outbox comes in `seq` order, other tables in key order. */
  getAll<T extends TableName>(table: T): Promise<StoreTables[T][]>;
  /** Outbox entries with `seq` above `afterSeq`, in `seq` order, at most `limit` of them: reads a batch without decoding the whole outbox. */
  outboxAfter(afterSeq: number, limit: number): Promise<OutboxEntry[]>;
  put<T extends TableName>(table: T, row: StoreTables[T]): Promise<void>;
  delete(table: TableName, key: string): Promise<void>;
}

/**
 * Where the sync client keeps its outbox and cases. Every transaction is atomic (all its writes or
 * none) and, for durable stores, on disk when it resolves.
 */
export interface SyncStore {
  /** Whether committed data survives a restart (false for the memory store). */
  readonly durable: boolean;
  /** Runs `work` in one atomic transaction; a throw rolls every write back. */
  transaction<R>(work: (tx: StoreTransaction) => Promise<R>): Promise<R>;
  /** Releases the store (closes files or the database). */
  close(): Promise<void>;
}

/** Raised when the device is out of storage space: nothing of the failed write was kept. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
}
