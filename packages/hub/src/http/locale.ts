import { type ShippedLocale, shippedLocales } from '@talap/core';

/** The shipped locale that best matches an Accept-Language header; English when none does. */
export function pickLocale(header: string | undefined): ShippedLocale {
  if (!header) return 'en';
  const wanted = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { language } of wanted) {
    const match = shippedLocales.find((locale) => locale === language);
    if (match) return match;
  }
  return 'en';
}
