import { describe, expect, it } from 'vitest';
import { caseSchema } from './case.js';
import { tierAllows } from './field.js';
import { describeFields } from './walk.js';

const fields = describeFields(caseSchema);

describe('field metadata', () => {
  it('gives every field a unique key with label and help keys', () => {
    const keys = fields.map((field) => field.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const field of fields) {
      expect(field.labelKey).toBe(`field.${field.key}.label`);
      expect(field.helpKey).toBe(`field.${field.key}.help`);
    }
  });

  it('never lets an identifying field leave the organisation', () => {
    for (const field of fields.filter((entry) => entry.sensitivity === 'identifying')) {
      expect(field.tier, field.key).toBe('organisation');
    }
  });

  it('keeps free text inside the organisation', () => {
    for (const field of fields.filter((entry) => entry.key.endsWith('Other'))) {
      expect(field.tier, field.key).toBe('organisation');
    }
  });

  it('orders tiers from narrowest to widest', () => {
    expect(tierAllows('aggregate', 'partner')).toBe(true);
    expect(tierAllows('partner', 'aggregate')).toBe(false);
    expect(tierAllows('organisation', 'organisation')).toBe(true);
    expect(tierAllows('organisation', 'partner')).toBe(false);
  });

  it('shows the self-report form a short, consent-first subset', () => {
    const selfReport = fields.filter((field) => field.selfReport).map((field) => field.key);
    expect(selfReport).toContain('consent.record.given');
    expect(selfReport).not.toContain('client.code');
    expect(selfReport.length).toBeLessThan(fields.length / 2);
  });
});
