import { describe, expect, it } from 'vitest';
import { dentalRefusalCase } from '../test-kit/sample-cases.js';
import { validateCase } from '../validate/validate-case.js';
import { isCaseId, newCaseId } from './case-id.js';

describe('newCaseId', () => {
  it('makes distinct UUID version 7 ids that a case accepts', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newCaseId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isCaseId(id)).toBe(true);
    expect(validateCase({ ...dentalRefusalCase(), id: [...ids][0] }).ok).toBe(true);
  });

  it('puts the time first, so ids made later sort later', () => {
    const earlier = newCaseId(Date.UTC(2024, 0, 1));
    const later = newCaseId(Date.UTC(2024, 0, 1) + 1);
    expect(earlier < later).toBe(true);
    expect(earlier.slice(0, 13)).toBe('018cc251-f400');
  });
});
