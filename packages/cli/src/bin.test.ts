// End to end: the `talap` binary as a person runs it, in its own process, checking exit codes.
// Runs the built binary when TALAP_CLI_BIN names it (as CI may after `pnpm build`), else the
// sources through tsx.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dentalRefusalCase, minimalSelfReport } from '../../core/src/test-kit/sample-cases.js';
import { parallelThresholdBytes } from './cli/parallel-check.js';
import { fileFolder } from './test-kit/run-talap.js';

const tsx = createRequire(import.meta.url).resolve('tsx');
const command = process.env.TALAP_CLI_BIN
  ? [process.env.TALAP_CLI_BIN]
  : [
      '--conditions=@talap/source',
      '--import',
      tsx,
      fileURLToPath(new URL('./bin.ts', import.meta.url)),
    ];
const files = fileFolder({
  'good.ndjson': `${JSON.stringify(dentalRefusalCase())}\n`,
  'bad.ndjson': '{"schemaVersion":1}\n',
});
const broken = JSON.stringify({ ...minimalSelfReport(), organisation: undefined });
const valid = JSON.stringify(dentalRefusalCase());
const bigLines: string[] = [];
for (let size = 0; size < parallelThresholdBytes + 1024; size += valid.length + 1) {
  bigLines.push(bigLines.length % 97 === 0 ? broken : valid);
}
files.write('big.ndjson', `${bigLines.join('\n')}\n`);
afterAll(() => files.remove());

const talap = (...args: string[]) =>
  spawnSync(process.execPath, [...command, ...args], {
    cwd: files.folder,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', CI: '1' },
    timeout: 60_000,
  });

describe('the talap binary', () => {
  it('ends with 0 for valid data, 1 for invalid data and 2 for a usage mistake', () => {
    const valid = talap('validate', 'good.ndjson');
    expect(valid.stdout).toBe('1 file, 1 record: 1 valid, 0 invalid.\n');
    expect(valid.status).toBe(0);
    const invalid = talap('validate', 'bad.ndjson', '--format', 'json');
    expect(JSON.parse(invalid.stdout).totals.invalid).toBe(1);
    expect(invalid.status).toBe(1);
    const usage = talap('validate', 'missing.ndjson');
    expect(usage.stderr).toMatch(/^talap: cannot find .*missing\.ndjson: check the path\.\n$/);
    expect(usage.status).toBe(2);
  });

  it('gives the same report when worker threads share a large NDJSON file', () => {
    const one = talap(
      'validate',
      'big.ndjson',
      '--format',
      'json',
      '--jobs',
      '1',
      '--max-issues',
      '1000',
    );
    const two = talap(
      'validate',
      'big.ndjson',
      '--format',
      'json',
      '--jobs',
      '2',
      '--max-issues',
      '1000',
    );
    expect(two.stderr).toBe('');
    expect(two.status).toBe(1);
    const report = JSON.parse(two.stdout);
    expect(report.totals.invalid).toBe(Math.ceil(bigLines.length / 97));
    expect(report).toEqual(JSON.parse(one.stdout));
  });
});
