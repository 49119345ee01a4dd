import { describe, expect, it } from 'vitest';
import { loadLocale } from '../i18n/catalog.js';
import { dentalRefusalCase, minimalSelfReport } from '../test-kit/sample-cases.js';
import { validateCase } from './validate-case.js';

const pathsAndCodes = (result: ReturnType<typeof validateCase>) =>
  result.issues.map((issue) => `${issue.path} ${issue.code}`);

describe('validateCase', () => {
  it('accepts a complete documenter case and returns it typed', () => {
    const result = validateCase(dentalRefusalCase());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.incident.violations[0]?.type).toBe('health_care_denied');
  });

  it('accepts a minimal self-report without contact or free text', () => {
    expect(validateCase(minimalSelfReport()).ok).toBe(true);
  });

  it('reports a typo at the top level instead of dropping it', () => {
    const result = validateCase({ ...dentalRefusalCase(), incidnet: {} });
    expect(result.ok).toBe(false);
    expect(pathsAndCodes(result)).toEqual(['/incidnet unknown_property']);
  });

  it('reports each missing required field with a JSON Pointer', () => {
    const record: Record<string, unknown> = dentalRefusalCase();
    delete record.organisation;
    delete (record.incident as Record<string, unknown>).country;
    expect(pathsAndCodes(validateCase(record))).toEqual([
      '/incident/country required',
      '/organisation required',
    ]);
  });

  it('requires a referral target on a referral response', () => {
    const record = dentalRefusalCase();
    delete record.responses![1]!.referral;
    expect(pathsAndCodes(validateCase(record))).toEqual([
      '/responses/1/referral referral_target_required',
    ]);
  });

  it('refuses contact details without consent to be contacted', () => {
    const record = dentalRefusalCase();
    record.consent.contact = { given: false };
    expect(pathsAndCodes(validateCase(record))).toEqual([
      '/client/contact contact_without_consent',
    ]);
  });

  it('asks for a description when a code is "other"', () => {
    const record = dentalRefusalCase();
    record.incident.violations[0]!.perpetrators[0]!.type = 'other';
    expect(pathsAndCodes(validateCase(record))).toEqual([
      '/incident/violations/0/perpetrators/0/typeOther other_needs_description',
    ]);
  });

  it('refuses a record without consent to record it', () => {
    const record = dentalRefusalCase() as unknown as { consent: { record: { given: boolean } } };
    record.consent.record.given = false;
    expect(pathsAndCodes(validateCase(record))).toEqual(['/consent/record/given invalid_value']);
  });

  it('warns, without rejecting, when the outcome is dated before the incident', () => {
    const record = dentalRefusalCase();
    record.outcome!.date = '2024-02';
    const result = validateCase(record);
    expect(result.ok).toBe(true);
    expect(result.issues.map((issue) => [issue.path, issue.code, issue.severity])).toEqual([
      ['/outcome/date', 'outcome_before_incident', 'warning'],
    ]);
  });

  it('does not warn when dates only share a coarser precision', () => {
    const record = dentalRefusalCase();
    record.incident.date = '2024-03';
    record.outcome!.date = '2024-03-01';
    expect(validateCase(record).issues).toEqual([]);
  });

  it('writes messages in the requested locale and falls back to English', async () => {
    await loadLocale('ru');
    const record: Record<string, unknown> = dentalRefusalCase();
    delete record.organisation;
    const ru = validateCase(record, { locale: 'ru' });
    const en = validateCase(record, { locale: 'en' });
    const unknown = validateCase(record, { locale: 'xx' });
    expect(ru.issues[0]?.message).not.toBe(en.issues[0]?.message);
    expect(ru.issues[0]?.message).toMatch(/[а-яё]/i);
    expect(unknown.issues[0]?.message).toBe(en.issues[0]?.message);
  });

  it('never puts the rejected value into a message', () => {
    const record = dentalRefusalCase();
    record.client.contact!.email = 'secret-person-at-nowhere';
    const result = validateCase(record);
    expect(pathsAndCodes(result)).toEqual(['/client/contact/email invalid_format']);
    expect(JSON.stringify(result.issues)).not.toContain('secret-person');
  });
});

describe('validateCase on hostile input', () => {
  const hostile: [string, () => unknown][] = [
    ['undefined', () => undefined],
    ['null', () => null],
    ['a number', () => 42],
    ['an array', () => [dentalRefusalCase()]],
    ['a huge string', () => 'x'.repeat(5_000_000)],
    [
      'a cycle',
      () => {
        const record: Record<string, unknown> = dentalRefusalCase();
        record.client = record;
        (record.incident as Record<string, unknown>).self = record;
        return record;
      },
    ],
    [
      'deep nesting',
      () => {
        let deep: Record<string, unknown> = {};
        for (let level = 0; level < 100_000; level += 1) deep = { deep };
        return { ...dentalRefusalCase(), extensions: { 'kz-aman:deep': deep }, incident: deep };
      },
    ],
    [
      'a throwing getter',
      () => {
        const record = dentalRefusalCase();
        Object.defineProperty(record, 'client', {
          enumerable: true,
          get() {
            throw new Error('boom');
          },
        });
        return record;
      },
    ],
    [
      'a revoked proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
  ];

  for (const [name, make] of hostile) {
    it(`returns issues for ${name} instead of throwing`, () => {
      const result = validateCase(make());
      expect(result.ok).toBe(false);
      expect(result.issues.length).toBeGreaterThan(0);
    });
  }

  it('reports a __proto__ key as unknown and pollutes nothing', () => {
    const record = JSON.parse(
      `{"__proto__":{"polluted":true},${JSON.stringify(dentalRefusalCase()).slice(1)}`,
    );
    const result = validateCase(record);
    expect(pathsAndCodes(result)).toEqual(['/__proto__ unknown_property']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
