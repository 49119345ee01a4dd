import { type FieldMeta, fieldRegistry } from '@talap/core';

/**
 * Reads the zod (mini) schema of `@talap/core` as data. `@talap/core` keeps the same helpers in
 * `src/schema/walk.ts` without exporting them; these few lines read the same `_zod.def` fields.
 */

/** Any zod schema, as far as this walk needs to know it. */
export interface AnySchema {
  readonly _zod: { readonly def: unknown };
}

interface Def {
  readonly type: string;
  readonly innerType?: AnySchema;
  readonly shape?: Record<string, AnySchema>;
  readonly element?: AnySchema;
  readonly entries?: Record<string, string>;
  readonly values?: readonly unknown[];
  readonly format?: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
}

interface CheckDef {
  readonly check: string;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** The definition of a schema. */
export function defOf(schema: AnySchema): Def {
  return schema._zod.def as Def;
}

/** Whether the schema is wrapped in `z.optional(...)`. */
export function isOptional(schema: AnySchema): boolean {
  return defOf(schema).type === 'optional';
}

/** The schema inside `z.optional(...)`, or the schema itself. */
export function unwrapOptional(schema: AnySchema): AnySchema {
  const def = defOf(schema);
  return def.type === 'optional' && def.innerType ? unwrapOptional(def.innerType) : schema;
}

/** The properties of an object schema, or undefined for any other schema. */
export function objectShape(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = defOf(unwrapOptional(schema));
  return def.type === 'object' ? def.shape : undefined;
}

/** The item schema of an array schema, or undefined for any other schema. */
export function arrayItem(schema: AnySchema): AnySchema | undefined {
  const def = defOf(unwrapOptional(schema));
  return def.type === 'array' ? def.element : undefined;
}

/** The metadata of a field schema (looked up through `optional`). */
export function fieldMetaOf(schema: AnySchema): FieldMeta | undefined {
  return fieldRegistry.get(unwrapOptional(schema) as never);
}

/** The codes of an enum schema (or of the enum inside an array schema). */
export function enumCodes(schema: AnySchema): readonly string[] | undefined {
  const inner = unwrapOptional(schema);
  const element = arrayItem(inner);
  const def = defOf(element ?? inner);
  return def.type === 'enum' && def.entries ? Object.values(def.entries) : undefined;
}

function checksOf(schema: AnySchema): CheckDef[] {
  return (defOf(unwrapOptional(schema)).checks ?? []).map((check) => check._zod.def);
}

/** The regular expression a string schema must match, if it has one. */
export function patternOf(schema: AnySchema): RegExp | undefined {
  return checksOf(schema).find((check) => check.pattern instanceof RegExp)?.pattern;
}

/** The largest length a string or array schema allows, if it says. */
export function maxLengthOf(schema: AnySchema): number | undefined {
  return checksOf(schema).find((check) => check.check === 'max_length')?.maximum;
}

/** The smallest length an array schema allows (0 when it does not say). */
export function minLengthOf(schema: AnySchema): number {
  return checksOf(schema).find((check) => check.check === 'min_length')?.minimum ?? 0;
}
