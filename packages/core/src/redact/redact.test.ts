import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encryptCase } from '../crypto/index.js';
import { type Case, caseSchema } from '../schema/case.js';
import { type SharingTier, tierAllows } from '../schema/field.js';
import { describeFields } from '../schema/walk.js';
import { arbitraryPlainValidCase, arbitraryValidCase } from '../test-kit/case-arbitrary.js';
import { frozenPublicKey, frozenVector } from '../test-kit/encryption-vectors.js';
import { dentalRefusalCase } from '../test-kit/sample-cases.js';
import { validateCase } from '../validate/validate-case.js';
import { type RedactionPolicy, redact, redactionPolicies } from './redact.js';

const tierOfKey = new Map(describeFields(caseSchema).map((field) => [field.key, field.tier]));

/** Every field key present in a (redacted) record, array indexes removed. */
function presentKeys(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => presentKeys(item, prefix));
  if (typeof value !== 'object' || value === null) return [prefix];
  if (tierOfKey.has(prefix)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    presentKeys(child, prefix === '' ? key : `${prefix}.${key}`),
  );
}

const validCases = arbitraryValidCase.filter(
  (record) => validateCase(record).ok,
) as fc.Arbitrary<Case>;

describe('redact', () => {
  it('keeps a record as it is under the internal policy', () => {
    expect(redact(dentalRefusalCase(), 'internal')).toEqual(dentalRefusalCase());
  });

  it('strips identifying fields and free text, cuts dates to the month and place to the region for partners', () => {
    const shared = redact(dentalRefusalCase(), 'partner')!;
    expect(shared.client?.code).toBeUndefined();
    expect(shared.client?.contact).toBeUndefined();
    expect(shared.incident?.account).toBeUndefined();
    expect(shared.incident?.city).toBeUndefined();
    expect(shared.incident?.region).toBe('Almaty');
    expect(shared.incident?.date).toBe('2024-03');
    expect(shared.createdAt).toBe('2024-03');
    expect(shared.responses?.[1]?.referral?.target).toBe('lawyer');
    expect(JSON.stringify(shared)).not.toContain('+7 701');
  });

  it('keeps only what statistics need for the aggregate policy', () => {
    const counted = redact(dentalRefusalCase(), 'aggregate')!;
    expect(counted.client).toEqual({
      ageBand: 'age_25_34',
      genderIdentity: 'woman',
      keyPopulations: ['people_living_with_hiv'],
      countryOfResidence: 'KZ',
    });
    expect(counted.id).toBeUndefined();
    expect(counted.incident?.region).toBeUndefined();
    expect(counted.consent).toBeUndefined();
  });

  it('gives nothing to statistics without consent to be counted, or after it was withdrawn', () => {
    const withoutConsent = dentalRefusalCase();
    delete withoutConsent.consent.statistics;
    expect(redact(withoutConsent, 'aggregate')).toBeNull();
    const withdrawn = dentalRefusalCase();
    withdrawn.consent.statistics!.withdrawnAt = '2024-05';
    expect(redact(withdrawn, 'aggregate')).toBeNull();
  });

  it('never lets a field survive a policy wider than its tier (property)', () => {
    fc.assert(
      fc.property(
        validCases,
        fc.constantFrom<RedactionPolicy>('partner', 'aggregate'),
        (record, policy) => {
          const shared = redact(record, policy);
          if (shared === null) return;
          const policyTier: SharingTier = redactionPolicies[policy];
          for (const key of presentKeys(shared)) {
            const tier = tierOfKey.get(key);
            expect(tier, `${key} has no metadata`).toBeDefined();
            expect(tierAllows(tier!, policyTier), `${key} (${tier}) under ${policy}`).toBe(true);
          }
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it('does not modify the record it is given (property)', () => {
    fc.assert(
      fc.property(validCases, (record) => {
        const before = structuredClone(record);
        redact(record, 'partner');
        redact(record, 'aggregate');
        expect(record).toEqual(before);
      }),
      { numRuns: 50, seed: 4 },
    );
  });
});

describe('redact on encrypted records', () => {
  it('drops identifying fields for partners and statistics, without decrypting them', () => {
    const sealed = frozenVector.encrypted;
    for (const policy of ['partner', 'aggregate'] as const) {
      const shared = redact(sealed, policy);
      expect(shared).toEqual(redact(frozenVector.plaintext, policy));
      const text = JSON.stringify(shared);
      expect(text).not.toContain('talap-e2e');
      expect(text).not.toContain(frozenVector.keyId);
    }
    expect(redact(sealed, 'partner')?.client?.code).toBeUndefined();
    expect(redact(sealed, 'partner')?.incident?.date).toBe('2024-03');
  });

  it('keeps encrypted values as they are under the internal policy', () => {
    expect(redact(frozenVector.encrypted, 'internal')).toEqual(frozenVector.encrypted);
  });

  it('gives the same shared record whether identifying fields are plain or encrypted (property)', async () => {
    const publicKey = await frozenPublicKey();
    const cases = arbitraryPlainValidCase.filter(
      (record) => validateCase(record).ok,
    ) as fc.Arbitrary<Case>;
    await fc.assert(
      fc.asyncProperty(
        cases,
        fc.constantFrom<RedactionPolicy>('partner', 'aggregate'),
        async (record, policy) => {
          const sealed = await encryptCase(record, publicKey);
          if (!sealed.ok) throw new Error(sealed.issues[0]?.message);
          expect(redact(sealed.value, policy)).toEqual(redact(record, policy));
        },
      ),
      { numRuns: 50, seed: 5 },
    );
  });
});
