import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encryptPrivateKey,
  exportPublicKey,
  generateOrganisationKeyPair,
} from '@talap/core/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frozenVector } from '../../../core/src/test-kit/encryption-vectors.js';
import { runCli } from './main.js';

const folder = mkdtempSync(join(tmpdir(), 'talap-hub-public-key-'));
const data = join(folder, 'data');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--data', data], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
  });
  return { code, stdout, stderr };
}

describe('talap-hub org public-key', () => {
  let next: { keyId: string; fingerprint: string; jwkPath: string; keyFilePath: string };
  beforeAll(async () => {
    expect((await run(['org', 'create', 'Aman Almaty'])).code).toBe(0);
    const pair = await generateOrganisationKeyPair();
    const jwkPath = join(folder, 'aman-2026.jwk');
    writeFileSync(jwkPath, `${JSON.stringify(await exportPublicKey(pair.publicKey))}\n`);
    const keyFilePath = join(folder, 'aman-2026.talap-key');
    writeFileSync(
      keyFilePath,
      await encryptPrivateKey(pair.privateKey, 'seven poplars by the river', {
        iterations: 100_000,
      }),
    );
    next = { keyId: pair.keyId, fingerprint: pair.fingerprint, jwkPath, keyFilePath };
  });

  it('adds a public key given as JSON text and prints its fingerprint', async () => {
    const added = await run([
      'org',
      'public-key',
      'add',
      'Aman Almaty',
      JSON.stringify(frozenVector.publicKey),
    ]);
    expect(added).toEqual({
      code: 0,
      stdout: `added public key ${frozenVector.keyId}, now the active one\nfingerprint: ${frozenVector.fingerprint}\nCompare it with the fingerprint \`talap keys generate\` printed before you pin it in a page.\n`,
      stderr: '',
    });
  });

  it('adds a .jwk file, retires the key before it, and lists both with --json', async () => {
    const added = await run(['org', 'public-key', 'add', 'Aman Almaty', next.jwkPath, '--json']);
    expect(added.code).toBe(0);
    const printed = JSON.parse(added.stdout);
    expect(printed.added).toMatchObject({ keyId: next.keyId, fingerprint: next.fingerprint });
    expect(printed.retired.map((key: { keyId: string }) => key.keyId)).toEqual([
      frozenVector.keyId,
    ]);
    const listed = await run(['org', 'public-key', 'list', 'Aman Almaty']);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^${next.keyId}  active   ${next.fingerprint}  added \\d{4}-\\d\\d-\\d\\d$`),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^${frozenVector.keyId}  retired  ${frozenVector.fingerprint}  added .*, retired `,
      ),
    );
  });

  it('refuses the private key file, so it never reaches the hub, with exit code 2', async () => {
    const refused = await run(['org', 'public-key', 'add', 'Aman Almaty', next.keyFilePath]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/private key file: it must never be copied to the hub/);
    expect(refused.stdout).toBe('');
  });

  it('says when the file does not exist or the organisation is unknown', async () => {
    const missing = await run([
      'org',
      'public-key',
      'add',
      'Aman Almaty',
      join(folder, 'nope.jwk'),
    ]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/There is no file .*nope\.jwk/);
    const unknown = await run(['org', 'public-key', 'list', 'Nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No organisation "Nobody"/);
  });

  it('retires a key by its key id, and lists no active key afterwards', async () => {
    const retired = await run(['org', 'public-key', 'retire', 'Aman Almaty', next.keyId]);
    expect(retired).toEqual({
      code: 0,
      stdout: `retired public key ${next.keyId}: keep its key file to read the cases encrypted for it\n`,
      stderr: '',
    });
    const listed = JSON.parse(
      (await run(['org', 'public-key', 'list', 'Aman Almaty', '--json'])).stdout,
    );
    expect(listed.map((key: { status: string }) => key.status)).toEqual(['retired', 'retired']);
  });
});
