import { describe, expect, it } from 'vitest';
import { validateCase as validateWithAjv } from '../ajv/validate-case.js';
import { frozenVector } from '../test-kit/encryption-vectors.js';
import { dentalRefusalCase } from '../test-kit/sample-cases.js';
import { validateCase as validateWithZod } from '../validate/validate-case.js';
import { caseSchema } from './case.js';
import { phonePattern } from './primitives.js';
import { describeFields, maxLengthOf, objectShape, patternOf, schemaDef } from './walk.js';

const envelope = () =>
  structuredClone(frozenVector.encrypted.client.code) as Record<string, unknown>;

/** The issues both validators report, which must be the same. */
function issuesOf(record: unknown): string[] {
  const zod = validateWithZod(record).issues.map((issue) => `${issue.path} ${issue.code}`);
  const ajv = validateWithAjv(record).issues.map((issue) => `${issue.path} ${issue.code}`);
  expect(ajv).toEqual(zod);
  return zod;
}

/** The sample case with `value` as its phone number. */
function withPhone(value: unknown): unknown {
  const record = dentalRefusalCase() as unknown as { client: { contact: Record<string, unknown> } };
  record.client.contact.phone = value;
  return record;
}

describe('encrypted values in the case schema', () => {
  it('are allowed in every identifying field and in no other', () => {
    const fields = describeFields(caseSchema);
    for (const field of fields) {
      expect(field.encryptable, field.key).toBe(field.sensitivity === 'identifying');
    }
    expect(fields.filter((field) => field.encryptable).map((field) => field.key)).toEqual([
      'client.code',
      'client.contact.phone',
      'client.contact.email',
      'client.contact.messenger',
      'client.contact.safeTimes',
      'incident.account',
      'responses.notes',
    ]);
  });

  it('leave the plain form readable to code that walks the schema (the form, docs)', () => {
    const contact = objectShape(objectShape(objectShape(caseSchema)!.client!)!.contact!)!;
    expect(schemaDef(contact.phone!).type).toBe('optional');
    expect(patternOf(contact.phone!)).toBe(phonePattern);
    expect(maxLengthOf(contact.email!)).toBe(254);
    expect(describeFields(caseSchema).find((field) => field.key === 'client.code')).toMatchObject({
      type: 'string',
      required: true,
    });
  });

  it('validate without a key, in both validators', () => {
    expect(issuesOf(frozenVector.encrypted)).toEqual([]);
    expect(issuesOf(withPhone(envelope()))).toEqual([]);
  });

  it('are refused where a field is not identifying', () => {
    const record = dentalRefusalCase() as unknown as { incident: Record<string, unknown> };
    record.incident.city = envelope();
    expect(issuesOf(record)).toEqual(['/incident/city invalid_type']);
  });

  it('are checked strictly: parts, version, lengths and alphabet', () => {
    const broken = (edit: (value: Record<string, unknown>) => void) => {
      const value = envelope();
      edit(value);
      return issuesOf(withPhone(value));
    };
    const at = '/client/contact/phone';
    expect(broken((value) => delete value.ct)).toEqual([`${at}/ct required`]);
    expect(broken((value) => Object.assign(value, { note: 'x' }))).toEqual([
      `${at}/note unknown_property`,
    ]);
    expect(broken((value) => Object.assign(value, { $enc: 'talap-e2e/2' }))).toEqual([
      `${at}/$enc invalid_value`,
    ]);
    expect(broken((value) => Object.assign(value, { iv: 'AAAA' }))).toEqual([
      `${at}/iv invalid_format`,
    ]);
    expect(broken((value) => Object.assign(value, { ct: 'not+base64/url' }))).toEqual([
      `${at}/ct invalid_format`,
    ]);
    expect(broken((value) => Object.assign(value, { ek: 'A'.repeat(2000) }))).toEqual([
      `${at}/ek invalid_format`,
      `${at}/ek too_big`,
    ]);
    expect(broken((value) => Object.assign(value, { kid: 7 }))).toEqual([`${at}/kid invalid_type`]);
  });

  it('do not change what a plain value must be', () => {
    expect(issuesOf(withPhone('call me'))).toEqual(['/client/contact/phone invalid_format']);
    expect(issuesOf(withPhone(12345))).toEqual(['/client/contact/phone invalid_type']);
    expect(issuesOf(withPhone(['+7 701 000 0000']))).toEqual([
      '/client/contact/phone invalid_type',
    ]);
    expect(issuesOf(withPhone(null))).toEqual(['/client/contact/phone invalid_type']);
    const withoutCode = dentalRefusalCase() as unknown as { client: Record<string, unknown> };
    delete withoutCode.client.code;
    expect(issuesOf(withoutCode)).toEqual(['/client/code required']);
  });
});
