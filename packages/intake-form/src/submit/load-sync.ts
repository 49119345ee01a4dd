import type { createSyncClient } from '@talap/sync';
import type { openIndexedDbStore } from '@talap/sync/indexeddb';

/** The two functions of `@talap/sync` the form needs. */
export interface SyncModules {
  readonly createSyncClient: typeof createSyncClient;
  readonly openIndexedDbStore: typeof openIndexedDbStore;
}

/**
 * Loads `@talap/sync` on first use, so a form without a hub never loads it. The single-file
 * bundle replaces this module with one that loads its sibling `talap-intake-form.sync.js`
 * (see scripts/build-bundle.ts).
 */
export async function loadSyncModules(): Promise<SyncModules> {
  const [sync, indexedDb] = await Promise.all([
    import('@talap/sync'),
    import('@talap/sync/indexeddb'),
  ]);
  return {
    createSyncClient: sync.createSyncClient,
    openIndexedDbStore: indexedDb.openIndexedDbStore,
  };
}
