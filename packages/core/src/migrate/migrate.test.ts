import { describe, expect, it } from 'vitest';
import { dentalRefusalCase } from '../test-kit/sample-cases.js';
import { validateCase } from '../validate/validate-case.js';
import { migrate } from './migrate.js';

/** A record in the flat version 0 shape of the first pilot. */
const v0Record = () => ({
  uuid: '01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f99',
  org: 'md-positive',
  source: 'paralegal',
  created: '2023-11-02T08:00:00Z',
  client: {
    code: 'CH-17',
    age: 29,
    gender: 'trans',
    groups: ['sex_workers'],
    phone: '+373 600 00000',
  },
  incident: {
    date: '2023-10',
    country: 'MD',
    city: 'Chisinau',
    place: 'police_station',
    description: 'Documents taken during a police check.',
    violations: [{ type: 'documents_confiscated', rights: ['property'], perpetrator: 'police' }],
  },
  consent: { given: true, share_stats: true, contact_ok: false },
});

describe('migrate', () => {
  it('lifts a version 0 record to a valid current record', () => {
    const result = migrate(v0Record());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fromVersion).toBe(0);
    const validation = validateCase(result.value);
    expect(validation.issues).toEqual([]);
    expect(validation.ok).toBe(true);
    expect(result.value).toMatchObject({
      schemaVersion: 1,
      channel: 'documenter',
      client: { genderIdentity: 'self_described', genderIdentityOther: 'trans' },
      incident: { violations: [{ perpetrators: [{ type: 'police' }] }] },
    });
  });

  it('drops a version 0 phone number when the client did not agree to be contacted', () => {
    const result = migrate(v0Record());
    expect(JSON.stringify(result)).not.toContain('+373');
  });

  it('leaves a current record unchanged and does not touch its input', () => {
    const record = dentalRefusalCase();
    const before = structuredClone(record);
    expect(migrate(record)).toEqual({ ok: true, value: before, fromVersion: 1 });
    expect(record).toEqual(before);
  });

  it('refuses records it cannot lift, with a reason', () => {
    expect(migrate('text')).toMatchObject({ ok: false, error: { code: 'not_an_object' } });
    expect(migrate({ schemaVersion: 99 })).toMatchObject({
      ok: false,
      error: { code: 'unknown_schema_version' },
    });
    expect(migrate({ schemaVersion: 0, f: () => 1 })).toMatchObject({ ok: false });
  });
});
