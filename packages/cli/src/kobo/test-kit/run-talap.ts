import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../cli/program.js';

/** What an in-process run of `talap` ended with. */
export interface TalapRun {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs `talap` in-process in `cwd`, with `stdin` as its standard input, and collects its output. */
export async function runTalap(
  argv: readonly string[],
  cwd: string,
  stdin: string | Uint8Array = '',
): Promise<TalapRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await runCli(argv, {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout,
    stderr,
    env: {},
    cwd,
    interactive: false,
  });
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
}
