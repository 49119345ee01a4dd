import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { type CliIo, CliUsageError } from './io.js';

/** Where a command writes: a file that appears whole or not at all, or standard output. */
export interface Output {
  /** The name messages use: the path given, or `stdout`. */
  readonly name: string;
  /** The folder for working files beside the output (a file output's folder). */
  readonly folder: string | undefined;
  write(text: string): Promise<void>;
  /** Finishes the output: a file is renamed into place only now. */
  commit(): Promise<void>;
  /** Gives up: a file output leaves nothing behind, not even its temporary file. */
  abort(): Promise<void>;
}

// Temporary files still open, removed if the process is interrupted (see `removeTemporaryFiles`).
const temporaryFiles = new Set<string>();

/** Removes every temporary file of an unfinished output; the `talap` binary calls it on SIGINT and SIGTERM. */
export function removeTemporaryFiles(): void {
  for (const path of temporaryFiles) rmSync(path, { force: true });
  temporaryFiles.clear();
}

/** A temporary file beside `target`, readable by its owner only, tracked until removed. */
export function temporaryPathBeside(target: string): string {
  const path = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(6).toString('hex')}.talap-tmp`,
  );
  temporaryFiles.add(path);
  return path;
}

/** Removes a temporary file made by `temporaryPathBeside`. */
export async function removeTemporary(path: string): Promise<void> {
  await rm(path, { force: true });
  temporaryFiles.delete(path);
}

async function writeTo(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Opens an output: `-` or no path is standard output; a path gets a temporary file beside it
 * (mode 600) that is renamed onto it by `commit()`, so a failed or refused run never leaves a
 * half-written file.
 */
export async function openOutput(path: string | undefined, io: CliIo): Promise<Output> {
  if (path === undefined || path === '-') {
    return {
      name: 'stdout',
      folder: undefined,
      write: (text) => writeTo(io.stdout, text),
      commit: async () => {},
      abort: async () => {},
    };
  }
  const target = resolve(io.cwd, path);
  const folder = await stat(dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new CliUsageError(`cannot write ${path}: the folder it should go in does not exist.`);
  }
  if ((await stat(target).catch(() => undefined))?.isDirectory()) {
    throw new CliUsageError(`cannot write ${path}: it is a folder; give a file name.`);
  }
  const temporary = temporaryPathBeside(target);
  const stream = createWriteStream(temporary, { mode: 0o600, flags: 'wx' });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const opened = once(stream, 'open');
  opened.catch(() => {});
  return {
    name: path,
    folder: dirname(target),
    async write(text) {
      if (failure) throw failure;
      await writeTo(stream, text);
    },
    async commit() {
      await opened;
      stream.end();
      await once(stream, 'finish');
      if (failure) throw failure;
      await rename(temporary, target);
      temporaryFiles.delete(temporary);
    },
    async abort() {
      stream.destroy();
      await once(stream, 'close').catch(() => {});
      await removeTemporary(temporary);
    },
  };
}
