import { loadLocale, type ShippedLocale, translate } from '@talap/core';
import { type DashboardStringKey, strings as en } from './locales/en.js';

/** The languages the dashboard offers, each named in itself. */
export const dashboardLocales: readonly { code: ShippedLocale; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'ru', name: 'Русский' },
  { code: 'kk', name: 'Қазақша' },
  { code: 'uk', name: 'Українська' },
];

const loaded = new Map<string, Readonly<Record<DashboardStringKey, string>>>([['en', en]]);

/** Loads a language's dashboard text and @talap/core's catalog (vocabulary labels) for it. */
export async function loadDashboardLocale(locale: ShippedLocale): Promise<void> {
  const own = {
    en: async () => en,
    ru: async () => (await import('./locales/ru.js')).strings,
    kk: async () => (await import('./locales/kk.js')).strings,
    uk: async () => (await import('./locales/uk.js')).strings,
  }[locale];
  const [strings] = await Promise.all([own(), loadLocale(locale)]);
  loaded.set(locale, strings);
}

/** The dashboard's text for `key` in `locale` (English until that locale is loaded), placeholders filled. */
export function dashboardText(
  key: DashboardStringKey,
  locale: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template = loaded.get(locale)?.[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The label of a vocabulary code in `locale`, from @talap/core's catalogs; the code itself when it has none. */
export function vocabularyLabel(vocabulary: string, code: string, locale: string): string {
  const key = `vocab.${vocabulary}.${code}`;
  const label = translate(key, {}, locale);
  return label === key ? code : label;
}
