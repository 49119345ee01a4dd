import type { TestProject } from 'vitest/node';
import { startPostgres } from '../packages/hub/src/test-kit/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server for this run: `TALAP_TEST_DATABASE_URL`, or one started on loopback. */
    postgresUrl: string;
    /** The folder of the PostgreSQL binaries (for pg_dump). */
    postgresBin: string;
  }
}

/** Starts one throwaway PostgreSQL server for the whole run and stops it at the end. */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.TALAP_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    project.provide('postgresBin', process.env.TALAP_PG_BIN ?? '');
    return () => {};
  }
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  project.provide('postgresBin', server.binDir);
  return () => server.stop();
}
