import type { ShippedLocale } from '@talap/core';

/** How each shipped locale names itself in XLSForm language columns (`label::Русский (ru)`). */
export const languageNames: Readonly<Record<ShippedLocale, string>> = {
  en: 'English',
  ru: 'Русский',
  kk: 'Қазақ',
  uk: 'Українська',
};

/** The XLSForm language of a locale, as it follows `label::` in a column header. */
export function xlsFormLanguage(locale: ShippedLocale): string {
  return `${languageNames[locale]} (${locale})`;
}

/**
 * Texts the XLSForm needs that are not in `@talap/core`'s catalogs, because they only exist in
 * a form made of spreadsheet questions: the yes/no choices that stand in for booleans and the
 * precision question that turns a date picker's full date into a partial date.
 */
export const formStrings: Readonly<Record<ShippedLocale, Readonly<Record<FormStringKey, string>>>> =
  {
    en: {
      yes: 'Yes',
      no: 'No',
      'precision.label': '{label}: how exact is the date?',
      'precision.day': 'Exact day',
      'precision.month': 'Month only',
      'precision.year': 'Year only',
      'date.hint':
        'If only the month or the year is known, pick any day in it, then say how exact the date is.',
    },
    ru: {
      yes: 'Да',
      no: 'Нет',
      'precision.label': '{label}: насколько точна дата?',
      'precision.day': 'Точный день',
      'precision.month': 'Только месяц',
      'precision.year': 'Только год',
      'date.hint':
        'Если известен только месяц или год, выберите любой день в нём, а затем укажите, насколько точна дата.',
    },
    kk: {
      yes: 'Иә',
      no: 'Жоқ',
      'precision.label': '{label}: қаншалықты дәл белгілі?',
      'precision.day': 'Нақты күні',
      'precision.month': 'Тек айы',
      'precision.year': 'Тек жылы',
      'date.hint':
        'Тек айы немесе жылы белгілі болса, сол кезеңнің кез келген күнін таңдаңыз, содан кейін күннің қаншалықты дәл екенін көрсетіңіз.',
    },
    uk: {
      yes: 'Так',
      no: 'Ні',
      'precision.label': '{label}: наскільки точна дата?',
      'precision.day': 'Точний день',
      'precision.month': 'Лише місяць',
      'precision.year': 'Лише рік',
      'date.hint':
        'Якщо відомий лише місяць або рік, виберіть будь-який день у ньому, а потім укажіть, наскільки точна дата.',
    },
  };

/** A key of the XLSForm's own texts. */
export type FormStringKey =
  | 'yes'
  | 'no'
  | 'precision.label'
  | 'precision.day'
  | 'precision.month'
  | 'precision.year'
  | 'date.hint';

/** One of the XLSForm's own texts in `locale`, with `{name}` placeholders filled. */
export function formString(
  key: FormStringKey,
  locale: ShippedLocale,
  params: Readonly<Record<string, string>> = {},
): string {
  return formStrings[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? (params[name] as string) : whole,
  );
}
