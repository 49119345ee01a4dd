import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { emptyTables, stagedTables, type TableContents, type TableWrite } from './staged-tables.js';
import { isStorageFull } from './storage-full.js';
import { keyField, rowKey } from './table-rows.js';
import {
  StorageFullError,
  type StoreTables,
  type SyncStore,
  type TableName,
  tableKeys,
} from './types.js';

/** What the first line of a store file says it is. */
const fileFormat = 'talap-sync-store';
/** The layout of the file this code writes; a newer number means a newer @talap/sync wrote it. */
const fileFormatVersion = 1;
/** Below this many bytes of log the file is not worth rewriting on open, however small the snapshot. */
const smallLogBytes = 64 * 1024;

/** Options of `openFileStore`. */
export interface FileStoreOptions {
  /** Rewrite the file as one snapshot on open once it logs more transactions than this (default 1,000). */
  readonly compactAfter?: number;
}

/** Raised when the store file is already open, in this process or in another running one. */
export class StoreFileBusyError extends Error {
  override readonly name = 'StoreFileBusyError';
}

/** Raised when the store file is damaged or is not a sync store: nothing was read from it or changed. */
export class StoreFileCorruptError extends Error {
  override readonly name = 'StoreFileCorruptError';
  /** The 1-based line of the file that could not be read. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/**
 * Opens (or creates) a durable store in one file, for Node scripts (`durable: true`). The file is
 * a snapshot line followed by one JSON line per committed transaction, flushed to disk before the
 * transaction resolves; a line torn by a crash is dropped on the next open. One process at a time:
 * a lock file beside it (`<path>.lock`) holds the owner's pid. Transactions run one at a time.
 */
export async function openFileStore(
  path: string,
  options: FileStoreOptions = {},
): Promise<SyncStore> {
  const file = resolve(path);
  const unlock = lockFile(path, file);
  try {
    return await openLocked(path, file, options.compactAfter ?? 1000, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openLocked(
  path: string,
  file: string,
  compactAfter: number,
  unlock: () => void,
): Promise<SyncStore> {
  const loaded = await load(path, file, compactAfter);
  const handle = await open(file, 'r+');
  let size = loaded.size;
  let broken: Error | undefined;

  async function append(writes: readonly TableWrite<string>[]): Promise<void> {
    if (broken) throw broken;
    const line = Buffer.from(transactionLine(writes), 'utf8');
    try {
      let written = 0;
      while (written < line.length) {
        const { bytesWritten } = await handle.write(
          line,
          written,
          line.length - written,
          size + written,
        );
        if (bytesWritten === 0) throw new Error(`Writing to ${path} made no progress.`);
        written += bytesWritten;
      }
      await handle.datasync();
    } catch (error) {
      // Cut the partial line off, or the next transaction would be glued to it and the file damaged.
      await handle.truncate(size).catch((truncateError: unknown) => {
        broken = new Error(
          `The sync store ${path} could not be repaired after a failed write: close it and open it again (the last transaction was not kept).`,
          { cause: truncateError },
        );
      });
      throw writeError(path, error);
    }
    size += line.length;
  }

  const tables = stagedTables<string>(
    {
      encode: (row) => JSON.stringify(row),
      decode: (stored) => JSON.parse(stored) as StoreTables[TableName],
    },
    append,
    loaded.contents,
  );
  let closing: Promise<void> | undefined;
  return {
    durable: true,
    transaction: (work) => tables.transaction(work),
    close() {
      closing ??= (async () => {
        try {
          await tables.close();
          await handle.close();
        } finally {
          unlock();
        }
      })();
      return closing;
    },
  };
}

/** Reads the file into tables (creating it when missing), drops a torn last line and compacts a long log. */
async function load(
  path: string,
  file: string,
  compactAfter: number,
): Promise<{ contents: TableContents<string>; size: number }> {
  // A snapshot left half-written by a crash during compaction: the file itself is intact.
  await rm(`${file}.tmp`, { force: true });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    bytes = Buffer.alloc(0);
  }
  if (bytes.length === 0) {
    const contents = emptyTables<string>();
    return { contents, size: await writeSnapshot(path, file, contents) };
  }
  const log = readLog(path, bytes);
  if (log.validLength < bytes.length) {
    const handle = await open(file, 'r+');
    try {
      await handle.truncate(log.validLength);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  const logBytes = log.validLength - log.snapshotBytes;
  const grown = logBytes > 2 * log.snapshotBytes && logBytes > smallLogBytes;
  if (log.transactions > compactAfter || grown) {
    try {
      return { contents: log.contents, size: await writeSnapshot(path, file, log.contents) };
    } catch {
      // Compaction only saves space and time: the log read above is complete and still in place.
    }
  }
  return { contents: log.contents, size: log.validLength };
}

interface ReadLog {
  readonly contents: TableContents<string>;
  /** Bytes up to the end of the last complete, readable line. */
  readonly validLength: number;
  readonly snapshotBytes: number;
  /** Transaction lines after the snapshot. */
  readonly transactions: number;
}

/** Replays the snapshot line and every transaction line; only the last line may be torn. */
function readLog(path: string, bytes: Buffer): ReadLog {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const contents = emptyTables<string>();
  let start = 0;
  let line = 0;
  let snapshotBytes = 0;
  while (start < bytes.length) {
    line += 1;
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    const isLast = newline === -1 || newline + 1 === bytes.length;
    const damaged = (what: string) =>
      new StoreFileCorruptError(
        `The sync store ${path} is damaged at line ${line}: ${what}. Nothing was read or changed. Restore the file from a backup, or move it aside to start with an empty store (its unsent cases are then lost).`,
        line,
      );
    let value: unknown;
    try {
      if (newline === -1) throw new Error('no line end');
      value = JSON.parse(decoder.decode(bytes.subarray(start, end)));
    } catch {
      // A crash while appending leaves at most the last line incomplete; its transaction never resolved.
      if (isLast && line > 1) break;
      if (line === 1) {
        throw damaged('the first line is not a sync store header (is this the right file?)');
      }
      throw damaged('the line is not valid JSON (only the last line can be cut short by a crash)');
    }
    if (line === 1) applySnapshot(path, value, contents, damaged);
    else applyTransaction(value, contents, damaged);
    start = end + 1;
    if (line === 1) snapshotBytes = start;
  }
  return { contents, validLength: start, snapshotBytes, transactions: Math.max(0, line - 1) };
}

type Damaged = (what: string) => StoreFileCorruptError;

function applySnapshot(
  path: string,
  value: unknown,
  contents: TableContents<string>,
  damaged: Damaged,
): void {
  if (!isRecord(value) || value.format !== fileFormat) {
    throw damaged('the first line is not a sync store header (is this the right file?)');
  }
  if (value.version !== fileFormatVersion) {
    throw new StoreFileCorruptError(
      `The sync store ${path} has file format ${JSON.stringify(value.version)}, and this @talap/sync reads format ${fileFormatVersion}: another version of @talap/sync wrote it. Open it with that version, or update.`,
      1,
    );
  }
  const tables = value.tables;
  if (!isRecord(tables)) throw damaged('the header has no "tables" object');
  for (const table of Object.keys(tableKeys) as TableName[]) {
    const rows = tables[table] ?? [];
    if (!Array.isArray(rows)) throw damaged(`the snapshot's "${table}" is not a list`);
    for (const row of rows) putRow(contents, table, row, damaged);
  }
}

function applyTransaction(value: unknown, contents: TableContents<string>, damaged: Damaged): void {
  if (!isRecord(value) || !Array.isArray(value.puts) || !Array.isArray(value.deletes)) {
    throw damaged('the line is not a transaction ({"puts":[…],"deletes":[…]})');
  }
  for (const put of value.puts) {
    if (!Array.isArray(put) || put.length !== 2 || !isTable(put[0])) {
      throw damaged('a put is not [table, row]');
    }
    putRow(contents, put[0], put[1], damaged);
  }
  for (const deletion of value.deletes) {
    if (!Array.isArray(deletion) || !isTable(deletion[0]) || typeof deletion[1] !== 'string') {
      throw damaged('a delete is not [table, key]');
    }
    contents[deletion[0]].delete(deletion[1]);
  }
}

function putRow(
  contents: TableContents<string>,
  table: TableName,
  row: unknown,
  damaged: Damaged,
): void {
  if (!isRecord(row)) throw damaged(`a row of ${table} is not an object`);
  let key: string;
  try {
    key = rowKey(table, row as unknown as StoreTables[TableName]);
  } catch {
    throw damaged(`a row of ${table} has no "${keyField(table)}"`);
  }
  contents[table].set(key, JSON.stringify(row));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTable(value: unknown): value is TableName {
  return typeof value === 'string' && Object.hasOwn(tableKeys, value);
}

/** One committed transaction as a log line; rows are already JSON. */
function transactionLine(writes: readonly TableWrite<string>[]): string {
  const puts: string[] = [];
  const deletes: string[] = [];
  for (const { table, key, stored } of writes) {
    if (stored === null) deletes.push(JSON.stringify([table, key]));
    else puts.push(`[${JSON.stringify(table)},${stored}]`);
  }
  return `{"puts":[${puts.join(',')}],"deletes":[${deletes.join(',')}]}\n`;
}

function snapshotLine(contents: TableContents<string>): string {
  const tables = (Object.keys(tableKeys) as TableName[]).map(
    (table) => `${JSON.stringify(table)}:[${[...contents[table].values()].join(',')}]`,
  );
  return `{"format":"${fileFormat}","version":${fileFormatVersion},"tables":{${tables.join(',')}}}\n`;
}

/** Replaces the file with one snapshot line, atomically: a crash leaves the old file or the new one. */
async function writeSnapshot(
  path: string,
  file: string,
  contents: TableContents<string>,
): Promise<number> {
  const text = Buffer.from(snapshotLine(contents), 'utf8');
  const temporary = `${file}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw writeError(path, error);
  }
  await syncFolder(dirname(file));
  return text.length;
}

/** Flushes a folder so a file created or renamed in it survives a power cut. */
async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder as a file; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function writeError(path: string, error: unknown): unknown {
  if (!isStorageFull(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new StorageFullError(
    `The disk holding the sync store ${path} is full (${code}): nothing of this transaction was kept. Free some space and try again.`,
    { cause: error },
  );
}

/** Store files this process holds open: a second store on the same file would overwrite the first's writes. */
const heldHere = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<file>.lock`, or explains who holds it; a lock left by a process that is gone is taken over. */
function lockFile(path: string, file: string): () => void {
  if (heldHere.has(file)) {
    throw new StoreFileBusyError(
      `The sync store ${path} is already open in this process: close that store before opening the file again.`,
    );
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const lockPath = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      heldHere.add(file);
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        heldHere.delete(file);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new StoreFileBusyError(
          `The sync store ${path} is open in process ${holder}. Close it there (or stop that process) first; if no such process of yours is running, delete ${lockPath}.`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new StoreFileBusyError(
    `Could not lock the sync store ${path}: another process keeps taking ${lockPath}.`,
  );
}
