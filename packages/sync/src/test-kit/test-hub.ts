import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyRole } from '@talap/core/protocol';
import { openDatabase } from '../../../hub/src/store/open.js';
import { createKey, createOrganisation } from '../../../hub/src/store/organisations.js';
import {
  type HubProcess,
  killHubProcesses,
  startHubProcess,
} from '../../../hub/src/test-kit/hub-process.js';

/** A real `talap-hub serve` process on loopback over a PGlite folder, with one organisation and its keys. */
export interface TestHub {
  readonly url: string;
  readonly organisationId: string;
  /** One key per role, plus three more documenter keys for several devices. */
  readonly keys: Readonly<Record<KeyRole | 'documenter2' | 'documenter3', string>>;
  readonly dataDir: string;
  /** Kills the process with SIGKILL (no shutdown at all). */
  kill(): Promise<void>;
  /** Starts the process again on the same folder; the URL changes with the port. */
  restart(): Promise<string>;
  /** Current base URL. */
  current(): string;
  /** Stops the process and deletes its folder. */
  stop(): Promise<void>;
}

/** Provisions a PGlite folder (organisation and keys) and starts a hub process on it. */
export async function startTestHub(port = 0): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'talap-sync-hub-'));
  const db = await openDatabase({ dataDir });
  let organisationId: string;
  const keys: Record<string, string> = {};
  try {
    const organisation = await createOrganisation(db, 'Sync test');
    organisationId = organisation.id;
    for (const role of ['intake', 'documenter', 'admin', 'analyst'] as const) {
      keys[role] = (await createKey(db, organisation.id, role)).key;
    }
    keys.documenter2 = (await createKey(db, organisation.id, 'documenter')).key;
    keys.documenter3 = (await createKey(db, organisation.id, 'documenter')).key;
  } finally {
    await db.close();
  }
  let process: HubProcess = await startHubProcess({ dataDir }, () => {}, port);
  let url = process.url;
  return {
    get url() {
      return url;
    },
    organisationId,
    keys: keys as TestHub['keys'],
    dataDir,
    async kill() {
      process.child.kill('SIGKILL');
      await process.exited;
    },
    async restart() {
      process = await startHubProcess(
        { dataDir },
        () => {},
        port === 0 ? Number(new URL(url).port) : port,
      );
      url = process.url;
      return url;
    },
    current: () => url,
    async stop() {
      process.child.kill('SIGTERM');
      await process.exited;
      killHubProcesses();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
