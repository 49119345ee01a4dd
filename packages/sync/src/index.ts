/**
 * @talap/sync: the offline-first sync client of Talap. Cases are saved to a durable local outbox
 * and delivered to the hub exactly once, whatever the network does in between.
 */

export { backoffDelay, defaultRetryPolicy, type RetryPolicy } from './client/backoff.js';
export { diffCases, sameValue } from './client/diff.js';
export type {
  EncryptionError,
  EncryptionErrorCode,
  EncryptionOptions,
  EncryptResult,
} from './client/encryption.js';
export type { SyncError, SyncErrorKind, SyncEvents, SyncReport } from './client/events.js';
export {
  type Conflict,
  createSyncClient,
  type EncryptionKeyStatus,
  type SaveResult,
  type SyncClient,
  type SyncClientOptions,
  type SyncStatus,
} from './client/sync-client.js';
export { memoryStore } from './store/memory.js';
export {
  type LocalCase,
  type MetaEntry,
  type OutboxEntry,
  type OutboxState,
  StorageFullError,
  type StoreTables,
  type StoreTransaction,
  type SyncStore,
  type TableName,
  tableKeys,
} from './store/types.js';
