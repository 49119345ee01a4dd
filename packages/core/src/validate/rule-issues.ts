import * as z from 'zod/mini';
import { isRecord, ruleOfCheck } from '../schema/rule.js';
import { hasDuplicate, isUniqueItemsCheck } from '../schema/unique.js';
import { arrayItem, objectShape, type SchemaNode, unwrapOptional } from '../schema/walk.js';
import type { IssueCode, RawIssue } from './issue.js';

function checksOf(schema: SchemaNode): object[] {
  return ((unwrapOptional(schema)._zod.def as { checks?: object[] }).checks ?? []) as object[];
}

/** The key schema of a record schema, or undefined for any other schema. */
function recordKey(schema: SchemaNode): SchemaNode | undefined {
  const def = unwrapOptional(schema)._zod.def as { type: string; keyType?: SchemaNode };
  return def.type === 'record' ? def.keyType : undefined;
}

/**
 * Checks the cross-field rules, unique lists and record keys on the raw input, at every place the schema puts
 * them, as JSON Schema's `if`/`then` and `uniqueItems` do: whatever else is wrong nearby. (zod
 * skips refinements once an issue aborted parsing, so its own rule issues are not used.)
 */
export function ruleIssues(
  schema: SchemaNode,
  input: unknown,
  path: (string | number)[] = [],
): RawIssue[] {
  const issues: RawIssue[] = [];
  for (const check of checksOf(schema)) {
    const rule = ruleOfCheck(check);
    if (rule?.isBroken(input))
      issues.push({ path: [...path, ...rule.path], code: rule.code as IssueCode });
    if (isUniqueItemsCheck(check) && Array.isArray(input) && hasDuplicate(input)) {
      issues.push({ path, code: 'duplicate_item' });
    }
  }
  const shape = objectShape(schema);
  if (shape && isRecord(input)) {
    for (const [key, child] of Object.entries(shape)) {
      if (Object.hasOwn(input, key)) issues.push(...ruleIssues(child, input[key], [...path, key]));
    }
  }
  // zod passes over a `__proto__` key of a record without checking it; JSON Schema does not.
  const key = recordKey(schema);
  if (key && isRecord(input)) {
    for (const name of Object.keys(input)) {
      if (!z.safeParse(key, name).success) {
        issues.push({ path: [...path, name], code: 'invalid_key' });
      }
    }
  }
  const item = arrayItem(schema);
  if (item && Array.isArray(input)) {
    input.forEach((entry, index) => {
      issues.push(...ruleIssues(item, entry, [...path, index]));
    });
  }
  return issues;
}
