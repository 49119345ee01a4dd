import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import caseJsonSchema from '../../case.schema.json' with { type: 'json' };
import { type JsonSchema, talapKeywords } from '../json-schema/keywords.js';
import type { Case } from '../schema/case.js';
import { jsonType, shortenList, valueAt } from '../validate/input.js';
import type { IssueCode, RawIssue, ValidateOptions, ValidationResult } from '../validate/issue.js';
import { settle, unreadable } from '../validate/settle.js';

interface RuleLocation {
  readonly code: IssueCode;
  readonly path: readonly string[];
}

/** Finds every `x-talap-rule` in the schema by its JSON Pointer, as ajv names it in `schemaPath`. */
function ruleLocations(schema: unknown, pointer = '#', found = new Map<string, RuleLocation>()) {
  if (Array.isArray(schema)) {
    schema.forEach((item, index) => {
      ruleLocations(item, `${pointer}/${index}`, found);
    });
  } else if (typeof schema === 'object' && schema !== null) {
    const node = schema as JsonSchema;
    const code = node['x-talap-rule'];
    if (typeof code === 'string') {
      const path = String(node['x-talap-rule-path'] ?? '');
      found.set(pointer, { code: code as IssueCode, path: path === '' ? [] : path.split('/') });
    }
    for (const [key, value] of Object.entries(node)) {
      ruleLocations(value, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, found);
    }
  }
  return found;
}

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

/** Translates ajv's errors into Talap's stable issue codes and paths, as the zod validator reports them. */
export function fromAjvErrors(
  errors: readonly ErrorObject[],
  rules: ReadonlyMap<string, RuleLocation>,
  input: unknown,
): RawIssue[] {
  const raw: RawIssue[] = [];
  for (const error of errors) {
    const path: (string | number)[] = fromPointer(error.instancePath);
    if (error.keyword === 'if') {
      const rule = rules.get(error.schemaPath.replace(/\/if$/, ''));
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

let compiled:
  | { check: ValidateFunction; explain: ValidateFunction; rules: Map<string, RuleLocation> }
  | undefined;

/** Compiles the case JSON Schema once, on first use. */
function compiledValidator() {
  if (!compiled) {
    const make = (allErrors: boolean) => {
      const ajv = new Ajv2020({
        allErrors,
        strict: true,
        strictTypes: false,
        strictTuples: false,
        strictRequired: false,
        logger: false,
      });
      ajv.addVocabulary([...talapKeywords]);
      return ajv.compile(caseJsonSchema);
    };
    // Most records are valid: a validator that stops at the first error answers them fastest;
    // only a record it rejects is run again to collect every issue.
    compiled = { check: make(false), explain: make(true), rules: ruleLocations(caseJsonSchema) };
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
    const { check, explain, rules } = compiledValidator();
    if (check(input)) return settle(input, [], options);
    explain(input);
    return settle(input, fromAjvErrors(explain.errors ?? [], rules, input), options);
  } catch {
    return unreadable(options);
  }
}

/** The published case JSON Schema (draft 2020-12). */
export const caseSchemaJson: JsonSchema = caseJsonSchema;
