/** How a count, a country code and a month are written in a locale. */
export interface Labels {
  count(value: number): string;
  country(code: string): string;
  month(yearMonth: string): string;
}

/** Formatters for `locale` from the browser's Intl data: counts, country names from ISO codes, months from YYYY-MM. */
export function labelsFor(locale: string): Labels {
  const numbers = new Intl.NumberFormat(locale);
  const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  const months = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return {
    count: (value) => numbers.format(value),
    country: (code) => {
      try {
        return regions.of(code) ?? code;
      } catch {
        // Intl throws on a code that is not a well-formed region; show the code as sent.
        return code;
      }
    },
    month: (yearMonth) => {
      const match = /^(\d{4})-(\d{2})$/.exec(yearMonth);
      if (!match) return yearMonth;
      return months.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
    },
  };
}

/** Every month from `first` to `last` (both YYYY-MM, inclusive), in order. */
export function monthsBetween(first: string, last: string): string[] {
  const [fromYear, fromMonth] = first.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = last.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let index = fromYear * 12 + fromMonth - 1; index <= toYear * 12 + toMonth - 1; index++) {
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}
