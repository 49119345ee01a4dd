/** ISO 3166-1 alpha-2 codes (and XK, Kosovo): names come from the browser's Intl data, not from this bundle. */
const regionCodes = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT ' +
  'BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ' +
  'ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT ' +
  'HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS ' +
  'LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI ' +
  'NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG ' +
  'SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

const countryCache = new Map<string, readonly { code: string; name: string }[]>();

/** The name of a country code in `locale`, or the code itself. */
export function countryName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Every country, named in `locale` and sorted by name. */
export function countryOptions(locale: string): readonly { code: string; name: string }[] {
  const cached = countryCache.get(locale);
  if (cached) return cached;
  const collator = new Intl.Collator(locale);
  const options = regionCodes
    .map((code) => ({ code, name: countryName(locale, code) }))
    .sort((a, b) => collator.compare(a.name, b.name));
  countryCache.set(locale, options);
  return options;
}

/** The twelve month names of `locale`, January first, each with its two-digit code. */
export function monthOptions(locale: string): readonly { code: string; name: string }[] {
  const format = new Intl.DateTimeFormat([locale, 'en'], { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, index) => ({
    code: String(index + 1).padStart(2, '0'),
    name: format.format(Date.UTC(2000, index, 15)),
  }));
}

/** A partial date (`2024`, `2024-03`, `2024-03-15`) as a person reads it in `locale`. */
export function formatPartialDate(locale: string, date: string): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!match) return date;
  const [, year, month, day] = match;
  if (!month) return year as string;
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', timeZone: 'UTC' };
  if (day) options.day = 'numeric';
  const time = Date.UTC(Number(year), Number(month) - 1, Number(day ?? 1));
  return new Intl.DateTimeFormat([locale, 'en'], options).format(time);
}
