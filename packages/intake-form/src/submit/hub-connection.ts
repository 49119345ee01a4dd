import type { SyncClient } from '@talap/sync';
import { loadEncryption } from './load-encryption.js';
import { loadSyncModules } from './load-sync.js';

/** The IndexedDB database of a hub's outbox: one per hub, so two hubs on one page never mix. */
export function outboxDatabaseName(hub: string): string {
  return `talap-sync:${hub.replace(/\/+$/, '')}`;
}

const connections = new Map<string, Promise<SyncClient>>();

/**
 * The sync client of a hub and key, opened on first use and shared by every form on the page
 * that uses them. It stays open for the life of the page, so a report queued offline is sent
 * when the connection returns even after its form was removed.
 */
export function hubConnection(options: {
  readonly hub: string;
  readonly key: string;
  readonly locale: string;
  /** The pinned fingerprint(s) of the organisation's key, comma-separated: the client then encrypts. */
  readonly fingerprint?: string | undefined;
}): Promise<SyncClient> {
  const { fingerprint } = options;
  const id = `${options.hub}\u0000${options.key}\u0000${fingerprint}`;
  let connection = connections.get(id);
  if (!connection) {
    connection = (async () => {
      // The encryption part goes first: in the single-file build it brings the crypto the client loads.
      if (fingerprint) await loadEncryption();
      const { createSyncClient, openIndexedDbStore } = await loadSyncModules();
      const store = await openIndexedDbStore(outboxDatabaseName(options.hub));
      return createSyncClient({
        hub: options.hub,
        key: options.key,
        store,
        locale: options.locale,
        encryption: fingerprint ? { fingerprint } : undefined,
      });
    })();
    // A failed open is not kept: the next use tries again.
    connection.catch(() => connections.delete(id));
    connections.set(id, connection);
  }
  return connection;
}
