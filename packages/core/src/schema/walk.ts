import type * as z from 'zod/mini';
import { encryptableForms } from './encrypted-value.js';
import { type FieldMeta, fieldRegistry } from './field.js';

// Reads the case schema as data, for code that derives something from it (the JSON Schema
// reference, redaction, rule checks, the intake form's questions): the few `_zod.def` fields of
// zod 4 that it needs, in one place.

/** Any zod schema of the case schema's tree. */
export type SchemaNode = z.core.$ZodType;

/** The parts of a zod schema's definition that the walk reads. */
export interface SchemaDef {
  /** The zod type: `object`, `array`, `optional`, `enum`, `string`, `literal`, ... */
  readonly type: string;
  readonly innerType?: SchemaNode;
  readonly shape?: Record<string, SchemaNode>;
  readonly element?: SchemaNode;
  readonly entries?: Record<string, string>;
  readonly values?: readonly unknown[];
  readonly format?: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
}

/** A check of a string or array schema (pattern, length). */
interface CheckDef {
  readonly check: string;
  readonly pattern?: RegExp;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** The definition of a schema, as far as the walk reads it. */
export function schemaDef(schema: SchemaNode): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

/** Whether the schema is wrapped in `z.optional(...)`, so a record may leave it out. */
export function isOptional(schema: SchemaNode): boolean {
  return schemaDef(schema).type === 'optional';
}

/**
 * The schema inside `z.optional(...)`, or the schema itself. An identifying field accepts its
 * plain value or an encrypted value; this returns the plain one, which carries the metadata.
 */
export function unwrapOptional(schema: SchemaNode): SchemaNode {
  const def = schemaDef(schema);
  if (def.type === 'optional' && def.innerType) return unwrapOptional(def.innerType);
  const plain = encryptableForms(schema)?.[0];
  return plain ? unwrapOptional(plain) : schema;
}

/** Whether a field accepts an encrypted value in place of its plain value (every identifying field does). */
export function isEncryptable(schema: SchemaNode): boolean {
  const def = schemaDef(schema);
  if (def.type === 'optional' && def.innerType) return isEncryptable(def.innerType);
  return encryptableForms(schema) !== undefined;
}

/** The properties of an object schema, or undefined for any other schema. */
export function objectShape(schema: SchemaNode): Record<string, SchemaNode> | undefined {
  const def = schemaDef(unwrapOptional(schema));
  return def.type === 'object' ? def.shape : undefined;
}

/** The item schema of an array schema, or undefined for any other schema. */
export function arrayItem(schema: SchemaNode): SchemaNode | undefined {
  const def = schemaDef(unwrapOptional(schema));
  return def.type === 'array' ? def.element : undefined;
}

/** The metadata of a field schema (looked up through `optional`). */
export function fieldMetaOf(schema: SchemaNode): FieldMeta | undefined {
  return fieldRegistry.get(unwrapOptional(schema));
}

/** The codes of an enum schema, or of the enum inside an array schema (a list of codes). */
export function enumCodes(schema: SchemaNode): readonly string[] | undefined {
  const inner = unwrapOptional(schema);
  const def = schemaDef(arrayItem(inner) ?? inner);
  return def.type === 'enum' && def.entries ? Object.values(def.entries) : undefined;
}

function checksOf(schema: SchemaNode): CheckDef[] {
  return (schemaDef(unwrapOptional(schema)).checks ?? []).map((check) => check._zod.def);
}

/** The regular expression a string schema must match, if it has one. */
export function patternOf(schema: SchemaNode): RegExp | undefined {
  return checksOf(schema).find((check) => check.pattern instanceof RegExp)?.pattern;
}

/** The largest length a string or array schema allows, if it says. */
export function maxLengthOf(schema: SchemaNode): number | undefined {
  return checksOf(schema).find((check) => check.check === 'max_length')?.maximum;
}

/** The smallest length a string or array schema allows (0 when it does not say). */
export function minLengthOf(schema: SchemaNode): number {
  return checksOf(schema).find((check) => check.check === 'min_length')?.minimum ?? 0;
}

/** A field of the case schema with its metadata and whether a record must have it. */
export interface FieldInfo extends FieldMeta {
  /** Whether the field must be present whenever its parent object is. */
  readonly required: boolean;
  /** The zod type of the field's plain value (`string`, `enum`, `array`, ...). */
  readonly type: string;
  /** Whether the field may hold an encrypted value instead (see docs/encryption.md). */
  readonly encryptable: boolean;
  /** Codes the field allows, for vocabulary fields. */
  readonly codes?: readonly string[];
}

/** Lists every field that carries metadata, in schema order. */
export function describeFields(root: SchemaNode): FieldInfo[] {
  const fields: FieldInfo[] = [];
  const visit = (schema: SchemaNode, required: boolean) => {
    const meta = fieldMetaOf(schema);
    if (meta) {
      const codes = enumCodes(schema);
      fields.push({
        ...meta,
        required,
        type: schemaDef(unwrapOptional(schema)).type,
        encryptable: isEncryptable(schema),
        ...(codes ? { codes } : {}),
      });
      return;
    }
    const shape = objectShape(schema);
    if (shape) {
      for (const child of Object.values(shape)) visit(child, !isOptional(child));
      return;
    }
    const item = arrayItem(schema);
    if (item) visit(item, true);
  };
  visit(root, true);
  return fields;
}
