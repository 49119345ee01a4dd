import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { type CliIo, CliUsageError } from '../cli/io.js';

/** The environment variable a script can give a key file's passphrase in (never a command-line argument, which other users can see). */
export const passphraseVariable = 'TALAP_KEY_PASSPHRASE';

/** A terminal's standard input, which can stop echoing what is typed. */
interface TerminalInput extends Readable {
  readonly isTTY: true;
  setRawMode(raw: boolean): unknown;
}

function isTerminal(stream: Readable): stream is TerminalInput {
  const candidate = stream as Partial<TerminalInput>;
  return candidate.isTTY === true && typeof candidate.setRawMode === 'function';
}

/** Reads a passphrase file: its text without one final line break; an empty file is a mistake. */
async function fromFile(path: string, io: CliIo): Promise<string> {
  const text = await readFile(resolve(io.cwd, path), 'utf8');
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase === '') throw new CliUsageError(`the passphrase file ${path} is empty.`);
  return passphrase;
}

/** Reads one line typed on the terminal without showing it; Ctrl-C or Ctrl-D gives up. */
function typed(io: CliIo, input: TerminalInput, prompt: string): Promise<string> {
  io.stderr.write(prompt);
  return new Promise((done, fail) => {
    let text = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      io.stderr.write('\n');
      if (error) fail(error);
      else done(text);
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of String(chunk)) {
        if (character === '\r' || character === '\n') return finish();
        if (character === '\u0003' || character === '\u0004') {
          return finish(new CliUsageError('no passphrase was typed: nothing was done.'));
        }
        if (character === '\u007f' || character === '\b') text = [...text].slice(0, -1).join('');
        else text += character;
      }
    };
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}

/** Where `readPassphrase` looks, and what it asks. */
export interface PassphraseRequest {
  /** A file holding the passphrase (`--passphrase-file`). */
  readonly file?: string | undefined;
  /** What to ask on a terminal, e.g. `Passphrase for org.talap-key: `. */
  readonly prompt: string;
  /** Ask twice and compare, for a new key file. */
  readonly confirm?: boolean;
  /** Whether standard input carries data for the command, so it cannot be asked on. */
  readonly stdinBusy?: boolean;
}

/**
 * A key file's passphrase: from `--passphrase-file`, else from `TALAP_KEY_PASSPHRASE`, else typed
 * on the terminal without echo (twice for a new key). Never from an argument, which other users
 * of the machine can read in the process list, and never written anywhere.
 */
export async function readPassphrase(io: CliIo, request: PassphraseRequest): Promise<string> {
  if (request.file !== undefined) return fromFile(request.file, io);
  const fromEnv = io.env[passphraseVariable];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (request.stdinBusy || !isTerminal(io.stdin)) {
    throw new CliUsageError(
      `no passphrase: type it on a terminal, or give it in a file (--passphrase-file) or in the ${passphraseVariable} environment variable. It is never taken as an argument.`,
    );
  }
  const first = await typed(io, io.stdin, request.prompt);
  if (first === '') throw new CliUsageError('no passphrase was typed: nothing was done.');
  if (request.confirm) {
    const second = await typed(io, io.stdin, 'Type it again: ');
    if (second !== first) {
      throw new CliUsageError(
        'the two passphrases differ: nothing was done. Run the command again.',
      );
    }
  }
  return first;
}
