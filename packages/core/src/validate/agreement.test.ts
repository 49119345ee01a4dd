import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCase as validateWithAjv } from '../ajv/validate-case.js';
import { arbitraryCaseShape, arbitraryValidCase } from '../test-kit/case-arbitrary.js';
import { dentalRefusalCase } from '../test-kit/sample-cases.js';
import { validateCase as validateWithZod } from './validate-case.js';

const verdict = (result: ReturnType<typeof validateWithZod>) => ({
  ok: result.ok,
  issues: result.issues.map((issue) => `${issue.severity} ${issue.path} ${issue.code}`),
});

/** A change to one place of a record: remove a key, replace a value, or add an unknown key. */
const arbitraryMutation = fc.record({
  depth: fc.nat({ max: 6 }),
  pick: fc.nat(),
  kind: fc.constantFrom('delete', 'replace', 'add'),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('other', 'referral', '', '2024-13', 'KZ', -1, 1.5, 121, true, null),
  ),
});

function mutate(
  record: unknown,
  mutation: { depth: number; pick: number; kind: string; value: unknown },
): unknown {
  const copy = structuredClone(record);
  let target = copy as Record<string, unknown>;
  for (let level = 0; level < mutation.depth; level += 1) {
    const keys = Object.keys(target).filter(
      (key) => typeof target[key] === 'object' && target[key] !== null,
    );
    if (keys.length === 0) break;
    target = target[keys[(mutation.pick + level) % keys.length]!] as Record<string, unknown>;
  }
  const keys = Object.keys(target);
  const key = keys.length > 0 ? keys[mutation.pick % keys.length]! : 'x';
  if (mutation.kind === 'delete') delete target[key];
  else if (mutation.kind === 'replace') target[key] = mutation.value;
  else target[`unknown${mutation.pick % 3}`] = mutation.value;
  return copy;
}

describe('the zod and the ajv validators agree', () => {
  it('on records generated from the schema shape', () => {
    fc.assert(
      fc.property(arbitraryCaseShape, (record) => {
        expect(verdict(validateWithAjv(record))).toEqual(verdict(validateWithZod(record)));
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('on generated valid records, which both accept', () => {
    fc.assert(
      fc.property(arbitraryValidCase, (record) => {
        const zod = verdict(validateWithZod(record));
        expect(zod.ok).toBe(true);
        expect(verdict(validateWithAjv(record))).toEqual(zod);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('on valid records after a random mutation', () => {
    fc.assert(
      fc.property(arbitraryValidCase, arbitraryMutation, (record, mutation) => {
        const mutated = mutate(record, mutation);
        expect(verdict(validateWithAjv(mutated))).toEqual(verdict(validateWithZod(mutated)));
      }),
      { numRuns: 600, seed: 42 },
    );
  });

  it('on a hand-written case broken in many places at once', () => {
    const record = JSON.parse(JSON.stringify(dentalRefusalCase()));
    Object.assign(record.client, {
      age: 130,
      keyPopulations: ['sex_workers', 'sex_workers', 'nobody'],
    });
    record.incident.violations[0].rights = 'right_to_health';
    delete record.responses[1].referral;
    record.consent.contact.given = false;
    record.extensions = { 'Bad Key': 1 };
    expect(verdict(validateWithAjv(record))).toEqual(verdict(validateWithZod(record)));
    expect(verdict(validateWithZod(record)).issues.length).toBeGreaterThanOrEqual(6);
  });
});
