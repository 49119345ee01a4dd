import type { Database } from './database.js';
import { migrate } from './migrations.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

/** Where the hub keeps its data: a PGlite folder, a PostgreSQL server, or (for tests) memory. */
export interface StorageOptions {
  /** A PostgreSQL connection string; wins over `dataDir`. */
  readonly databaseUrl?: string;
  /** A folder for the embedded database (PGlite); created when missing. */
  readonly dataDir?: string;
  /** Connections to PostgreSQL per hub process (default 10). */
  readonly poolSize?: number;
}

/** Opens the hub's database and applies any migrations it lacks. */
export async function openDatabase(options: StorageOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.poolSize)
    : await openPglite(options.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
