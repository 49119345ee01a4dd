import type { Readable, Writable } from 'node:stream';

/** Where `talap` reads and writes, so tests can run it in-process with their own streams. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory that relative paths are resolved against. */
  readonly cwd: string;
  /** True when stderr is a terminal a person watches: only then is a progress bar drawn. */
  readonly interactive: boolean;
}

/** The exit codes of `talap`, documented in docs/cli.md. */
export const exitCodes = {
  /** Everything read was valid (or the command succeeded). */
  ok: 0,
  /** The data was read, and at least one record is invalid. */
  invalidData: 1,
  /** A usage mistake (unknown option, missing argument) or a file that cannot be read or written. */
  usageOrIo: 2,
} as const;

/** One of `talap`'s exit codes. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** A failure the user can fix (bad flag value, unreadable file); its message is shown as is, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}
