import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { caseSchema } from './case.js';
import {
  arrayItem,
  describeFields,
  enumCodes,
  fieldMetaOf,
  isOptional,
  maxLengthOf,
  minLengthOf,
  objectShape,
  patternOf,
  schemaDef,
  unwrapOptional,
} from './walk.js';

const sample = z.object({
  name: z.optional(z.string().check(z.maxLength(80), z.regex(/^[a-z]+$/))),
  kind: z.enum(['one', 'two']),
  kinds: z.optional(z.array(z.enum(['a', 'b', 'c']))),
  items: z.array(z.object({ note: z.string() })).check(z.minLength(1), z.maxLength(5)),
});
const shape = objectShape(sample)!;

describe('walking a zod schema as data', () => {
  it('reads optional wrappers, object shapes and array items', () => {
    expect(Object.keys(shape)).toEqual(['name', 'kind', 'kinds', 'items']);
    expect(isOptional(shape.name!)).toBe(true);
    expect(isOptional(shape.kind!)).toBe(false);
    expect(schemaDef(unwrapOptional(shape.name!)).type).toBe('string');
    expect(objectShape(arrayItem(shape.items!)!)).toHaveProperty('note');
    expect(arrayItem(shape.kind!)).toBeUndefined();
    expect(objectShape(shape.kind!)).toBeUndefined();
  });

  it('reads the codes of an enum and of a list of codes', () => {
    expect(enumCodes(shape.kind!)).toEqual(['one', 'two']);
    expect(enumCodes(shape.kinds!)).toEqual(['a', 'b', 'c']);
    expect(enumCodes(shape.name!)).toBeUndefined();
  });

  it('reads the pattern and length limits of strings and arrays', () => {
    expect(patternOf(shape.name!)?.source).toBe('^[a-z]+$');
    expect(maxLengthOf(shape.name!)).toBe(80);
    expect(minLengthOf(shape.items!)).toBe(1);
    expect(maxLengthOf(shape.items!)).toBe(5);
    expect(minLengthOf(shape.kind!)).toBe(0);
    expect(patternOf(shape.kind!)).toBeUndefined();
  });

  it('finds the metadata of the case schema fields through optional wrappers', () => {
    const consent = objectShape(objectShape(caseSchema)!.consent!)!;
    expect(fieldMetaOf(objectShape(consent.record!)!.given!)?.key).toBe('consent.record.given');
    expect(fieldMetaOf(sample)).toBeUndefined();
  });

  it('lists every field of the case schema with its metadata, requiredness and codes', () => {
    const fields = describeFields(caseSchema);
    const byKey = new Map(fields.map((field) => [field.key, field]));
    expect(byKey.get('consent.record.given')?.required).toBe(true);
    expect(byKey.get('client.pronouns')?.required).toBe(false);
    expect(byKey.get('incident.violations.type')?.codes).toContain('health_care_denied');
  });
});
