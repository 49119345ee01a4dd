import { loadLocale, type ShippedLocale, shippedLocales } from '@talap/core';
import { CliUsageError } from './io.js';

const isShipped = (locale: string): locale is ShippedLocale =>
  (shippedLocales as readonly string[]).includes(locale);

/**
 * The locale of validation messages: `--locale`, else `TALAP_LOCALE`, else the language of
 * `LC_ALL`, `LC_MESSAGES` or `LANG` when Talap ships it, else English. Loads its catalog.
 */
export async function resolveLocale(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ShippedLocale> {
  let locale: ShippedLocale = 'en';
  if (option !== undefined) {
    const wanted = option.trim().toLowerCase();
    if (!isShipped(wanted)) {
      throw new CliUsageError(
        `--locale ${JSON.stringify(option.slice(0, 20))} is not a language talap has messages in: use one of ${shippedLocales.join(', ')}.`,
      );
    }
    locale = wanted;
  } else {
    for (const name of ['TALAP_LOCALE', 'LC_ALL', 'LC_MESSAGES', 'LANG']) {
      const language = /^([a-z]{2})(?:[_.@-]|$)/i.exec(env[name] ?? '')?.[1]?.toLowerCase();
      if (language && isShipped(language)) {
        locale = language;
        break;
      }
    }
  }
  if (locale !== 'en') await loadLocale(locale);
  return locale;
}
