import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { allRows, localCase, outboxEntry } from '../test-kit/store-contract.js';
import { openFileStore, StoreFileBusyError, StoreFileCorruptError } from './file.js';
import { StorageFullError } from './types.js';

const folder = mkdtempSync(join(tmpdir(), 'talap-sync-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let made = 0;
const newPath = () => join(folder, `store-${++made}.jsonl`);

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').slice(0, -1);
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('the file store', () => {
  it('ignores a torn last line on reopen, cuts it off and stays writable', async () => {
    const path = newPath();
    const store = await openFileStore(path);
    await store.transaction((tx) => tx.put('cases', localCase()));
    await store.transaction((tx) => tx.put('meta', { key: 'cursor', value: 1 }));
    const intact = readFileSync(path).length;
    await store.transaction((tx) => tx.put('outbox', outboxEntry(1)));
    await store.close();
    // A crash mid-append: the last line lost its end.
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 25));

    const reopened = await openFileStore(path);
    expect(await allRows(reopened)).toEqual({
      outbox: [],
      cases: [localCase()],
      meta: [{ key: 'cursor', value: 1 }],
    });
    expect(readFileSync(path).length).toBe(intact);
    await reopened.transaction((tx) => tx.put('outbox', outboxEntry(2)));
    await reopened.close();

    const again = await openFileStore(path);
    expect((await allRows(again)).outbox).toEqual([outboxEntry(2)]);
    await again.close();
  });

  it('refuses a file whose middle line is damaged, naming the file and the line, and changes nothing', async () => {
    const path = newPath();
    const store = await openFileStore(path);
    for (let seq = 1; seq <= 3; seq++) {
      await store.transaction((tx) => tx.put('outbox', outboxEntry(seq)));
    }
    await store.close();
    const damaged = lines(path);
    damaged[2] = '{"puts":[["outbox",{"id":"mutation-2"';
    writeFileSync(path, `${damaged.join('\n')}\n`);

    const error = await failure(openFileStore(path));
    expect(error).toBeInstanceOf(StoreFileCorruptError);
    expect((error as StoreFileCorruptError).line).toBe(3);
    expect(error.message).toContain(path);
    expect(error.message).toContain('line 3');
    expect(readFileSync(path, 'utf8')).toBe(`${damaged.join('\n')}\n`);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('refuses a file that is not a sync store', async () => {
    const path = newPath();
    writeFileSync(path, 'code,age\nALM-0042,34\n');
    const error = await failure(openFileStore(path));
    expect(error).toBeInstanceOf(StoreFileCorruptError);
    expect(error.message).toMatch(/line 1: the first line is not a sync store header/);
  });

  it('refuses a file written in another format version, and says so', async () => {
    const path = newPath();
    writeFileSync(path, '{"format":"talap-sync-store","version":2,"tables":{}}\n');
    const error = await failure(openFileStore(path));
    expect(error).toBeInstanceOf(StoreFileCorruptError);
    expect(error.message).toContain('has file format 2, and this @talap/sync reads format 1');
  });

  it('refuses a second open of the same file in this process', async () => {
    const path = newPath();
    const store = await openFileStore(path);
    const error = await failure(openFileStore(join(folder, '.', `store-${made}.jsonl`)));
    expect(error).toBeInstanceOf(StoreFileBusyError);
    expect(error.message).toContain('already open in this process');
    await store.close();
    await (await openFileStore(path)).close();
  });

  it('refuses a file locked by another running process, naming it', async () => {
    const path = newPath();
    writeFileSync(`${path}.lock`, String(process.ppid));
    const error = await failure(openFileStore(path));
    expect(error).toBeInstanceOf(StoreFileBusyError);
    expect(error.message).toContain(`process ${process.ppid}`);
    expect(error.message).toContain(`${path}.lock`);
  });

  it('takes over a lock left by a process that is no longer running', async () => {
    const path = newPath();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(`${path}.lock`, String(gone));
    const store = await openFileStore(path);
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(String(process.pid));
    await store.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('keeps every row through compaction, which leaves one line', async () => {
    const path = newPath();
    const store = await openFileStore(path, { compactAfter: 3 });
    for (let seq = 1; seq <= 6; seq++) {
      await store.transaction(async (tx) => {
        await tx.put('outbox', outboxEntry(seq));
        await tx.put('cases', { ...localCase(`case-${seq}`), revision: seq });
        await tx.put('meta', { key: 'cursor', value: seq });
      });
    }
    await store.transaction(async (tx) => {
      await tx.delete('outbox', 'mutation-2');
      await tx.delete('cases', 'case-5');
    });
    const before = await allRows(store);
    await store.close();
    expect(lines(path)).toHaveLength(8);

    const compacted = await openFileStore(path, { compactAfter: 3 });
    expect(lines(path)).toHaveLength(1);
    expect(await allRows(compacted)).toEqual(before);
    await compacted.transaction((tx) => tx.put('meta', { key: 'epoch', value: 'e-2' }));
    await compacted.close();

    const reopened = await openFileStore(path);
    expect(await allRows(reopened)).toEqual({
      ...before,
      meta: [...before.meta, { key: 'epoch', value: 'e-2' }],
    });
    await reopened.close();
  });

  it('creates the store file and its lock readable by their owner only', async () => {
    const path = newPath();
    const store = await openFileStore(path);
    await store.transaction((tx) => tx.put('outbox', outboxEntry(1)));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}.lock`).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('fails a write on a full disk with StorageFullError, keeps nothing of it and keeps working', async () => {
    const path = newPath();
    const store = await openFileStore(path);
    await store.transaction((tx) => tx.put('meta', { key: 'cursor', value: 1 }));
    const committed = readFileSync(path).length;
    const probe = await open(path, 'r');
    const handles = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const write = handles.write as (...args: unknown[]) => Promise<unknown>;
    // The disk fills up halfway through the line: half of it lands in the file.
    const full = vi.spyOn(handles, 'write').mockImplementationOnce(async function (
      this: FileHandle,
      ...args: unknown[]
    ) {
      const [buffer, offset, length, position] = args as [Buffer, number, number, number];
      await write.call(this, buffer, offset, Math.floor(length / 2), position);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
      });
    } as never);
    const error = await failure(
      store.transaction(async (tx) => {
        await tx.put('outbox', outboxEntry(1));
        await tx.put('meta', { key: 'cursor', value: 2 });
      }),
    );
    full.mockRestore();
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error.message).toContain(path);
    expect(readFileSync(path).length).toBe(committed);
    expect(await allRows(store)).toEqual({
      outbox: [],
      cases: [],
      meta: [{ key: 'cursor', value: 1 }],
    });

    await store.transaction((tx) => tx.put('meta', { key: 'cursor', value: 3 }));
    await store.close();
    const reopened = await openFileStore(path);
    expect(await allRows(reopened)).toEqual({
      outbox: [],
      cases: [],
      meta: [{ key: 'cursor', value: 3 }],
    });
    await reopened.close();
  });
});

const writerPath = fileURLToPath(new URL('../test-kit/file-store-writer.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Starts the writer on `path` and kills it with SIGKILL once it acknowledged `count` transactions; resolves with the last acknowledged number. */
function writeUntilKilled(path: string, count: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', writerPath, path], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    let acknowledged = 0;
    let seen = 0;
    createInterface({ input: child.stdout }).on('line', (line) => {
      acknowledged = Number(line);
      if (++seen === count) child.kill('SIGKILL');
    });
    child.once('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`The writer exited before it was killed:\n${stderr}`));
    });
  });
}

describe('the file store under SIGKILL', () => {
  it('keeps every acknowledged transaction whole, and no part of an unfinished one', async () => {
    const path = newPath();
    for (let round = 0; round < 3; round++) {
      const acknowledged = await writeUntilKilled(path, 30);
      const store = await openFileStore(path);
      const rows = await allRows(store);
      await store.close();
      const last = Number(rows.meta.find((entry) => entry.key === 'last')?.value);
      expect(last).toBeGreaterThanOrEqual(acknowledged);
      const numbers = Array.from({ length: last }, (_, index) => index + 1);
      expect(rows.outbox.map((entry) => entry.id)).toEqual(numbers.map((n) => `mutation-${n}`));
      expect(rows.cases.map((local) => local.caseId).sort()).toEqual(
        numbers.map((n) => `case-${n}`).sort(),
      );
    }
  });
});
