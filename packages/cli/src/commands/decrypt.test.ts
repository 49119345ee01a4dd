import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Case, newCaseId } from '@talap/core';
import {
  encryptCase,
  encryptPrivateKey,
  generateOrganisationKeyPair,
  type OrganisationKeyPair,
} from '@talap/core/crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { frozenPublicKey, frozenVector } from '../../../core/src/test-kit/encryption-vectors.js';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { fileFolder, runTalap } from '../test-kit/run-talap.js';

const lines = (...records: unknown[]) =>
  `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
const newPassphrase = 'a second key for next year';

function withId(record: Case): Case {
  return { ...structuredClone(record), id: newCaseId() };
}

async function sealed(record: Case, key: { keyId: string; publicKey: CryptoKey }): Promise<Case> {
  const result = await encryptCase(record, key);
  if (!result.ok) throw new Error(result.issues[0]?.message);
  return result.value;
}

let next: OrganisationKeyPair;
let nextKeyFile: string;
let plain: Case[];
let oldSealed: Case[];
let newSealed: Case;
beforeAll(async () => {
  next = await generateOrganisationKeyPair();
  nextKeyFile = await encryptPrivateKey(next.privateKey, newPassphrase, { iterations: 100_000 });
  plain = [
    withId(dentalRefusalCase()),
    withId(frozenVector.plaintext),
    withId(dentalRefusalCase()),
  ];
  const frozen = await frozenPublicKey();
  oldSealed = [await sealed(plain[0] as Case, frozen), await sealed(plain[1] as Case, frozen)];
  newSealed = await sealed(plain[2] as Case, next);
});

let files: ReturnType<typeof fileFolder>;
beforeEach(() => {
  files = fileFolder({
    'old.talap-key': JSON.stringify(frozenVector.keyFile.file),
    'old.passphrase': `${frozenVector.keyFile.passphrase}\n`,
    'new.talap-key': nextKeyFile,
    'new.passphrase': newPassphrase,
    'export.ndjson': lines(...oldSealed, minimalSelfReport()),
    'rotated.ndjson': lines(...oldSealed, newSealed),
  });
});
afterEach(() => files.remove());
const run = (argv: string[], env: Record<string, string> = {}) =>
  runTalap(argv, { cwd: files.folder, env });
const read = (name: string) => readFileSync(join(files.folder, name), 'utf8');
const parsed = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('talap decrypt', () => {
  it('restores every encrypted field into an owner-only file, and leaves plain records as they are', async () => {
    const result = await run([
      'decrypt',
      '--key',
      'old.talap-key',
      '--passphrase-file',
      'old.passphrase',
      'export.ndjson',
      '-o',
      'cases.decrypted.ndjson',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'Decrypted 3 records into cases.decrypted.ndjson. It holds the identifying fields in plain text: keep it on this computer and delete it when the work is done.\n',
    });
    expect(parsed(read('cases.decrypted.ndjson'))).toEqual([
      plain[0],
      plain[1],
      minimalSelfReport(),
    ]);
    expect(statSync(join(files.folder, 'cases.decrypted.ndjson')).mode & 0o777).toBe(0o600);
  });

  it('writes to standard output, and JSON when asked, with the passphrase from the environment', async () => {
    const ndjson = await run(['decrypt', '--key', 'old.talap-key', 'export.ndjson'], {
      TALAP_KEY_PASSPHRASE: frozenVector.keyFile.passphrase,
    });
    expect(ndjson.code).toBe(0);
    expect(parsed(ndjson.stdout)).toEqual([plain[0], plain[1], minimalSelfReport()]);
    files.write('export.json', JSON.stringify(oldSealed));
    const json = await run(
      ['decrypt', '--key', 'old.talap-key', 'export.json', '--out', 'out.json'],
      {
        TALAP_KEY_PASSPHRASE: frozenVector.keyFile.passphrase,
      },
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(read('out.json'))).toEqual([plain[0], plain[1]]);
  });

  it('reads cases of several keys after a rotation, each key with its own passphrase file', async () => {
    const result = await run([
      'decrypt',
      '--key',
      'old.talap-key',
      '--key',
      'new.talap-key',
      '--passphrase-file',
      'old.passphrase',
      '--passphrase-file',
      'new.passphrase',
      'rotated.ndjson',
      '-o',
      'all.ndjson',
    ]);
    expect(result.code).toBe(0);
    expect(parsed(read('all.ndjson'))).toEqual(plain);
  });

  it('names the line and the reason of each record it cannot decrypt, and writes no file', async () => {
    const result = await run([
      'decrypt',
      '--key',
      'old.talap-key',
      '--passphrase-file',
      'old.passphrase',
      'rotated.ndjson',
      '-o',
      'all.ndjson',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        `rotated.ndjson:3:1: error unknown_key at /client/code (record 3): /client/code was encrypted for key id ${next.keyId}, and no private key with that id was given: load that key's file too (an older key, after a rotation?).`,
        `rotated.ndjson:3:1: error unknown_key at /client/contact/phone (record 3): /client/contact/phone was encrypted for key id ${next.keyId}, and no private key with that id was given: load that key's file too (an older key, after a rotation?).`,
        `rotated.ndjson:3:1: error unknown_key at /incident/account (record 3): /incident/account was encrypted for key id ${next.keyId}, and no private key with that id was given: load that key's file too (an older key, after a rotation?).`,
        '3 records: 1 could not be decrypted.',
        'Nothing was written to all.ndjson: give the key files the records need (several --key after a rotation) and run talap decrypt again.',
        '',
      ].join('\n'),
    );
    expect(readdirSync(files.folder)).not.toContain('all.ndjson');
  });

  it('leaves an altered record out entirely, never in part, and says the output is incomplete', async () => {
    const altered = structuredClone(oldSealed[1]) as Case;
    const account = altered.incident.account as unknown as { ct: string };
    account.ct = `${account.ct.slice(0, -4)}${account.ct.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    files.write('altered.ndjson', lines(oldSealed[0], altered, 'not a case', newSealed));
    const result = await run(
      ['decrypt', '--key', 'old.talap-key', '--key', 'new.talap-key', 'altered.ndjson'],
      {
        TALAP_KEY_PASSPHRASE: frozenVector.keyFile.passphrase,
      },
    );
    expect(result.code).not.toBe(0);
    // The second key has another passphrase: the environment's opens only the first.
    expect(result.stderr).toMatch(
      /^talap: new\.talap-key: The passphrase does not open the key file/,
    );
    expect(result.stdout).toBe('');

    const withBoth = await run([
      'decrypt',
      '--key',
      'old.talap-key',
      '--key',
      'new.talap-key',
      '--passphrase-file',
      'old.passphrase',
      '--passphrase-file',
      'new.passphrase',
      'altered.ndjson',
    ]);
    expect(withBoth.code).toBe(1);
    expect(parsed(withBoth.stdout)).toEqual([plain[0], plain[2]]);
    expect(withBoth.stderr).toContain(
      'altered.ndjson:2:1: error authentication_failed at /incident/account (record 2): /incident/account failed its integrity check',
    );
    expect(withBoth.stderr).toContain(
      'altered.ndjson:3:1: error missing_case_id at /id (record 3)',
    );
    expect(withBoth.stderr).toContain('4 records: 2 could not be decrypted.');
    expect(withBoth.stderr).toContain(
      'The output above is incomplete: the records listed were left out, none of them in part.',
    );
    expect(withBoth.stderr).not.toContain(String(plain[1]?.client.code));
  });

  it('leaves redaction of encrypted records for partners to need no key at all', async () => {
    const result = await run([
      'redact',
      'export.ndjson',
      '--policy',
      'partner',
      '-o',
      'shared.ndjson',
    ]);
    expect(result.code).toBe(0);
    const shared = read('shared.ndjson');
    expect(shared).not.toContain('talap-e2e/1');
    expect(parsed(shared).map((record) => record.id)).toEqual([
      plain[0]?.id,
      plain[1]?.id,
      minimalSelfReport().id,
    ]);
  });

  it('needs a key file, a readable passphrase and JSON input', async () => {
    const noKey = await run(['decrypt', 'export.ndjson']);
    expect(noKey).toMatchObject({ code: 2, stdout: '' });
    expect(noKey.stderr).toContain('give the organisation’s private key file with --key');
    const wrong = await run(['decrypt', '--key', 'old.talap-key', 'export.ndjson'], {
      TALAP_KEY_PASSPHRASE: 'not the passphrase at all',
    });
    expect(wrong).toMatchObject({ code: 2, stdout: '' });
    expect(wrong.stderr).toMatch(
      /^talap: old\.talap-key: The passphrase does not open the key file of key id/,
    );
    const notAKey = await run(['decrypt', '--key', 'export.ndjson', 'export.ndjson']);
    expect(notAKey.code).toBe(2);
    expect(notAKey.stderr).toMatch(/^talap: export\.ndjson: Not a private key file of Talap/);
    files.write('cases.csv', 'id\n1\n');
    const csv = await run(['decrypt', '--key', 'old.talap-key', 'cases.csv'], {
      TALAP_KEY_PASSPHRASE: frozenVector.keyFile.passphrase,
    });
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('talap decrypt reads JSON or NDJSON');
  });
});
