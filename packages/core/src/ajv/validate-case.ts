import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import caseJsonSchema from '../../case.schema.json' with { type: 'json' };
import { type JsonSchema, talapKeywords } from '../json-schema/keywords.js';
import type { Case } from '../schema/case.js';
import { jsonType, shortenList, valueAt } from '../validate/input.js';
import type { IssueCode, RawIssue, ValidateOptions, ValidationResult } from '../validate/issue.js';
import { settle, unreadable } from '../validate/settle.js';

/** The cross-field rule a schema node carries (`x-talap-rule`), with the path it reports under. */
function ruleOf(node: unknown): { code: IssueCode; path: string[] } | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const code = (node as JsonSchema)['x-talap-rule'];
  if (typeof code !== 'string') return undefined;
  const path = String((node as JsonSchema)['x-talap-rule-path'] ?? '');
  return { code: code as IssueCode, path: path === '' ? [] : path.split('/') };
}

/** Subschemas at least this long (as JSON) get a validating function of their own. */
const ownFunctionFrom = 6_000;

/**
 * The case schema as ajv compiles it: large object subschemas (a violation, a response, the
 * client…) moved to `$defs` and referenced, so that each compiled function stays small enough for
 * V8 to optimise (one function for the whole case is not, and runs several times slower). The
 * published schema is not changed; errors keep their instance paths.
 */
function splitForCompiling(schema: JsonSchema): JsonSchema {
  const defs: Record<string, JsonSchema> = {
    ...((schema.$defs as Record<string, JsonSchema>) ?? {}),
  };
  const split = (node: unknown, depth: number): unknown => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
    const copy: JsonSchema = { ...(node as JsonSchema) };
    for (const keyword of ['properties', 'patternProperties'] as const) {
      const children = copy[keyword];
      if (typeof children !== 'object' || children === null) continue;
      copy[keyword] = Object.fromEntries(
        Object.entries(children).map(([name, child]) => [name, split(child, depth + 1)]),
      );
    }
    if (copy.items !== undefined) copy.items = split(copy.items, depth + 1);
    if (depth > 0 && copy.type === 'object' && JSON.stringify(copy).length >= ownFunctionFrom) {
      const name = `part${Object.keys(defs).length}`;
      defs[name] = copy;
      return { $ref: `#/$defs/${name}` };
    }
    return copy;
  };
  return { ...(split(schema, 0) as JsonSchema), $defs: defs };
}

const compilableSchema = splitForCompiling(caseJsonSchema);

function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

const codeOfKeyword: Record<string, IssueCode> = {
  type: 'invalid_type',
  enum: 'invalid_value',
  const: 'invalid_value',
  pattern: 'invalid_format',
  format: 'invalid_format',
  minLength: 'too_small',
  minItems: 'too_small',
  minimum: 'too_small',
  exclusiveMinimum: 'too_small',
  minProperties: 'too_small',
  maxLength: 'too_big',
  maxItems: 'too_big',
  maximum: 'too_big',
  exclusiveMaximum: 'too_big',
  maxProperties: 'too_big',
  uniqueItems: 'duplicate_item',
};

/**
 * Translates ajv's errors into Talap's stable issue codes and paths, as the zod validator reports
 * them. Compile with ajv's `verbose: true`: a broken cross-field rule is found by the schema node
 * that carries it.
 */
export function fromAjvErrors(errors: readonly ErrorObject[], input: unknown): RawIssue[] {
  const raw: RawIssue[] = [];
  for (const error of errors) {
    const path: (string | number)[] = fromPointer(error.instancePath);
    if (error.keyword === 'if') {
      const rule = ruleOf(error.parentSchema);
      if (rule) raw.push({ path: [...path, ...rule.path], code: rule.code });
      continue;
    }
    // Errors inside a rule's `then` are that rule's details: the `if` error above reports it.
    if (error.schemaPath.includes('/then/')) continue;
    if (error.propertyName !== undefined) {
      raw.push({ path: [...path, error.propertyName], code: 'invalid_key' });
      continue;
    }
    switch (error.keyword) {
      case 'required':
        raw.push({ path: [...path, String(error.params.missingProperty)], code: 'required' });
        break;
      case 'additionalProperties':
        raw.push({
          path: [...path, String(error.params.additionalProperty)],
          code: 'unknown_property',
        });
        break;
      case 'propertyNames':
        break;
      default: {
        const code = codeOfKeyword[error.keyword] ?? 'invalid_value';
        raw.push({ path, code, ...paramsOf(code, error, input) });
      }
    }
  }
  return raw;
}

const originOfKeyword = (keyword: string) =>
  keyword.endsWith('Length') ? 'string' : keyword.endsWith('Items') ? 'array' : 'number';

/** The message facts of an issue, named as the zod validator names them. */
function paramsOf(code: IssueCode, error: ErrorObject, input: unknown): Pick<RawIssue, 'params'> {
  if (code === 'invalid_type') return { params: typeParams(error, input) };
  if (code === 'too_small' || code === 'too_big') {
    const limit = Number(error.params.limit);
    return {
      params: {
        [code === 'too_small' ? 'minimum' : 'maximum']: limit,
        origin: originOfKeyword(error.keyword),
      },
    };
  }
  if (code === 'invalid_value' && Array.isArray(error.params.allowedValues)) {
    return { params: { allowed: shortenList(error.params.allowedValues) } };
  }
  return {};
}

function typeParams(error: ErrorObject, input: unknown) {
  const found = valueAt(input, fromPointer(error.instancePath));
  return { expected: String(error.params.type), found: jsonType(found) };
}

let compiled: { check: ValidateFunction; explain: ValidateFunction } | undefined;

/** Compiles the case JSON Schema once, on first use. */
function compiledValidator() {
  if (!compiled) {
    const make = (allErrors: boolean) => {
      const ajv = new Ajv2020({
        allErrors,
        verbose: allErrors,
        strict: true,
        strictTypes: false,
        strictTuples: false,
        strictRequired: false,
        // One function for the encrypted value that every identifying field calls: inlined into
        // each field, the validator grows past what V8 optimises and runs several times slower.
        inlineRefs: false,
        logger: false,
      });
      ajv.addVocabulary([...talapKeywords]);
      return ajv.compile(compilableSchema);
    };
    // Most records are valid: a validator that stops at the first error answers them fastest;
    // only a record it rejects is run again to collect every issue.
    compiled = { check: make(false), explain: make(true) };
  }
  return compiled;
}

/**
 * Validates any input against the published case JSON Schema with ajv. Same signature, result shape
 * and issue codes as the zod `validateCase` of the main entry; never throws.
 */
export function validateCase(
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<Case> {
  try {
    const { check, explain } = compiledValidator();
    if (check(input)) return settle(input, [], options);
    explain(input);
    return settle(input, fromAjvErrors(explain.errors ?? [], input), options);
  } catch {
    return unreadable(options);
  }
}

/** The published case JSON Schema (draft 2020-12). */
export const caseSchemaJson: JsonSchema = caseJsonSchema;
