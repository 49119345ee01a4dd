import { en } from '../locales/en.js';

/** A message and label catalog: flat keys to strings with `{name}` placeholders. */
export type Catalog = Readonly<Record<string, string>>;

/** The locales whose catalogs ship complete with this package. */
export const shippedLocales = ['en', 'ru', 'kk', 'uk'] as const;

/** A locale that ships with this package. */
export type ShippedLocale = (typeof shippedLocales)[number];

const catalogs = new Map<string, Catalog>([['en', en]]);

/** Adds or replaces the catalog of a locale; keys it lacks fall back to English. */
export function registerCatalog(locale: string, catalog: Catalog): void {
  catalogs.set(locale, catalog);
}

/** Whether a catalog is registered for `locale`. */
export function hasCatalog(locale: string): boolean {
  return catalogs.has(locale);
}

/** Loads and registers a shipped locale's catalog on demand, so it is not in the English bundle. */
export async function loadLocale(locale: ShippedLocale): Promise<Catalog> {
  const existing = catalogs.get(locale);
  if (existing) return existing;
  const loaders: Record<Exclude<ShippedLocale, 'en'>, () => Promise<Catalog>> = {
    ru: async () => (await import('../locales/ru.js')).ru,
    kk: async () => (await import('../locales/kk.js')).kk,
    uk: async () => (await import('../locales/uk.js')).uk,
  };
  const loader = loaders[locale as Exclude<ShippedLocale, 'en'>];
  if (!loader) {
    throw new Error(
      `Unknown locale "${String(locale).slice(0, 20)}": shipped locales are ${shippedLocales.join(', ')}; register others with registerCatalog().`,
    );
  }
  const catalog = await loader();
  catalogs.set(locale, catalog);
  return catalog;
}

/** The text of `key` in `locale` with `{name}` placeholders filled; English, then the key itself, when missing. */
export function translate(
  key: string,
  params: Readonly<Record<string, string | number>> = {},
  locale = 'en',
): string {
  const template = catalogs.get(locale)?.[key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
