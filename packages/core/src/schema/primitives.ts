import * as z from 'zod/mini';

/** A UUID version 7 in lowercase canonical form: the client makes it, its time prefix keeps ids sortable. */
export const uuidV7Pattern =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A date that may be a year (`2024`), a month (`2024-03`) or a full date (`2024-03-15`). */
export const partialDatePattern = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** A UTC timestamp such as `2024-03-15T10:20:30.000Z`. */
export const timestampPattern =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?Z$/;

/** An ISO 3166-1 alpha-2 country code in upper case. */
export const countryPattern = /^[A-Z]{2}$/;

/** An ISO 4217 currency code. */
export const currencyPattern = /^[A-Z]{3}$/;

/** An organisation code: lowercase letters, digits and dashes. */
export const organisationPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** A pseudonymous client code made by the organisation: never a name. */
export const clientCodePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** An extension key: the namespace of the organisation, a colon and the field name (`kz-aman:hotlineTicket`). */
export const extensionKeyPattern = /^[a-z0-9][a-z0-9-]{1,62}:[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A loose e-mail address check: something, an at sign, a domain with a dot. */
export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A phone number: an optional plus, then digits, spaces, dashes and brackets. */
export const phonePattern = /^\+?[0-9][0-9 ()-]{4,30}$/;

/** Length limits of text fields, in characters. */
export const textLimits = { short: 200, medium: 2000, long: 20000 } as const;

/** A string of at most `max` characters that is not empty. */
export function text(max: number): z.ZodMiniString<string> {
  return z.string().check(z.minLength(1), z.maxLength(max));
}

/** A string matching `pattern`. */
export function patterned(pattern: RegExp): z.ZodMiniString<string> {
  return z.string().check(z.regex(pattern));
}
