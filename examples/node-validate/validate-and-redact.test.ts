import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'talap-node-validate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the example script as a user would (against @talap/core's sources, so no build is needed). */
function run(input: string, output: string, ...extra: string[]) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions',
      '@talap/source',
      join(here, 'validate-and-redact.mjs'),
      input,
      output,
      ...extra,
    ],
    { cwd: here, encoding: 'utf8' },
  );
}

describe('the node-validate example', () => {
  it('reports the invalid line, writes the valid cases redacted for a partner, and exits 1', () => {
    const output = join(folder, 'shared.ndjson');
    const result = run(join(here, 'cases.ndjson'), output);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('line 3: /channel');
    expect(result.stdout).toContain('2 valid, 1 invalid');
    const shared = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(shared).toHaveLength(2);
    const text = JSON.stringify(shared);
    expect(text).not.toContain('+7 701');
    expect(text).not.toContain('ALM-0042');
    expect(shared[0].createdAt).toBe('2024-03');
  });

  it('exits 0 for a clean file and answers in Russian when asked', () => {
    const clean = join(folder, 'clean.ndjson');
    writeFileSync(
      clean,
      readFileSync(join(here, 'cases.ndjson'), 'utf8').split('\n').slice(0, 2).join('\n'),
    );
    expect(run(clean, join(folder, 'clean-out.ndjson')).status).toBe(0);
    const russian = run(join(here, 'cases.ndjson'), join(folder, 'ru.ndjson'), '--locale', 'ru');
    expect(russian.stdout).toMatch(/line 3: \/channel [А-Яа-я]/);
  });

  it('explains how to call it when the files are missing', () => {
    const result = run('', '');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: node validate-and-redact.mjs');
  });
});
