import {
  currentSchemaVersion,
  loadLocale,
  type ShippedLocale,
  shippedLocales,
  translate,
  vocabularies,
} from '@talap/core';
import {
  buildKoboForm,
  datePrecisionCodes,
  datePrecisionList,
  type KoboField,
  type KoboForm,
  type KoboFormOptions,
  type KoboNode,
  offeredCodes,
  organisationFieldName,
  yesNoList,
} from './form-model.js';
import { type FormStringKey, formString, xlsFormLanguage } from './form-strings.js';
import { type Sheet, writeWorkbook } from './workbook.js';

/** The `form_id` of the generated form: the schema version is part of it. */
export const xlsFormId = `talap_case_v${currentSchemaVersion}`;

/** Options of the generated XLSForm. */
export interface XlsFormOptions extends KoboFormOptions {
  /** The language KoboCollect and Enketo show first; every shipped language is in the form. */
  readonly defaultLocale?: ShippedLocale;
  /** The form's title in KoboToolbox. */
  readonly title?: string;
}

/** A generated XLSForm: the form model it was made from and its three sheets. */
export interface XlsForm {
  readonly form: KoboForm;
  /** `survey`, `choices` and `settings`, in that order. */
  readonly sheets: readonly Sheet[];
}

const textColumns = (kind: 'label' | 'hint') =>
  shippedLocales.map((locale) => `${kind}::${xlsFormLanguage(locale)}`);

/** The columns of the generated survey sheet. */
export const surveyColumns: readonly string[] = [
  'type',
  'name',
  ...textColumns('label'),
  ...textColumns('hint'),
  'required',
  'relevant',
  'constraint',
  'appearance',
  'default',
  'calculation',
];

/** The columns of the generated choices sheet. */
export const choicesColumns: readonly string[] = ['list_name', 'name', ...textColumns('label')];

/** The columns of the generated settings sheet. */
export const settingsColumns: readonly string[] = [
  'form_title',
  'form_id',
  'version',
  'default_language',
];

type Texts = Record<string, string>;

/** Label (or hint) cells in every shipped language from a catalog key. */
function catalogTexts(kind: 'label' | 'hint', key: string): Texts {
  return Object.fromEntries(
    shippedLocales.map((locale) => [
      `${kind}::${xlsFormLanguage(locale)}`,
      translate(key, {}, locale),
    ]),
  );
}

/** Label (or hint) cells in every shipped language from the form's own strings. */
function ownTexts(
  kind: 'label' | 'hint',
  key: FormStringKey,
  params: (locale: ShippedLocale) => Record<string, string> = () => ({}),
): Texts {
  return Object.fromEntries(
    shippedLocales.map((locale) => [
      `${kind}::${xlsFormLanguage(locale)}`,
      formString(key, locale, params(locale)),
    ]),
  );
}

function typeOf(field: KoboField): string {
  switch (field.answer) {
    case 'select_one':
    case 'select_multiple':
      return `${field.answer} ${field.listName}`;
    case 'yes_no':
      return `select_one ${yesNoList}`;
    case 'partial_date':
      return 'date';
    default:
      return field.answer;
  }
}

function optional(cells: Record<string, string | undefined>): Texts {
  return Object.fromEntries(
    Object.entries(cells).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function fieldRows(field: KoboField): Texts[] {
  const isDate = field.answer === 'partial_date';
  const question = {
    type: typeOf(field),
    name: field.name,
    ...catalogTexts('label', field.meta.labelKey),
    ...(isDate ? ownTexts('hint', 'date.hint') : catalogTexts('hint', field.meta.helpKey)),
    ...optional({
      required: field.required,
      relevant: field.relevant,
      constraint: field.constraint,
      appearance: field.appearance,
      default: field.defaultValue,
    }),
  };
  if (!isDate || !field.precisionName) return [question];
  const precision = {
    type: `select_one ${datePrecisionList}`,
    name: field.precisionName,
    ...ownTexts('label', 'precision.label', (locale) => ({
      label: translate(field.meta.labelKey, {}, locale),
    })),
    required: 'yes',
    relevant: [field.relevant, `\${${field.name}} != ''`].filter(Boolean).join(' and '),
    default: 'day',
  };
  return [question, precision];
}

function nodeRows(node: KoboNode): Texts[] {
  if (node.kind === 'field') return fieldRows(node);
  return [
    { type: 'begin_repeat', name: node.name, ...catalogTexts('label', node.labelKey) },
    ...node.children.flatMap(nodeRows),
    { type: 'end_repeat' },
  ];
}

/** A sheet of rows given as cells by column; rows are numbered from 2, under the header. */
function sheetOf(name: string, columns: readonly string[], rows: readonly Texts[]): Sheet {
  return {
    name,
    columns,
    rows: rows.map((cells, index) => ({
      number: index + 2,
      cells,
      values: columns.map((column) => cells[column]),
    })),
  };
}

function surveySheet(form: KoboForm): Sheet {
  const rows: Texts[] = [];
  if (form.organisation) {
    rows.push({
      type: 'calculate',
      name: organisationFieldName,
      calculation: `'${form.organisation}'`,
    });
  }
  for (const section of form.sections) {
    rows.push({
      type: 'begin_group',
      name: section.name,
      ...catalogTexts('label', section.labelKey),
    });
    rows.push(...section.children.flatMap(nodeRows));
    rows.push({ type: 'end_group' });
  }
  return sheetOf('survey', surveyColumns, rows);
}

function choicesSheet(form: KoboForm): Sheet {
  const rows: Texts[] = [];
  for (const name of form.vocabularies) {
    for (const code of offeredCodes(name)) {
      rows.push({
        list_name: vocabularies[name].name,
        name: code,
        ...catalogTexts('label', `vocab.${vocabularies[name].name}.${code}`),
      });
    }
  }
  const asked = form.fields.filter((field) => field.collected);
  if (asked.some((field) => field.answer === 'yes_no')) {
    for (const code of ['yes', 'no'] as const) {
      rows.push({ list_name: yesNoList, name: code, ...ownTexts('label', code) });
    }
  }
  if (asked.some((field) => field.answer === 'partial_date')) {
    for (const code of datePrecisionCodes) {
      rows.push({
        list_name: datePrecisionList,
        name: code,
        ...ownTexts('label', `precision.${code}`),
      });
    }
  }
  return sheetOf('choices', choicesColumns, rows);
}

function settingsSheet(options: XlsFormOptions): Sheet {
  return sheetOf('settings', settingsColumns, [
    {
      form_title: options.title ?? `Talap case (schema version ${currentSchemaVersion})`,
      form_id: xlsFormId,
      version: String(currentSchemaVersion),
      default_language: xlsFormLanguage(options.defaultLocale ?? 'en'),
    },
  ]);
}

/**
 * Builds the XLSForm of a Talap case: the survey (consent first, a group per section, repeats
 * for violations, perpetrators and responses), the choices (every vocabulary the questions use)
 * and the settings, with labels and hints in every shipped language.
 */
export async function buildXlsForm(options: XlsFormOptions = {}): Promise<XlsForm> {
  await Promise.all(shippedLocales.map((locale) => loadLocale(locale)));
  const form = buildKoboForm(options);
  return { form, sheets: [surveySheet(form), choicesSheet(form), settingsSheet(options)] };
}

/** Writes an XLSForm's sheets to the bytes of an .xlsx workbook. */
export function writeXlsForm(xlsForm: Pick<XlsForm, 'sheets'>): Promise<Buffer> {
  return writeWorkbook(xlsForm.sheets);
}
