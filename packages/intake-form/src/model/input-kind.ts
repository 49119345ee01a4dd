import {
  arrayItem,
  enumCodes,
  maxLengthOf,
  patternOf,
  type SchemaNode,
  schemaDef,
  unwrapOptional,
} from '@talap/core';

/** How the form asks for one answer. */
export type InputKind =
  | 'text'
  | 'textarea'
  | 'email'
  | 'tel'
  | 'country'
  | 'currency'
  | 'number'
  | 'integer'
  | 'date'
  | 'radios'
  | 'select'
  | 'checkboxes'
  | 'checkbox'
  | 'agree';

/** Up to this many codes a single choice shows as radio buttons; more become a drop-down list. */
export const maxRadioOptions = 6;

/** Strings longer than this get a multi-line text box. */
const longTextAbove = 200;

/**
 * Input kinds recognised from a string's pattern, by the pattern's source. A pattern that changes
 * in `@talap/core` falls back to a plain text box, which still validates.
 */
const kindsByPattern: Readonly<Record<string, InputKind>> = {
  '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$': 'date',
  '^[A-Z]{2}$': 'country',
  '^[A-Z]{3}$': 'currency',
  '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$': 'email',
  '^\\+?[0-9][0-9 ()-]{4,30}$': 'tel',
};

/** Picks the input for a field schema: its type, codes, pattern and length. */
export function inputKindOf(schema: SchemaNode): InputKind {
  const inner = unwrapOptional(schema);
  const def = schemaDef(inner);
  if (def.type === 'literal' && def.values?.length === 1 && def.values[0] === true) return 'agree';
  if (def.type === 'boolean') return 'checkbox';
  if (def.type === 'number') {
    return def.format === 'safeint' || def.format === 'int32' ? 'integer' : 'number';
  }
  if (def.type === 'enum') {
    return (enumCodes(inner)?.length ?? 0) <= maxRadioOptions ? 'radios' : 'select';
  }
  if (def.type === 'array' && arrayItem(inner) && enumCodes(inner)) return 'checkboxes';
  if (def.type === 'string') {
    const pattern = patternOf(inner);
    const byPattern = pattern ? kindsByPattern[pattern.source] : undefined;
    if (byPattern) return byPattern;
    return (maxLengthOf(inner) ?? 0) > longTextAbove ? 'textarea' : 'text';
  }
  return 'text';
}
