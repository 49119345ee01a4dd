import * as z from 'zod/mini';
import { patterned } from './primitives.js';

// The shape of an identifying field's value once it is encrypted for the organisation; the
// cryptography that makes and opens it lives in `@talap/core/crypto`, and docs/encryption.md
// explains the format. The limits are in base64url characters: the key id is a short name; the
// wrapped data key is as long as the RSA modulus (3072 to 8192 bits); the nonce has 96 bits; the
// ciphertext holds at least the 16-byte GCM tag and at most the longest identifying text
// (`maxCiphertextLength` in the crypto module computes the bound, and a test keeps both equal).

/** The version tag of an encrypted value, in its `$enc` property. */
export const encryptedValueVersion = 'talap-e2e/1';

/** An identifying field's value encrypted for the organisation's public key: self-contained, versioned, base64url. */
export const encryptedValueSchema = z.strictObject({
  $enc: z.literal(encryptedValueVersion),
  alg: z.literal('RSA-OAEP-256'),
  enc: z.literal('A256GCM'),
  kid: patterned(/^[A-Za-z0-9_-]{1,64}$/),
  ek: z.string().check(z.maxLength(1366), z.regex(/^[A-Za-z0-9_-]{512,1366}$/)),
  iv: patterned(/^[A-Za-z0-9_-]{16}$/),
  ct: z.string().check(z.maxLength(160064), z.regex(/^[A-Za-z0-9_-]{22,}$/)),
});

/** An identifying field's value encrypted for the organisation (see docs/encryption.md). */
export type EncryptedValue = z.output<typeof encryptedValueSchema>;

/** The two forms an identifying field's schema accepts, kept for code that reads the schema as data. */
const alternativesOf = new WeakMap<object, readonly [z.ZodMiniType, typeof encryptedValueSchema]>();

/**
 * A field that points at a person: it holds its plain value, or that value encrypted for the
 * organisation. The value's JSON type picks the form (an object is an encrypted value), and the
 * issues are that form's own, as JSON Schema's `type: ["string", "object"]` reports them. Not
 * `z.union`: that costs the intake form's bundle about 400 bytes gzipped, and reports a value
 * that fits neither form as one opaque issue.
 */
export function encryptable<S extends z.ZodMiniType>(
  plain: S,
): z.ZodMiniType<z.output<S> | EncryptedValue, z.input<S> | EncryptedValue> {
  const schema = z.unknown().check(
    z.check((payload) => {
      const { value } = payload;
      const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
      const result = z.safeParse(isObject ? encryptedValueSchema : plain, value);
      if (!result.success) payload.issues.push(...(result.error.issues as z.core.$ZodRawIssue[]));
    }),
  );
  alternativesOf.set(schema, [plain, encryptedValueSchema]);
  return schema as unknown as z.ZodMiniType<
    z.output<S> | EncryptedValue,
    z.input<S> | EncryptedValue
  >;
}

/** The plain and the encrypted form of an identifying field's schema, or undefined for any other schema. */
export function encryptableForms(
  schema: object,
): readonly [z.ZodMiniType, typeof encryptedValueSchema] | undefined {
  return alternativesOf.get(schema);
}
