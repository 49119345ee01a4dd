import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from './main.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'talap-cli-'));
  folders.push(folder);
  return join(folder, 'data');
}

async function run(argv: string[], extra: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
    ...extra,
  });
  return { code, stdout, stderr };
}

describe('talap-hub', () => {
  const data = dataFolder();

  it('creates an organisation and prints { id, name } with --json', async () => {
    const made = await run(['org', 'create', 'Aman Almaty', '--data', data, '--json']);
    expect(made.code).toBe(0);
    const printed = JSON.parse(made.stdout);
    expect(Object.keys(printed).sort()).toEqual(['id', 'name']);
    expect(printed.name).toBe('Aman Almaty');
  });

  it('creates a key shown once and prints { id, key, org, role } with --json', async () => {
    const made = await run([
      'key',
      'create',
      '--org',
      'Aman Almaty',
      '--role',
      'intake',
      '--data',
      data,
      '--json',
    ]);
    expect(made.code).toBe(0);
    const printed = JSON.parse(made.stdout);
    expect(Object.keys(printed).sort()).toEqual(['id', 'key', 'org', 'role']);
    expect(printed.role).toBe('intake');
    expect(printed.key).toMatch(/^tlk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);

    const listed = await run(['key', 'list', '--data', data, '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ id: printed.id, role: 'intake', revokedAt: null }),
    ]);
    expect(listed.stdout).not.toContain(printed.key.slice(-43));

    const revoked = await run(['key', 'revoke', printed.id, '--data', data]);
    expect(revoked.code).toBe(0);
    const after = await run(['key', 'list', '--org', 'Aman Almaty', '--data', data, '--json']);
    expect(JSON.parse(after.stdout)[0].revokedAt).not.toBeNull();
  });

  it('sets the web origins an organisation allows, and refuses something that is not an origin', async () => {
    const set = await run([
      'org',
      'origins',
      'Aman Almaty',
      'https://aman.example',
      '--data',
      data,
      '--json',
    ]);
    expect(JSON.parse(set.stdout).allowedOrigins).toEqual(['https://aman.example']);
    const bad = await run([
      'org',
      'origins',
      'Aman Almaty',
      'https://aman.example/form',
      '--data',
      data,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('write the scheme, host and port only');
  });

  it('explains usage mistakes with exit code 2', async () => {
    const duplicate = await run(['org', 'create', 'Aman Almaty', '--data', data]);
    expect(duplicate).toMatchObject({ code: 2 });
    expect(duplicate.stderr).toContain('already exists');
    const unknownOrg = await run([
      'key',
      'create',
      '--org',
      'Nobody',
      '--role',
      'admin',
      '--data',
      data,
    ]);
    expect(unknownOrg.code).toBe(2);
    expect(unknownOrg.stderr).toContain('No organisation "Nobody"');
    const badRole = await run([
      'key',
      'create',
      '--org',
      'Aman Almaty',
      '--role',
      'boss',
      '--data',
      data,
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('Allowed choices are intake, documenter, admin, analyst');
    const missing = await run(['key', 'create', '--data', data]);
    expect(missing.code).toBe(2);
    const badLimit = await run(['serve', '--requests-per-minute', 'lots', '--data', data]);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('give a whole number');
    const unknownKey = await run([
      'key',
      'revoke',
      '0190d3f0-0000-7000-8000-000000000000',
      '--data',
      data,
    ]);
    expect(unknownKey.code).toBe(2);
  });

  it('prints help for every command', async () => {
    for (const command of [
      [],
      ['serve'],
      ['org', 'create'],
      ['key', 'create'],
      ['epoch', 'rotate'],
    ]) {
      const help = await run([...command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: talap-hub');
    }
  });

  it('serves on the given host and port, prints the URL, and stops cleanly when asked', async () => {
    let stop: () => void = () => {};
    const stopSignal = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let printed = '';
    const printedUrl = new Promise<string>((resolve) => {
      const running = runCli(['serve', '--data', data, '--port', '0', '--json'], {
        stdout: (text) => {
          printed += text;
          if (printed.includes('\n')) resolve(JSON.parse(printed.split('\n')[0] as string).url);
        },
        stderr: () => {},
        env: {},
        stopSignal,
      });
      void running.then((code) => {
        exitCode = code;
      });
    });
    let exitCode: number | undefined;
    const url = await printedUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/v1/health`);
    expect(await health.json()).toEqual({ ok: true });
    stop();
    await expect.poll(() => exitCode, { timeout: 20_000 }).toBe(0);
    await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
  });

  it('refuses to open a data folder another running hub holds', async () => {
    const folder = dataFolder();
    await run(['migrate', '--data', folder]);
    let stop: () => void = () => {};
    const stopSignal = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let started: () => void = () => {};
    const listening = new Promise<void>((resolve) => {
      started = resolve;
    });
    const serving = runCli(['serve', '--data', folder, '--port', '0'], {
      stdout: () => started(),
      stderr: () => {},
      env: {},
      stopSignal,
    });
    await listening;
    const busy = await run(['key', 'list', '--data', folder]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('is in use by process');
    stop();
    expect(await serving).toBe(0);
  });
});
