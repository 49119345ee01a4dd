import { type ShippedLocale, shippedLocales } from '@talap/core';
import { strings as en, type IntakeFormStringKey } from './en.js';

/** The form's own strings of one locale: every key of the English set. */
export type IntakeFormStrings = Readonly<Record<IntakeFormStringKey, string>>;

export type { IntakeFormStringKey };

const loaded = new Map<string, Readonly<Record<string, string>>>([['en', en]]);
/** Strings a part of the form loaded on demand brought, by locale. */
const added: Record<string, Readonly<Record<string, string>> | undefined> = {};

/** Adds the strings a part of the form loaded on demand brings (the encryption part's), by locale. */
export function addFormStrings(
  strings: Readonly<Record<string, Readonly<Record<string, string>>>>,
): void {
  Object.assign(added, strings);
}

/** Whether `locale` is one the form ships strings for. */
export function isShippedLocale(locale: string): locale is ShippedLocale {
  return (shippedLocales as readonly string[]).includes(locale);
}

/** Loads a shipped locale's form strings on demand, so only English is in the English bundle. */
export async function loadFormStrings(locale: ShippedLocale): Promise<void> {
  if (loaded.has(locale)) return;
  const loaders: Record<Exclude<ShippedLocale, 'en'>, () => Promise<IntakeFormStrings>> = {
    ru: async () => (await import('./ru.js')).strings,
    kk: async () => (await import('./kk.js')).strings,
    uk: async () => (await import('./uk.js')).strings,
  };
  loaded.set(locale, await loaders[locale as Exclude<ShippedLocale, 'en'>]());
}

/** The form's string `key` in `locale` (English when missing), with `{name}` placeholders filled; undefined for an unknown key. */
export function formString(
  locale: string,
  key: string,
  params: Readonly<Record<string, string | number>> = {},
): string | undefined {
  const template =
    loaded.get(locale)?.[key] ??
    added[locale]?.[key] ??
    (en as Record<string, string>)[key] ??
    added.en?.[key];
  return template?.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The form's wording of a catalog key in exactly `locale` (no English fallback), if it has one. */
export function formOverride(locale: string, key: string): string | undefined {
  return loaded.get(locale)?.[key];
}
