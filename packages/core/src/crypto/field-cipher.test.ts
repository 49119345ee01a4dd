import { describe, expect, it } from 'vitest';
import { caseSchema } from '../schema/case.js';
import { encryptedValueSchema } from '../schema/encrypted-value.js';
import {
  arrayItem,
  fieldMetaOf,
  maxLengthOf,
  objectShape,
  type SchemaNode,
} from '../schema/walk.js';
import { decodePlaintext, encodePlaintext, maxCiphertextLength } from './field-cipher.js';

describe('the plaintext of an encrypted value', () => {
  it('is the JSON text padded with spaces to a multiple of 32 bytes', () => {
    const bytes = encodePlaintext('ALM-0042');
    expect(bytes.length).toBe(32);
    expect(new TextDecoder().decode(bytes)).toBe(`"ALM-0042"${' '.repeat(22)}`);
    expect(encodePlaintext('x'.repeat(30)).length).toBe(32);
    expect(encodePlaintext('x'.repeat(31)).length).toBe(64);
    expect(decodePlaintext(encodePlaintext('Қазақ 🦷\n"\\').buffer)).toEqual({
      value: 'Қазақ 🦷\n"\\',
    });
  });

  it('is refused when it is not UTF-8 JSON', () => {
    expect(decodePlaintext(new Uint8Array([0x22, 0xff, 0x22]).buffer)).toBeUndefined();
    expect(decodePlaintext(new TextEncoder().encode('"open').buffer)).toBeUndefined();
  });

  it('fits the schema’s ciphertext limit for the longest identifying text, even at 6 bytes a character', () => {
    const lengths: number[] = [];
    const visit = (schema: SchemaNode) => {
      const meta = fieldMetaOf(schema);
      if (meta?.sensitivity === 'identifying') lengths.push(maxLengthOf(schema) ?? 0);
      if (meta) return;
      for (const child of Object.values(objectShape(schema) ?? {})) visit(child);
      const item = arrayItem(schema);
      if (item) visit(item);
    };
    visit(caseSchema);
    expect(lengths).toHaveLength(7);
    const longest = Math.max(...lengths);
    expect(longest).toBe(20000);
    const limit = maxLengthOf(objectShape(encryptedValueSchema)!.ct!);
    expect(limit).toBe(maxCiphertextLength(longest));
    const worst = encodePlaintext('\u0000'.repeat(longest)).length + 16;
    expect(Math.ceil((worst * 4) / 3)).toBeLessThanOrEqual(limit!);
  });
});
