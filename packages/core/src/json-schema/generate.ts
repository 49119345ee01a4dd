import * as z from 'zod/mini';
import { caseSchema, caseSchemaId, currentSchemaVersion } from '../schema/case.js';
import { encryptableForms } from '../schema/encrypted-value.js';
import { fieldRegistry } from '../schema/field.js';
import { ruleOfCheck } from '../schema/rule.js';
import { isUniqueItemsCheck } from '../schema/unique.js';
import type { JsonSchema } from './keywords.js';

/** Where the schema keeps the encrypted value's keywords, shared by every identifying field. */
const encryptedValueRef = '#/$defs/encryptedValue';

/**
 * Writes an identifying field (plain value or encrypted value) as one schema whose `type` allows
 * both: the plain value's keywords apply to strings and the encrypted value's (in `$defs`, so the
 * schema and its compiled validators stay small) to objects. An `anyOf` would say the same, but
 * validators then report every alternative's errors; this way ajv reports what zod reports, the
 * issues of the form the value's JSON type picks.
 */
function encryptableJsonSchema(
  [plain, encrypted]: readonly [z.ZodMiniType, z.ZodMiniType],
  toJson: (schema: z.ZodMiniType) => JsonSchema,
  defs: Record<string, JsonSchema>,
): JsonSchema {
  const { $schema: _plainDialect, type: plainType, ...plainKeywords } = toJson(plain);
  const { $schema: _objectDialect, type: objectType, ...objectKeywords } = toJson(encrypted);
  if (plainType !== 'string' || objectType !== 'object') {
    throw new Error('An encryptable field must be a string in its plain form.');
  }
  // Without `type`, these keywords apply to objects only: a plain string passes them.
  defs.encryptedValue = objectKeywords;
  return {
    type: ['string', 'object'],
    $comment: 'An object is the value encrypted for the organisation: see docs/encryption.md.',
    ...plainKeywords,
    $ref: encryptedValueRef,
  };
}

/**
 * Builds the case JSON Schema (draft 2020-12) from the zod schema: vocabulary codes as enums,
 * field metadata as `x-talap-*` keywords, cross-field rules as `allOf` of `if`/`then`.
 */
export function buildCaseJsonSchema(): JsonSchema {
  const toJson = (schema: z.ZodMiniType): JsonSchema =>
    z.toJSONSchema(schema, options) as JsonSchema;
  const defs: Record<string, JsonSchema> = {};
  const options: Parameters<typeof z.toJSONSchema>[1] = {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
    override: ({ zodSchema, jsonSchema }) => {
      const target = jsonSchema as JsonSchema;
      const def = zodSchema._zod.def as { type: string; checks?: object[] };
      // An enum needs no `type`: without it a wrong type and a wrong code give one issue, as in zod.
      if (def.type === 'enum' || def.type === 'literal') delete target.type;
      const forms = encryptableForms(zodSchema);
      if (forms) Object.assign(target, encryptableJsonSchema(forms, toJson, defs));
      const meta = fieldRegistry.get(zodSchema);
      if (meta) {
        target['x-talap-key'] = meta.key;
        target['x-talap-label'] = meta.labelKey;
        target['x-talap-sensitivity'] = meta.sensitivity;
        target['x-talap-tier'] = meta.tier;
        target['x-talap-section'] = meta.section;
        target['x-talap-self-report'] = meta.selfReport;
        if (meta.vocabulary) target['x-talap-vocabulary'] = meta.vocabulary;
        if (meta.coarsen) target['x-talap-coarsen'] = meta.coarsen;
      }
      const rules: JsonSchema[] = [];
      for (const check of def.checks ?? []) {
        if (isUniqueItemsCheck(check)) target.uniqueItems = true;
        const rule = ruleOfCheck(check);
        if (rule) {
          rules.push({
            'x-talap-rule': rule.code,
            'x-talap-rule-path': rule.path.join('/'),
            ...rule.jsonSchema,
          });
        }
      }
      if (rules.length > 0) target.allOf = rules;
    },
  };
  const generated = toJson(caseSchema);
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: caseSchemaId,
    title: 'Talap case',
    description: `A human-rights case record of the Talap schema, version ${currentSchemaVersion}.`,
    ...rest,
    ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
  };
}

/** The JSON Schema as the committed file holds it: two-space indented, ending with a newline. */
export function serialiseJsonSchema(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
