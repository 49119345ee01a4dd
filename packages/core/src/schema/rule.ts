import * as z from 'zod/mini';

/** A cross-field rule: checked in zod by a refinement and in JSON Schema by `if`/`then`. */
export interface CaseRule {
  /** Stable issue code reported when the rule is broken. */
  readonly code: string;
  /** Path of the reported issue, relative to the object the rule sits on. */
  readonly path: readonly string[];
  /** The rule as JSON Schema: when `if` matches the object, `then` must match too. */
  readonly jsonSchema: { readonly if: object; readonly then: object };
  /** Returns true when `value` (any input, not yet validated) breaks the rule. */
  readonly isBroken: (value: unknown) => boolean;
}

const rulesByCheck = new WeakMap<object, CaseRule>();

/** The rule behind a zod check, if the check was made by `ruleCheck`. */
export function ruleOfCheck(check: object): CaseRule | undefined {
  return rulesByCheck.get(check);
}

/** Makes a zod check that reports `rule.code` when the rule is broken, also when other fields of the object are invalid. */
export function ruleCheck<T>(rule: CaseRule): z.core.$ZodCheck<T> {
  const check = z.check<T>((payload) => {
    if (rule.isBroken(payload.value)) {
      payload.issues.push({
        code: 'custom',
        params: { rule: rule.code },
        path: [...rule.path],
        input: payload.value,
        message: rule.code,
        continue: true,
      });
    }
  });
  // JSON Schema evaluates `if`/`then` whatever else failed; so must zod, for both to agree.
  check._zod.def.when = () => true;
  rulesByCheck.set(check, rule);
  return check;
}

/** Whether a value is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A rule that asks for a description in `<name>Other` when the code field `<name>` is `other`. */
export function otherNeedsDescription(name: string, otherCode = 'other'): CaseRule {
  const otherName = `${name}Other`;
  return {
    code: 'other_needs_description',
    path: [otherName],
    jsonSchema: {
      if: { type: 'object', required: [name], properties: { [name]: { const: otherCode } } },
      then: { required: [otherName] },
    },
    isBroken: (value) =>
      isRecord(value) && value[name] === otherCode && value[otherName] === undefined,
  };
}

/** Like `otherNeedsDescription`, for a field that holds a list of codes. */
export function otherInListNeedsDescription(name: string, otherCode = 'other'): CaseRule {
  const otherName = `${name}Other`;
  return {
    code: 'other_needs_description',
    path: [otherName],
    jsonSchema: {
      if: {
        type: 'object',
        required: [name],
        // "Not every item differs from other": `contains` in an `if` inside `items` trips ajv.
        properties: { [name]: { type: 'array', not: { items: { not: { const: otherCode } } } } },
      },
      then: { required: [otherName] },
    },
    isBroken: (value) => {
      if (!isRecord(value)) return false;
      const list = value[name];
      return Array.isArray(list) && list.includes(otherCode) && value[otherName] === undefined;
    },
  };
}
