import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runTalap } from '../test-kit/run-talap.js';

const run = (argv: string[]) => runTalap(argv, { cwd: tmpdir() });

describe('talap', () => {
  it.each(['validate', 'redact', 'convert', 'migrate'])(
    'explains `talap %s --help` with examples and the exit codes, and ends with 0',
    async (command) => {
      const result = await run([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: talap ${command} [options] <files...>`);
      expect(result.stdout).toContain('Examples:');
      expect(result.stdout).toContain(
        'Exit codes:\n  0  every record is valid (or the command did its work)\n  1  invalid data: a record is invalid or a file could not be read as records\n  2  a usage mistake, or a file that cannot be opened or written',
      );
    },
  );

  it('lists its commands in `talap --help`', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['validate', 'redact', 'convert', 'migrate', 'schema']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it('prints the case JSON Schema with `talap schema`', async () => {
    const result = await run(['schema']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      $id: 'https://talap.dev/schema/case/v1/case.schema.json',
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
  });

  it('ends with 2 on an unknown command or option', async () => {
    const unknownCommand = await run(['valdate', 'x.ndjson']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("error: unknown command 'valdate'");
    const unknownOption = await run(['validate', 'x.ndjson', '--strict']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("error: unknown option '--strict'");
  });
});
