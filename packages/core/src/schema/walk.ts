import type * as z from 'zod/mini';
import { type FieldMeta, fieldRegistry } from './field.js';

type AnySchema = z.core.$ZodType;

/** The schema inside `z.optional(...)`, or the schema itself. */
export function unwrapOptional(schema: AnySchema): AnySchema {
  const def = schema._zod.def as { type: string; innerType?: AnySchema };
  return def.type === 'optional' && def.innerType ? unwrapOptional(def.innerType) : schema;
}

/** The properties of an object schema, or undefined for any other schema. */
export function objectShape(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = unwrapOptional(schema)._zod.def as {
    type: string;
    shape?: Record<string, AnySchema>;
  };
  return def.type === 'object' ? def.shape : undefined;
}

/** The item schema of an array schema, or undefined for any other schema. */
export function arrayItem(schema: AnySchema): AnySchema | undefined {
  const def = unwrapOptional(schema)._zod.def as { type: string; element?: AnySchema };
  return def.type === 'array' ? def.element : undefined;
}

/** The metadata of a field schema (looked up through `optional`). */
export function fieldMetaOf(schema: AnySchema): FieldMeta | undefined {
  return fieldRegistry.get(unwrapOptional(schema));
}

/** A field of the case schema with its metadata and whether a record must have it. */
export interface FieldInfo extends FieldMeta {
  /** Whether the field must be present whenever its parent object is. */
  readonly required: boolean;
  /** The zod type of the field (`string`, `enum`, `array`, ...). */
  readonly type: string;
  /** Codes the field allows, for vocabulary fields. */
  readonly codes?: readonly string[];
}

/** Lists every field that carries metadata, in schema order. */
export function describeFields(root: AnySchema): FieldInfo[] {
  const fields: FieldInfo[] = [];
  const visit = (schema: AnySchema, required: boolean) => {
    const meta = fieldMetaOf(schema);
    if (meta) {
      const inner = unwrapOptional(schema);
      const def = inner._zod.def as {
        type: string;
        entries?: Record<string, string>;
        element?: AnySchema;
      };
      const enumDef =
        def.type === 'array' && def.element ? (def.element._zod.def as typeof def) : def;
      fields.push({
        ...meta,
        required,
        type: def.type,
        ...(enumDef.type === 'enum' && enumDef.entries
          ? { codes: Object.values(enumDef.entries) }
          : {}),
      });
      return;
    }
    const shape = objectShape(schema);
    if (shape) {
      for (const child of Object.values(shape)) {
        visit(child, (child._zod.def as { type: string }).type !== 'optional');
      }
      return;
    }
    const item = arrayItem(schema);
    if (item) visit(item, true);
  };
  visit(root, true);
  return fields;
}
