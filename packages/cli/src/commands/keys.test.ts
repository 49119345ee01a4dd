import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { decryptPrivateKey, importPublicKey, inspectPrivateKeyFile } from '@talap/core/crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frozenVector } from '../../../core/src/test-kit/encryption-vectors.js';
import { runCli } from '../cli/program.js';
import { fileFolder, runTalap } from '../test-kit/run-talap.js';

const passphrase = 'seven poplars by the river';

let files: ReturnType<typeof fileFolder>;
beforeEach(() => {
  files = fileFolder({ 'passphrase.txt': `${passphrase}\n` });
});
afterEach(() => files.remove());
const run = (argv: string[], env: Record<string, string> = {}) =>
  runTalap(argv, { cwd: files.folder, env });
const read = (name: string) => readFileSync(join(files.folder, name), 'utf8');

/** A terminal's standard input: the test types into it, and it records whether echo was off. */
function terminal(lines: string[]) {
  const stdin = new PassThrough() as PassThrough & {
    isTTY: true;
    setRawMode(raw: boolean): void;
    raw: boolean[];
  };
  stdin.isTTY = true;
  stdin.raw = [];
  stdin.setRawMode = (raw) => {
    stdin.raw.push(raw);
    // Type the next line once the command listens with echo off.
    if (raw) setImmediate(() => stdin.write(`${lines.shift() ?? ''}\r`));
  };
  return stdin;
}

async function runOnTerminal(argv: string[], lines: string[]) {
  const stdin = terminal(lines);
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough().on('data', (chunk) => out.push(String(chunk)));
  const stderr = new PassThrough().on('data', (chunk) => err.push(String(chunk)));
  const code = await runCli(argv, {
    stdin,
    stdout,
    stderr,
    env: {},
    cwd: files.folder,
    interactive: true,
  });
  return { code, stdout: out.join(''), stderr: err.join(''), raw: stdin.raw };
}

describe('talap keys generate', () => {
  it('writes an owner-only key file and a public key, and prints the fingerprint of both', async () => {
    const result = await run([
      'keys',
      'generate',
      '--out',
      'kz-aman-2026.talap-key',
      '--passphrase-file',
      'passphrase.txt',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Making a 4096-bit key pair; this takes a few seconds…\n');
    const info = await inspectPrivateKeyFile(read('kz-aman-2026.talap-key'));
    if (!info.ok) throw new Error('not a key file');
    expect(result.stdout).toBe(
      [
        'Wrote the private key to kz-aman-2026.talap-key (readable by you only). Keep it offline, in two copies, and its passphrase apart from it.',
        'Wrote the public key to kz-aman-2026.jwk. Give it to the hub: talap-hub org public-key add <org> kz-aman-2026.jwk',
        `key id:      ${info.value.keyId}`,
        `fingerprint: ${info.value.fingerprint}`,
        'Pin this fingerprint in the pages with the form (key-fingerprint="…"), and read it out to whoever runs the hub so they can check theirs.',
        '',
      ].join('\n'),
    );
    expect(statSync(join(files.folder, 'kz-aman-2026.talap-key')).mode & 0o777).toBe(0o600);
    const publicKey = await importPublicKey(read('kz-aman-2026.jwk'), {
      fingerprint: info.value.fingerprint,
    });
    expect(publicKey.ok).toBe(true);
    const opened = await decryptPrivateKey(read('kz-aman-2026.talap-key'), passphrase);
    expect(opened.ok && opened.value.keyId).toBe(info.value.keyId);
    expect(result.stdout + result.stderr).not.toContain(passphrase);
  });

  it('never overwrites a key file or a public key file, and writes nothing then', async () => {
    files.write('old.talap-key', 'the only copy of last year’s key\n');
    const kept = await run(['keys', 'generate', '--out', 'old.talap-key'], {
      TALAP_KEY_PASSPHRASE: passphrase,
    });
    expect(kept.code).toBe(2);
    expect(kept.stderr).toBe(
      'talap: old.talap-key already exists: talap never overwrites a key file (the key in it would be lost for good). Choose another name.\n',
    );
    expect(read('old.talap-key')).toBe('the only copy of last year’s key\n');
    files.write('new.jwk', '{}');
    const publicTaken = await run(['keys', 'generate', '--out', 'new.talap-key'], {
      TALAP_KEY_PASSPHRASE: passphrase,
    });
    expect(publicTaken.code).toBe(2);
    expect(publicTaken.stderr).toMatch(/new\.jwk already exists/);
    expect(existsSync(join(files.folder, 'new.talap-key'))).toBe(false);
  });

  it('takes no passphrase from the command line, and refuses to go on without one', async () => {
    const asArgument = await run([
      'keys',
      'generate',
      '--out',
      'a.talap-key',
      '--passphrase',
      passphrase,
    ]);
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toContain("error: unknown option '--passphrase'");
    const none = await run(['keys', 'generate', '--out', 'a.talap-key']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'talap: no passphrase: type it on a terminal, or give it in a file (--passphrase-file) or in the TALAP_KEY_PASSPHRASE environment variable. It is never taken as an argument.\n',
    );
    const weak = await run(['keys', 'generate', '--out', 'a.talap-key'], {
      TALAP_KEY_PASSPHRASE: 'short',
    });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    expect(readdirSync(files.folder).sort()).toEqual(['passphrase.txt']);
  });

  it('asks for the passphrase twice on a terminal, with echo off, and stops when they differ', async () => {
    const differ = await runOnTerminal(
      ['keys', 'generate', '--out', 'typed.talap-key'],
      [passphrase, 'seven poplars by the rivers'],
    );
    expect(differ.code).toBe(2);
    expect(differ.stderr).toContain('the two passphrases differ: nothing was done');
    expect(existsSync(join(files.folder, 'typed.talap-key'))).toBe(false);

    const same = await runOnTerminal(
      ['keys', 'generate', '--out', 'typed.talap-key', '--json'],
      [passphrase, passphrase],
    );
    expect(same.code).toBe(0);
    expect(same.raw).toEqual([true, false, true, false]);
    expect(same.stderr).toMatch(/^Passphrase for typed\.talap-key .*\nType it again: \n/);
    expect(same.stdout + same.stderr).not.toContain(passphrase);
    const printed = JSON.parse(same.stdout);
    expect(printed).toMatchObject({
      privateKeyFile: 'typed.talap-key',
      publicKeyFile: 'typed.jwk',
    });
    expect((await decryptPrivateKey(read('typed.talap-key'), passphrase)).ok).toBe(true);
  });
});

describe('talap keys show', () => {
  it('prints the key id and fingerprint of a key file without its passphrase, and of a public key', async () => {
    files.write('frozen.talap-key', JSON.stringify(frozenVector.keyFile.file));
    files.write('frozen.jwk', JSON.stringify(frozenVector.publicKey));
    const keyFile = await run(['keys', 'show', 'frozen.talap-key']);
    expect(keyFile).toEqual({
      code: 0,
      stdout: `frozen.talap-key: private key file\nkey id:      ${frozenVector.keyId}\nfingerprint: ${frozenVector.fingerprint}\n`,
      stderr: '',
    });
    const jwk = await run(['keys', 'show', 'frozen.jwk', '--json']);
    expect(JSON.parse(jwk.stdout)).toEqual({
      file: 'frozen.jwk',
      kind: 'public key',
      keyId: frozenVector.keyId,
      fingerprint: frozenVector.fingerprint,
    });
  });

  it('says what a file that is neither is, with exit code 2', async () => {
    const shown = await run(['keys', 'show', 'passphrase.txt']);
    expect(shown.code).toBe(2);
    expect(shown.stderr).toMatch(
      /^talap: passphrase\.txt is neither a private key file of Talap nor a public key/,
    );
    expect(shown.stderr).not.toContain(passphrase);
  });
});
