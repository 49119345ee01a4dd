import { readFile } from 'node:fs/promises';
import { keyRoles } from '@talap/core/protocol';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { createHub } from '../hub.js';
import type { Database } from '../store/database.js';
import { DatabaseTooNewError, MissingRoleError } from '../store/migrations.js';
import { openDatabase } from '../store/open.js';
import {
  AdminInputError,
  createKey,
  createOrganisation,
  listKeys,
  listOrganisations,
  revokeKey,
  rotateEpoch,
  setAllowedOrigins,
} from '../store/organisations.js';
import { DataFolderBusyError } from '../store/pglite.js';
import {
  addPublicKey,
  listPublicKeys,
  type PublicKeyInfo,
  retirePublicKey,
} from '../store/public-keys.js';

/** Where the CLI writes and what it reads from its environment, so tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (Ctrl-C, SIGTERM); `serve` then shuts down cleanly. */
  readonly stopSignal?: Promise<void>;
}

/** The default folder of the embedded database, relative to the working directory. */
export const defaultDataDir = 'talap-hub-data';

interface StoreFlags {
  data?: string;
  json?: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  }
  return port;
}

interface ServeFlags {
  port: number;
  host: string;
  maxBodyBytes?: number;
  maxMutationsPerPush?: number;
  requestsPerMinute?: number;
  suppressBelow?: number;
  poolSize?: number;
}

function parseCount(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError('give a whole number.');
  return Number(value);
}

/** Reads a public key file named on the command line; a missing file is a usage mistake. */
async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AdminInputError(
      code === 'ENOENT'
        ? `There is no file ${path}: give the .jwk file \`talap keys generate\` wrote, or the key's JSON text.`
        : `Cannot read ${path} (${code ?? 'error'}).`,
    );
  }
}

/** Runs `talap-hub` with `argv` (without node and the script) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const out = (value: unknown, text: string, json: boolean | undefined) =>
    io.stdout(`${json ? JSON.stringify(value) : text}\n`);

  const withDatabase = async <T>(flags: StoreFlags, work: (db: Database) => Promise<T>) => {
    const databaseUrl = io.env.DATABASE_URL;
    const db = await openDatabase(
      databaseUrl ? { databaseUrl } : { dataDir: flags.data ?? defaultDataDir },
    );
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };

  const program = new Command('talap-hub')
    .description(
      'The Talap case hub: serve the /v1 sync protocol and manage organisations and keys.',
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)');

  const storeOptions = (command: Command) =>
    command
      .option(
        '--data <dir>',
        `folder of the embedded database (ignored when DATABASE_URL is set)`,
        defaultDataDir,
      )
      .option('--json', 'print JSON for scripts');

  storeOptions(
    program
      .command('serve')
      .description('Run the hub over HTTP until stopped (Ctrl-C).')
      .addOption(
        new Option('--port <port>', 'port to listen on').default(8787).argParser(parsePort),
      )
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .addOption(new Option('--max-body-bytes <n>', 'largest request body').argParser(parseCount))
      .addOption(
        new Option('--max-mutations-per-push <n>', 'most mutations in one push').argParser(
          parseCount,
        ),
      )
      .addOption(
        new Option('--requests-per-minute <n>', 'requests per minute per key').argParser(
          parseCount,
        ),
      )
      .addOption(
        new Option(
          '--suppress-below <n>',
          'hide statistics counts under n from analysts (default 5)',
        ).argParser(parseCount),
      )
      .addOption(
        new Option(
          '--pool-size <n>',
          'PostgreSQL connections of this process (default 10)',
        ).argParser(parseCount),
      ),
  ).action(async (flags: StoreFlags & ServeFlags) => {
    const databaseUrl = io.env.DATABASE_URL;
    const limits = {
      ...(flags.maxBodyBytes === undefined ? {} : { maxBodyBytes: flags.maxBodyBytes }),
      ...(flags.maxMutationsPerPush === undefined
        ? {}
        : { maxMutationsPerPush: flags.maxMutationsPerPush }),
      ...(flags.requestsPerMinute === undefined
        ? {}
        : { requestsPerMinute: flags.requestsPerMinute }),
    };
    const hub = await createHub({
      ...(databaseUrl ? { databaseUrl } : { dataDir: flags.data ?? defaultDataDir }),
      ...(flags.poolSize === undefined ? {} : { poolSize: flags.poolSize }),
      ...(flags.suppressBelow === undefined ? {} : { suppressBelow: flags.suppressBelow }),
      limits,
      logger: pino(),
    });
    let url: string;
    try {
      url = await hub.listen({ port: flags.port, host: flags.host });
    } catch (error) {
      await hub.close();
      const code = (error as NodeJS.ErrnoException).code;
      throw new AdminInputError(
        code === 'EADDRINUSE'
          ? `Port ${flags.port} on ${flags.host} is in use. Choose another with --port.`
          : `Cannot listen on ${flags.host}:${flags.port} (${code ?? 'error'}).`,
      );
    }
    out({ url }, `talap-hub listening on ${url}`, flags.json);
    await (io.stopSignal ?? new Promise<void>(() => {}));
    await hub.close();
  });

  const org = program.command('org').description('Manage organisations.');
  storeOptions(
    org
      .command('create')
      .argument('<name>', 'the organisation’s name, unique on this hub')
      .option('--origin <url...>', 'web origins whose pages may use this organisation’s keys')
      .description('Create an organisation.'),
  ).action(async (name: string, flags: StoreFlags & { origin?: string[] }) => {
    const made = await withDatabase(flags, (db) =>
      createOrganisation(db, name, flags.origin ?? []),
    );
    out(
      { id: made.id, name: made.name },
      `created organisation ${made.name} (${made.id})`,
      flags.json,
    );
  });
  storeOptions(org.command('list').description('List organisations.')).action(
    async (flags: StoreFlags) => {
      const all = await withDatabase(flags, (db) => listOrganisations(db));
      out(
        all,
        all.length === 0
          ? 'no organisations yet: create one with talap-hub org create NAME'
          : all.map((o) => `${o.id}  ${o.name}  ${o.allowedOrigins.join(' ')}`).join('\n'),
        flags.json,
      );
    },
  );
  storeOptions(
    org
      .command('origins')
      .argument('<org>', 'organisation id or name')
      .argument('[origins...]', 'the origins to allow (none to allow no web page)')
      .description(
        'Set the web origins whose pages may call the hub with this organisation’s keys.',
      ),
  ).action(async (orgName: string, origins: string[], flags: StoreFlags) => {
    const updated = await withDatabase(flags, (db) => setAllowedOrigins(db, orgName, origins));
    out(
      { id: updated.id, name: updated.name, allowedOrigins: updated.allowedOrigins },
      `${updated.name} allows: ${updated.allowedOrigins.join(' ') || 'no web origins'}`,
      flags.json,
    );
  });

  const publicKey = org
    .command('public-key')
    .description(
      'Manage the public keys forms and sync clients encrypt identifying fields for (docs/encryption.md).',
    );
  const describePublicKey = (info: PublicKeyInfo) =>
    `${info.keyId}  ${info.status.padEnd(7)}  ${info.fingerprint}  added ${info.createdAt.slice(0, 10)}${info.retiredAt ? `, retired ${info.retiredAt.slice(0, 10)}` : ''}`;
  storeOptions(
    publicKey
      .command('add')
      .argument('<org>', 'organisation id or name')
      .argument(
        '<file-or-jwk>',
        'the public key: the .jwk file `talap keys generate` wrote, or its JSON text (never the private key file)',
      )
      .description(
        'Add a public key and make it the one new values are encrypted for; the key active until now is retired and stays readable with its key file.',
      ),
  ).action(async (orgName: string, given: string, flags: StoreFlags) => {
    const text = given.trimStart().startsWith('{') ? given : await readKeyFile(given);
    const { added, retired } = await withDatabase(flags, (db) => addPublicKey(db, orgName, text));
    out(
      { added, retired },
      [
        `added public key ${added.keyId}, now the active one`,
        `fingerprint: ${added.fingerprint}`,
        'Compare it with the fingerprint `talap keys generate` printed before you pin it in a page.',
        ...retired.map(
          (old) => `retired public key ${old.keyId}: keep its key file to read older cases`,
        ),
      ].join('\n'),
      flags.json,
    );
  });
  storeOptions(
    publicKey
      .command('list')
      .argument('<org>', 'organisation id or name')
      .description('List the organisation’s public keys, the active one first.'),
  ).action(async (orgName: string, flags: StoreFlags) => {
    const keys = await withDatabase(flags, (db) => listPublicKeys(db, orgName));
    out(
      keys,
      keys.map(describePublicKey).join('\n') ||
        'no public keys: identifying fields are not encrypted. Add one with: talap-hub org public-key add ORG FILE.jwk',
      flags.json,
    );
  });
  storeOptions(
    publicKey
      .command('retire')
      .argument('<org>', 'organisation id or name')
      .argument('<key-id>', 'the key id (16 hex digits) or the fingerprint')
      .description(
        'Retire a public key: nothing new is encrypted for it; what was encrypted for it stays readable with its key file.',
      ),
  ).action(async (orgName: string, keyId: string, flags: StoreFlags) => {
    const retired = await withDatabase(flags, (db) => retirePublicKey(db, orgName, keyId));
    out(
      retired,
      `retired public key ${retired.keyId}: keep its key file to read the cases encrypted for it`,
      flags.json,
    );
  });

  const key = program.command('key').description('Manage keys.');
  storeOptions(
    key
      .command('create')
      .requiredOption('--org <org>', 'organisation id or name')
      .addOption(
        new Option('--role <role>', 'what the key may do').choices(keyRoles).makeOptionMandatory(),
      )
      .option('--label <label>', 'a note to recognise the key by (not secret)')
      .description('Create a key. It is shown once: store it now.'),
  ).action(
    async (
      flags: StoreFlags & { org: string; role: (typeof keyRoles)[number]; label?: string },
    ) => {
      const made = await withDatabase(flags, (db) =>
        createKey(db, flags.org, flags.role, flags.label),
      );
      out(
        made,
        `created ${made.role} key ${made.id}\n${made.key}\nThis is the only time the key is shown: store it now.`,
        flags.json,
      );
    },
  );
  storeOptions(
    key
      .command('revoke')
      .argument('<id>', 'the key id (not the key)')
      .description('Revoke a key at once.'),
  ).action(async (id: string, flags: StoreFlags) => {
    const revoked = await withDatabase(flags, (db) => revokeKey(db, id));
    if (!revoked) throw new AdminInputError(`No key ${id}. See them with: talap-hub key list`);
    out({ id, revoked: true }, `revoked key ${id}`, flags.json);
  });
  storeOptions(
    key
      .command('list')
      .option('--org <org>', 'only this organisation’s keys')
      .description('List keys (never their secrets).'),
  ).action(async (flags: StoreFlags & { org?: string }) => {
    const keys = await withDatabase(flags, (db) => listKeys(db, flags.org));
    out(
      keys,
      keys
        .map(
          (k) =>
            `${k.id}  ${k.role.padEnd(10)} ${k.revokedAt ? 'revoked' : 'active '}  ${k.label ?? ''}`,
        )
        .join('\n') || 'no keys',
      flags.json,
    );
  });

  const epoch = program.command('epoch').description('Manage the hub’s epoch.');
  storeOptions(
    epoch
      .command('rotate')
      .description(
        'Give the hub a new epoch: run this after restoring the database from a backup, so clients re-send what the restore lost.',
      ),
  ).action(async (flags: StoreFlags) => {
    const value = await withDatabase(flags, (db) => rotateEpoch(db));
    out({ epoch: value }, `new epoch ${value}`, flags.json);
  });

  storeOptions(
    program.command('migrate').description('Apply database migrations and exit.'),
  ).action(async (flags: StoreFlags) => {
    await withDatabase(flags, async () => {});
    out({ migrated: true }, 'the database is up to date', flags.json);
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (
      error instanceof AdminInputError ||
      error instanceof DataFolderBusyError ||
      error instanceof DatabaseTooNewError ||
      error instanceof MissingRoleError ||
      error instanceof RangeError
    ) {
      io.stderr(`talap-hub: ${error.message}\n`);
      return error instanceof AdminInputError ? 2 : 1;
    }
    const code = (error as { code?: unknown }).code;
    io.stderr(
      `talap-hub: ${code === 'ECONNREFUSED' ? 'cannot reach the PostgreSQL server in DATABASE_URL' : `failed (${(error as Error).name}${typeof code === 'string' ? ` ${code}` : ''})`}\n`,
    );
    return 1;
  }
}
