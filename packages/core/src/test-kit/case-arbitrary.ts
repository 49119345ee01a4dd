import fc from 'fast-check';
import type * as z from 'zod/mini';
import { caseSchema } from '../schema/case.js';
import { encryptableForms } from '../schema/encrypted-value.js';
import { isRecord } from '../schema/rule.js';

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  element?: AnySchema;
  entries?: Record<string, string>;
  values?: unknown[];
  keyType?: AnySchema;
  checks?: { _zod: { def: Record<string, unknown> } }[];
}

const defOf = (schema: AnySchema) => schema._zod.def as unknown as Def;
const checkDefs = (schema: AnySchema) =>
  (defOf(schema).checks ?? []).map((check) => check._zod.def);

function bound(schema: AnySchema, name: 'min' | 'max'): number | undefined {
  for (const def of checkDefs(schema)) {
    if (name === 'min' && (def.check === 'min_length' || def.check === 'greater_than')) {
      return Number(def.minimum ?? def.value);
    }
    if (name === 'max' && (def.check === 'max_length' || def.check === 'less_than')) {
      return Number(def.maximum ?? def.value);
    }
  }
  return undefined;
}

/** Options of `arbitraryOf`. */
export interface ArbitraryOptions {
  /** Whether identifying fields may hold an encrypted value (random bytes, well formed) instead of a plain one; default true. */
  readonly encrypted?: boolean;
}

/** Builds a fast-check arbitrary of values shaped by a zod schema (rules between fields are not applied). */
export function arbitraryOf(
  schema: AnySchema,
  options: ArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  const inner = (child: AnySchema) => arbitraryOf(child, options);
  const forms = encryptableForms(schema);
  if (forms) {
    // An identifying field: its plain value, or (less often) an encrypted value.
    if (options.encrypted === false) return inner(forms[0]);
    return fc.oneof(
      { arbitrary: inner(forms[0]), weight: 3 },
      { arbitrary: inner(forms[1]), weight: 1 },
    );
  }
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const required: string[] = [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        model[key] = inner(child);
        if (defOf(child).type !== 'optional') required.push(key);
      }
      return fc.record(model, { requiredKeys: required });
    }
    case 'optional':
      return inner(def.innerType!);
    case 'array': {
      const unique = checkDefs(schema).some((check) => check.check === 'custom');
      const lengths = {
        minLength: bound(schema, 'min') ?? 0,
        maxLength: Math.min(bound(schema, 'max') ?? 3, 3),
      };
      const item = inner(def.element!);
      return unique ? fc.uniqueArray(item, lengths) : fc.array(item, lengths);
    }
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'boolean':
      return fc.boolean();
    case 'number': {
      const min = bound(schema, 'min') ?? 0;
      const max = Math.min(bound(schema, 'max') ?? 1e6, 1e6);
      const integer =
        (def as { format?: string }).format === 'safeint' ||
        checkDefs(schema).some((check) => check.format === 'safeint');
      return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
    }
    case 'string': {
      const pattern = checkDefs(schema).find((check) => check.format === 'regex')?.pattern;
      if (pattern instanceof RegExp)
        return fc
          .stringMatching(pattern)
          .filter((text) => text.length <= Math.max(300, bound(schema, 'max') ?? 0));
      return fc.string({ minLength: bound(schema, 'min') ?? 0, maxLength: 20 });
    }
    case 'record':
      return fc.dictionary(
        inner(def.keyType!) as fc.Arbitrary<string>,
        fc.jsonValue({ maxDepth: 2 }),
        {
          maxKeys: 2,
        },
      );
    case 'unknown':
      return fc.jsonValue({ maxDepth: 2 });
    default:
      throw new Error(`No arbitrary for zod type ${def.type}`);
  }
}

/** Code fields with a free-text `<name>Other` companion. */
const describedKeys = new Set([
  'type',
  'rights',
  'genderIdentity',
  'keyPopulations',
  'placeKind',
  'relation',
  'target',
  'results',
  'method',
]);

/** Fills in what cross-field rules ask for, so a generated record can be valid. */
export function satisfyRules(record: unknown): unknown {
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    if (!isRecord(value)) return;
    for (const [key, item] of Object.entries(value)) {
      const isOther =
        item === 'other' ||
        (key === 'genderIdentity' && item === 'self_described') ||
        (Array.isArray(item) && item.includes('other'));
      if (isOther && describedKeys.has(key) && value[`${key}Other`] === undefined)
        value[`${key}Other`] = 'described';
      visit(item);
    }
    if (value.type === 'referral' && value.referral === undefined) {
      value.referral = { target: 'lawyer' };
    }
  };
  visit(record);
  if (isRecord(record) && isRecord(record.client) && record.client.contact !== undefined) {
    const consent = record.consent as Record<string, unknown>;
    consent.contact = { given: true };
  }
  return record;
}

/** Records shaped by the case schema; most break some rule, so both validators have work to do. */
export const arbitraryCaseShape: fc.Arbitrary<unknown> = arbitraryOf(caseSchema);

/** Records that satisfy the schema's cross-field rules as well as its shape. */
export const arbitraryValidCase: fc.Arbitrary<unknown> = arbitraryCaseShape.map((record) =>
  satisfyRules(structuredClone(record)),
);

/** Like `arbitraryValidCase`, with every identifying field in its plain form (none encrypted). */
export const arbitraryPlainValidCase: fc.Arbitrary<unknown> = arbitraryOf(caseSchema, {
  encrypted: false,
}).map((record) => satisfyRules(structuredClone(record)));
