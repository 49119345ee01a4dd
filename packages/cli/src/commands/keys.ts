import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  CryptoError,
  encryptPrivateKey,
  exportPublicKey,
  generateOrganisationKeyPair,
  importPublicKey,
  inspectPrivateKeyFile,
  minimumPassphraseLength,
} from '@talap/core/crypto';
import { CliUsageError, exitCodes } from '../cli/io.js';
import type { RegisterCommand } from '../cli/program.js';
import { passphraseVariable, readPassphrase } from '../crypto/passphrase.js';

interface GenerateOptions {
  readonly out: string;
  readonly publicOut?: string;
  readonly passphraseFile?: string;
  readonly json?: boolean;
}

/** The public key file beside a key file: `org.talap-key` and `org.key` give `org.jwk`. */
export function publicKeyPathFor(privatePath: string): string {
  const stem = privatePath.replace(/\.(talap-key|key)$/i, '');
  return `${stem}.jwk`;
}

async function refuseExisting(path: string, shown: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (found) {
    throw new CliUsageError(
      `${shown} already exists: talap never overwrites a key file (the key in it would be lost for good). Choose another name.`,
    );
  }
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new CliUsageError(`cannot write ${shown}: the folder it should go in does not exist.`);
  }
}

/** `talap keys`: make an organisation's key pair, and tell key files apart by their fingerprints. */
export const registerKeysCommand: RegisterCommand = (program, io, setExitCode) => {
  const keys = program
    .command('keys')
    .description(
      'Make and inspect the organisation key pair that identifying fields are encrypted for (docs/encryption.md).',
    );

  keys
    .command('generate')
    .description(
      `Make a new organisation key pair: the private key goes into a file protected by a passphrase (at least ${minimumPassphraseLength} characters), the public key into a .jwk file for the hub; prints the fingerprint to pin in pages.`,
    )
    .requiredOption(
      '--out <file>',
      'the private key file to write (never overwritten), e.g. org-2026.talap-key',
    )
    .option(
      '--public-out <file>',
      'the public key file to write (default: the --out name with .jwk)',
    )
    .option(
      '--passphrase-file <file>',
      `read the passphrase from this file (else ${passphraseVariable}, else it is asked twice on the terminal)`,
    )
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      `
Examples:
  talap keys generate --out kz-aman-2026.talap-key
  talap-hub org public-key add kz-aman kz-aman-2026.jwk

Keep the private key file offline, in two copies, and its passphrase apart from it: without both,
the encrypted fields can never be read again, by anyone.`,
    )
    .action(async (options: GenerateOptions) => {
      const privatePath = resolve(io.cwd, options.out);
      const publicShown = options.publicOut ?? publicKeyPathFor(options.out);
      const publicPath = resolve(io.cwd, publicShown);
      if (privatePath === publicPath) {
        throw new CliUsageError(
          'the public key file must not be the private key file: give another --public-out.',
        );
      }
      await refuseExisting(privatePath, options.out);
      await refuseExisting(publicPath, publicShown);
      const passphrase = await readPassphrase(io, {
        file: options.passphraseFile,
        prompt: `Passphrase for ${options.out} (at least ${minimumPassphraseLength} characters; several unrelated words are easiest to remember): `,
        confirm: true,
      });
      if ([...passphrase.normalize('NFC')].length < minimumPassphraseLength) {
        throw new CliUsageError(
          `the passphrase must have at least ${minimumPassphraseLength} characters; several unrelated words are easiest to remember. Nothing was written.`,
        );
      }
      io.stderr.write('Making a 4096-bit key pair; this takes a few seconds…\n');
      const pair = await generateOrganisationKeyPair();
      let keyFile: string;
      try {
        keyFile = await encryptPrivateKey(pair.privateKey, passphrase);
      } catch (error) {
        if (error instanceof CryptoError)
          throw new CliUsageError(`${error.message} Nothing was written.`);
        throw error;
      }
      const publicKey = await exportPublicKey(pair.publicKey);
      await writeFile(privatePath, keyFile, { mode: 0o600, flag: 'wx' });
      try {
        // The mode given to writeFile is narrowed by the umask only; make it exactly owner-only.
        await chmod(privatePath, 0o600);
        await writeFile(publicPath, `${JSON.stringify(publicKey, null, 2)}\n`, {
          mode: 0o644,
          flag: 'wx',
        });
      } catch (error) {
        await rm(privatePath, { force: true });
        throw error;
      }
      if (options.json) {
        io.stdout.write(
          `${JSON.stringify({
            privateKeyFile: options.out,
            publicKeyFile: publicShown,
            keyId: pair.keyId,
            fingerprint: pair.fingerprint,
            publicKey,
          })}\n`,
        );
      } else {
        io.stdout.write(
          [
            `Wrote the private key to ${options.out} (readable by you only). Keep it offline, in two copies, and its passphrase apart from it.`,
            `Wrote the public key to ${publicShown}. Give it to the hub: talap-hub org public-key add <org> ${publicShown}`,
            `key id:      ${pair.keyId}`,
            `fingerprint: ${pair.fingerprint}`,
            'Pin this fingerprint in the pages with the form (key-fingerprint="…"), and read it out to whoever runs the hub so they can check theirs.',
            '',
          ].join('\n'),
        );
      }
      setExitCode(exitCodes.ok);
    });

  keys
    .command('show')
    .description(
      'Print the key id and fingerprint of a private key file (no passphrase needed) or of a public key (.jwk).',
    )
    .argument('<file>', 'a private key file or a .jwk public key file')
    .option('--json', 'print JSON for scripts')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = await readFile(resolve(io.cwd, file), 'utf8');
      const asKeyFile = await inspectPrivateKeyFile(text);
      let kind: 'private key file' | 'public key';
      let keyId: string;
      let fingerprint: string;
      if (asKeyFile.ok) {
        kind = 'private key file';
        ({ keyId, fingerprint } = asKeyFile.value);
      } else {
        const asPublic = await importPublicKey(text);
        if (!asPublic.ok) {
          throw new CliUsageError(
            `${file} is neither a private key file of Talap nor a public key (.jwk): ${asKeyFile.issues[0]?.message}`,
          );
        }
        kind = 'public key';
        ({ keyId, fingerprint } = asPublic.value);
      }
      io.stdout.write(
        options.json
          ? `${JSON.stringify({ file, kind, keyId, fingerprint })}\n`
          : `${file}: ${kind}\nkey id:      ${keyId}\nfingerprint: ${fingerprint}\n`,
      );
      setExitCode(exitCodes.ok);
    });
};
