import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ExitCode } from '../cli/io.js';
import { runCli } from '../cli/program.js';

/** What a run of `talap` in-process printed and how it ended. */
export interface TalapRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of an in-process run. */
export interface RunOptions {
  readonly cwd: string;
  readonly stdin?: string | Uint8Array;
  readonly env?: Record<string, string>;
  readonly interactive?: boolean;
}

/** Runs `talap` in-process with in-memory standard streams and resolves with its output and exit code. */
export async function runTalap(argv: readonly string[], options: RunOptions): Promise<TalapRun> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  stdin.end(options.stdin ?? '');
  const code = await runCli(argv, {
    stdin,
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd,
    interactive: options.interactive ?? false,
  });
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/** A temporary folder of files for a test; `remove()` deletes it. */
export function fileFolder(files: Record<string, string | Uint8Array> = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'talap-cli-test-'));
  const write = (name: string, content: string | Uint8Array) => {
    writeFileSync(join(folder, name), content);
    return join(folder, name);
  };
  for (const [name, content] of Object.entries(files)) write(name, content);
  return { folder, write, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Collects every batch of an async generator of batches into one list. */
export async function collect<T>(batches: AsyncIterable<readonly T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const batch of batches) all.push(...batch);
  return all;
}

/** Chunks of bytes or text cut at the given offsets, as a stream would deliver them. */
export async function* chunksOf<T extends string | Uint8Array>(
  whole: T,
  cuts: readonly number[] = [],
): AsyncGenerator<T> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= whole.length) continue;
    yield whole.slice(start, cut) as T;
    start = cut;
  }
  yield whole.slice(start) as T;
}
