import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A throwaway PostgreSQL server on loopback, for tests and benchmarks. */
export interface PostgresServer {
  /** A connection string to its `postgres` database, as the superuser `postgres`. */
  readonly url: string;
  /** The folder of its binaries (pg_dump lives there). */
  readonly binDir: string;
  /** Stops the server and deletes its files. */
  stop(): void;
}

/** Finds the server binaries: `TALAP_PG_BIN`, else the newest Debian `/usr/lib/postgresql/N/bin`. */
export function findPostgresBinaries(): string {
  const fromEnv = process.env.TALAP_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL server binaries were not found. Run `npm run bootstrap` (it installs Debian’s postgresql package) or set TALAP_PG_BIN to the folder holding initdb and pg_ctl.',
    );
  }
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, commands run as the `postgres` system user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  const exists = spawnSync('id', ['-u', 'postgres']).status === 0;
  if (!exists) execFileSync('useradd', ['--system', '--no-create-home', 'postgres']);
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

/** Creates a cluster in a temporary folder and starts it on a free loopback port (about 1–2 s). */
export async function startPostgres(): Promise<PostgresServer> {
  const binDir = findPostgresBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'talap-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = (command: string, args: string[]) => {
    const [file, argv] = asServerUser(join(binDir, command), args);
    execFileSync(file, argv, { stdio: 'pipe' });
  };
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  run('pg_ctl', [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'server.log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    'start',
  ]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    binDir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Makes an empty database on the server at `serverUrl` and returns its connection string. */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `talap_test_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
