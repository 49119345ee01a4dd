import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  decryptPrivateKey,
  inspectPrivateKeyFile,
  type OrganisationPrivateKey,
} from '@talap/core/crypto';
import { type CliIo, CliUsageError } from '../cli/io.js';
import { passphraseVariable, readPassphrase } from './passphrase.js';

/** How `openKeyFiles` finds the passphrases of the key files. */
export interface KeyFileOptions {
  /** `--passphrase-file` values: one for every key file, or one per key file in the same order. */
  readonly passphraseFiles: readonly string[];
  /** Whether standard input carries data, so passphrases cannot be typed there. */
  readonly stdinBusy: boolean;
}

/** Tries a terminal user gets for each key file. */
const tries = 3;

/**
 * Opens the organisation's private key files (`--key`, several after a rotation) with their
 * passphrases. A file that is not a key file, or a passphrase that does not open it, is a usage
 * mistake naming the file; a passphrase typed on a terminal may be typed again.
 */
export async function openKeyFiles(
  paths: readonly string[],
  io: CliIo,
  options: KeyFileOptions,
): Promise<OrganisationPrivateKey[]> {
  const { passphraseFiles } = options;
  if (passphraseFiles.length > 1 && passphraseFiles.length !== paths.length) {
    throw new CliUsageError(
      `give one --passphrase-file for every key file, or one per --key in the same order: there are ${paths.length} keys and ${passphraseFiles.length} passphrase files.`,
    );
  }
  const opened: OrganisationPrivateKey[] = [];
  for (const [index, path] of paths.entries()) {
    const text = await readFile(resolve(io.cwd, path), 'utf8');
    const info = await inspectPrivateKeyFile(text);
    if (!info.ok) throw new CliUsageError(`${path}: ${info.issues[0]?.message}`);
    const file = passphraseFiles.length === 1 ? passphraseFiles[0] : passphraseFiles[index];
    const typed = file === undefined && !io.env[passphraseVariable];
    for (let attempt = 1; ; attempt++) {
      const passphrase = await readPassphrase(io, {
        file,
        prompt: `Passphrase for ${path} (key id ${info.value.keyId}): `,
        stdinBusy: options.stdinBusy,
      });
      const key = await decryptPrivateKey(text, passphrase);
      if (key.ok) {
        opened.push(key.value);
        break;
      }
      if (!typed || attempt >= tries) {
        throw new CliUsageError(`${path}: ${key.issues[0]?.message}`);
      }
      io.stderr.write('That passphrase does not open the key file. Try again.\n');
    }
  }
  return opened;
}
