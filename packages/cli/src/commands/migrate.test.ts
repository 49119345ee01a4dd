import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../core/src/migrate/migrate.js';
import { dentalRefusalCase } from '../../../core/src/test-kit/sample-cases.js';
import { fileFolder, runTalap } from '../test-kit/run-talap.js';

/** A record in the flat version 0 shape of the first pilot (see docs/migrations.md). */
const v0Record = {
  uuid: '01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f99',
  org: 'md-positive',
  source: 'paralegal',
  created: '2023-11-02T08:00:00Z',
  client: { code: 'CH-17', age: 29, gender: 'trans', groups: ['sex_workers'] },
  incident: {
    date: '2023-10',
    country: 'MD',
    place: 'police_station',
    violations: [{ type: 'documents_confiscated', rights: ['property'], perpetrator: 'police' }],
  },
  consent: { given: true, share_stats: true, contact_ok: false },
};
const lines = (...items: unknown[]) => `${items.map((item) => JSON.stringify(item)).join('\n')}\n`;

let files: ReturnType<typeof fileFolder>;
beforeEach(() => {
  files = fileFolder({ 'pilot.ndjson': lines(v0Record, dentalRefusalCase()) });
});
afterEach(() => files.remove());
const run = (argv: string[]) => runTalap(argv, { cwd: files.folder });

describe('talap migrate', () => {
  it('lifts older records, keeps current ones, and the result validates', async () => {
    const result = await run(['migrate', 'pilot.ndjson', '-o', 'cases.ndjson']);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'Migrated 2 records to schema version 1 (1 lifted from version 0, 1 already at version 1) into cases.ndjson. Now check them with talap validate.\n',
    });
    const lifted = migrate(v0Record);
    if (!lifted.ok) throw new Error('the sample must migrate');
    expect(readFileSync(join(files.folder, 'cases.ndjson'), 'utf8')).toBe(
      lines(lifted.value, dentalRefusalCase()),
    );
    expect((await run(['validate', 'cases.ndjson'])).code).toBe(0);
  });

  it('writes to standard output as NDJSON by default', async () => {
    const result = await run(['migrate', 'pilot.ndjson']);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('refuses records it cannot lift, with the reason, and writes nothing', async () => {
    files.write('odd.ndjson', lines(v0Record, { schemaVersion: 9 }, [1, 2]));
    const result = await run(['migrate', 'odd.ndjson', '-o', 'cases.ndjson']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'odd.ndjson:2:1: error unknown_schema_version (record 2): Schema version 9 is not one this package knows (0 to 1); update @talap/core.',
    );
    expect(result.stderr).toContain(
      'odd.ndjson:3:1: error not_an_object (record 3): A record must be a JSON object.',
    );
    expect(result.stderr).toContain('Nothing was written to cases.ndjson');
  });

  it('writes to standard output every record it lifted, and only whole ones, when one cannot be lifted', async () => {
    files.write('odd.ndjson', lines(v0Record, { schemaVersion: 9 }));
    const result = await run(['migrate', 'odd.ndjson']);
    expect(result.code).toBe(1);
    const lifted = migrate(v0Record);
    if (!lifted.ok) throw new Error('the sample must migrate');
    expect(result.stdout).toBe(lines(lifted.value));
    expect(result.stderr).toContain('the records listed were left out, none of them in part');
  });

  it('reads JSON and NDJSON only', async () => {
    files.write('old.csv', 'client.code\nA\n');
    const result = await run(['migrate', 'old.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('talap: talap migrate reads JSON or NDJSON, not old.csv');
  });
});
