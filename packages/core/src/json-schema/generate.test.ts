import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { caseSchema } from '../schema/case.js';
import { describeFields } from '../schema/walk.js';
import { vocabularies } from '../vocab/index.js';
import { buildCaseJsonSchema, serialiseJsonSchema } from './generate.js';

const committed = readFileSync(new URL('../../case.schema.json', import.meta.url), 'utf8');

describe('case.schema.json', () => {
  it('is exactly what the zod schema generates (run `pnpm --filter @talap/core generate` after a schema change)', () => {
    expect(committed).toBe(serialiseJsonSchema(buildCaseJsonSchema()));
  });

  it('is a valid draft 2020-12 schema with a stable $id', () => {
    const ajv = new Ajv2020({ strict: false });
    const schema = JSON.parse(committed);
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(schema.$id).toBe('https://talap.dev/schema/case/v1/case.schema.json');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('lists every vocabulary code of every coded field as an enum', () => {
    const text = committed;
    for (const field of describeFields(caseSchema)) {
      if (!field.vocabulary) continue;
      const vocabulary = vocabularies[field.vocabulary as keyof typeof vocabularies];
      expect(field.codes).toEqual(vocabulary.codes);
      for (const code of vocabulary.codes) expect(text).toContain(`"${code}"`);
    }
  });

  it('carries the metadata of every field as x-talap keywords', () => {
    const keys = [...committed.matchAll(/"x-talap-key": "([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(keys)).toEqual(new Set(describeFields(caseSchema).map((field) => field.key)));
    expect(committed).toContain('"x-talap-sensitivity": "identifying"');
  });

  it('expresses every cross-field rule with if/then', () => {
    const rules = [...committed.matchAll(/"x-talap-rule": "([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(rules)).toEqual(
      new Set(['other_needs_description', 'referral_target_required', 'contact_without_consent']),
    );
  });
});
