import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.js';

/** Raised when a data folder is already opened by another running hub or command. */
export class DataFolderBusyError extends Error {
  override readonly name = 'DataFolderBusyError';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders this process holds open: a second open here would corrupt them just as another process would. */
const heldHere = new Set<string>();

function busy(dataDir: string, holder: number): DataFolderBusyError {
  return new DataFolderBusyError(
    `The data folder ${dataDir} is in use by process ${holder} (a running talap-hub). Stop it first, or point this command at the same PostgreSQL server with DATABASE_URL.`,
  );
}

/** Takes the folder's lock file, or explains who holds it; a lock left by a dead process is taken over. */
function lockFolder(dataDir: string): () => void {
  const folder = resolve(dataDir);
  if (heldHere.has(folder)) throw busy(dataDir, process.pid);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const lockPath = join(folder, 'talap-hub.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(folder);
      return () => {
        heldHere.delete(folder);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw busy(dataDir, holder);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataFolderBusyError(`Could not lock the data folder ${dataDir}.`);
}

/** Opens (or creates) an embedded PostgreSQL database in `dataDir`; `undefined` keeps it in memory. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const unlock = dataDir === undefined ? () => {} : lockFolder(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  } catch (error) {
    unlock();
    throw error;
  }
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  const self = wrap(db);
  return {
    kind: 'pglite',
    query: self.query,
    exec: self.exec,
    async transaction(work) {
      const result = await db.transaction((tx) => work(wrap(tx)));
      // PGlite's transaction() does not flush its file system after COMMIT; do it before acknowledging.
      await db.syncToFs();
      return result;
    },
    close: async () => {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
