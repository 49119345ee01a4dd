import { loadLocale, translate, vocabularies } from '@talap/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkXlsForm, type XlsFormIssueCode } from './check-xlsform.js';
import { readWorkbook, type Sheet, textSheet } from './workbook.js';
import { buildXlsForm, writeXlsForm, type XlsForm, xlsFormId } from './xlsform.js';

/** An XLSForm reference to a question, `${name}`. */
const ref = (name: string) => `\${${name}}`;

let generated: XlsForm;
let fromFile: Sheet[];

beforeAll(async () => {
  generated = await buildXlsForm({ organisation: 'kz-aman' });
  fromFile = (await readWorkbook(await writeXlsForm(generated))).map(textSheet);
  await loadLocale('ru');
});

const sheet = (sheets: readonly Sheet[], name: string) => {
  const found = sheets.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
};
const surveyRow = (name: string) =>
  sheet(fromFile, 'survey').rows.find((row) => row.cells.name === name);

describe('the generated XLSForm', () => {
  it('follows every XLSForm rule it is checked against, as written to and read from .xlsx', () => {
    expect(fromFile.map((each) => each.name)).toEqual(['survey', 'choices', 'settings']);
    expect(checkXlsForm(fromFile)).toEqual([]);
  });

  it('names the form after the schema version and shows English first unless told otherwise', async () => {
    expect(sheet(fromFile, 'settings').rows[0]?.cells).toEqual({
      form_title: 'Talap case (schema version 1)',
      form_id: xlsFormId,
      version: '1',
      default_language: 'English (en)',
    });
    const russian = await buildXlsForm({ defaultLocale: 'ru', title: 'Случаи' });
    expect(sheet(russian.sheets, 'settings').rows[0]?.cells.default_language).toBe('Русский (ru)');
    expect(sheet(russian.sheets, 'settings').rows[0]?.cells.form_title).toBe('Случаи');
    expect(checkXlsForm(russian.sheets)).toEqual([]);
  });

  it('asks for consent first and will not take a case recorded without it', () => {
    const survey = sheet(fromFile, 'survey');
    const questions = survey.rows.filter(
      (row) => !/^(begin|end)_|calculate/.test(row.cells.type ?? ''),
    );
    expect(questions[0]?.cells).toMatchObject({
      type: 'select_one yes_no',
      name: 'consent_record_given',
      required: 'yes',
      constraint: ". = 'yes'",
    });
  });

  it('labels questions and choices in every shipped language from the core catalogs', () => {
    expect(surveyRow('incident_country')?.cells).toMatchObject({
      'label::English (en)': translate('field.incident.country.label', {}, 'en'),
      'label::Русский (ru)': translate('field.incident.country.label', {}, 'ru'),
      'hint::Русский (ru)': translate('field.incident.country.help', {}, 'ru'),
    });
    const choices = sheet(fromFile, 'choices');
    const threats = choices.rows.find(
      (row) => row.cells.list_name === 'violationType' && row.cells.name === 'threats',
    );
    expect(threats?.cells['label::Русский (ru)']).toBe(
      translate('vocab.violationType.threats', {}, 'ru'),
    );
    for (const code of vocabularies.violationType.codes) {
      expect(
        choices.rows.some(
          (row) => row.cells.list_name === 'violationType' && row.cells.name === code,
        ),
        code,
      ).toBe(true);
    }
  });

  it('shows an "other" description only when "other" is chosen, and then requires it', () => {
    expect(surveyRow('violation_type_other')?.cells).toMatchObject({
      required: 'yes',
      relevant: `${ref('violation_type')} = 'other'`,
    });
    expect(surveyRow('client_key_populations_other')?.cells.relevant).toBe(
      `selected(${ref('client_key_populations')}, 'other')`,
    );
    expect(surveyRow('client_gender_identity_other')?.cells.relevant).toBe(
      `${ref('client_gender_identity')} = 'self_described'`,
    );
  });

  it('asks a date with a date picker and a precision that says whether only the month or year is known', () => {
    expect(surveyRow('incident_date')?.cells).toMatchObject({ type: 'date', required: 'yes' });
    expect(surveyRow('incident_date_precision')?.cells).toMatchObject({
      type: 'select_one date_precision',
      required: 'yes',
      relevant: `${ref('incident_date')} != ''`,
      default: 'day',
    });
  });

  it('repeats violations, their perpetrators and responses', () => {
    const survey = sheet(fromFile, 'survey');
    const structure = survey.rows
      .filter((row) => /repeat/.test(row.cells.type ?? ''))
      .map((row) => `${row.cells.type} ${row.cells.name ?? ''}`.trim());
    expect(structure).toEqual([
      'begin_repeat violation',
      'begin_repeat perpetrator',
      'end_repeat',
      'end_repeat',
      'begin_repeat response',
      'end_repeat',
    ]);
  });

  it('checks lengths, ranges and patterns where an ODK expression can', () => {
    expect(surveyRow('client_age')?.cells.constraint).toBe('. >= 0 and . <= 120');
    expect(surveyRow('incident_country')?.cells.constraint).toBe("regex(., '^[A-Z]{2}$')");
    expect(surveyRow('incident_region')?.cells.constraint).toBe('string-length(.) <= 200');
  });

  it('leaves identifying fields out unless asked, and records the organisation in a hidden field', async () => {
    for (const name of [
      'client_code',
      'client_contact_phone',
      'incident_account',
      'response_notes',
    ]) {
      expect(surveyRow(name), name).toBeUndefined();
    }
    expect(surveyRow('organisation')?.cells).toMatchObject({
      type: 'calculate',
      calculation: "'kz-aman'",
    });
    const full = await buildXlsForm({ includeIdentifying: true });
    const names = sheet(full.sheets, 'survey').rows.map((row) => row.cells.name);
    expect(names).toEqual(
      expect.arrayContaining(['client_code', 'client_contact_phone', 'incident_account']),
    );
    expect(names).not.toContain('organisation');
    expect(checkXlsForm(full.sheets)).toEqual([]);
    expect(
      sheet(full.sheets, 'survey').rows.find((row) => row.cells.name === 'client_contact_phone')
        ?.cells.relevant,
    ).toBe(`${ref('consent_contact_given')} = 'yes'`);
  });
});

/** A copy of the generated sheets with one change, to break one rule at a time. */
function broken(
  change: (sheets: Map<string, { columns: string[]; rows: Record<string, string>[] }>) => void,
): Sheet[] {
  const sheets = new Map(
    fromFile.map((each) => [
      each.name,
      { columns: [...each.columns], rows: each.rows.map((row) => ({ ...row.cells })) },
    ]),
  );
  change(sheets);
  return [...sheets.entries()].map(([name, each]) => ({
    name,
    columns: each.columns,
    rows: each.rows.map((cells, index) => ({
      number: index + 2,
      cells,
      values: each.columns.map((column) => cells[column]),
    })),
  }));
}

const rowNamed = (rows: Record<string, string>[], name: string) => {
  const row = rows.find((candidate) => candidate.name === name);
  if (!row) throw new Error(`no row ${name}`);
  return row;
};

describe('checkXlsForm', () => {
  const cases: [string, XlsFormIssueCode, Parameters<typeof broken>[0], RegExp][] = [
    [
      'a missing choices sheet',
      'missing_sheet',
      (sheets) => sheets.delete('choices'),
      /no "choices" sheet/,
    ],
    [
      'a missing settings sheet',
      'missing_sheet',
      (sheets) => sheets.delete('settings'),
      /no "settings" sheet/,
    ],
    [
      'a survey without a name column',
      'missing_column',
      (sheets) => {
        const survey = sheets.get('survey')!;
        survey.columns = survey.columns.filter((column) => column !== 'name');
      },
      /no "name" column/,
    ],
    [
      'a survey without its Kazakh labels',
      'missing_language',
      (sheets) => {
        const survey = sheets.get('survey')!;
        survey.columns = survey.columns.filter((column) => column !== 'label::Қазақ (kk)');
      },
      /label::Қазақ \(kk\)/,
    ],
    [
      'a question without its Ukrainian label',
      'missing_label',
      (sheets) => {
        rowNamed(sheets.get('survey')!.rows, 'incident_country')['label::Українська (uk)'] = '';
      },
      /row \d+, column [A-Z]+ \(label::Українська \(uk\)\)/,
    ],
    [
      'a misspelt type',
      'unknown_type',
      (sheets) => {
        rowNamed(sheets.get('survey')!.rows, 'client_age').type = 'integr';
      },
      /not an XLSForm question type/,
    ],
    [
      'a name with a space',
      'invalid_name',
      (sheets) => {
        rowNamed(sheets.get('survey')!.rows, 'client_age').name = 'client age';
      },
      /must start with a letter/,
    ],
    [
      'a name used twice',
      'duplicate_name',
      (sheets) => {
        rowNamed(sheets.get('survey')!.rows, 'client_pronouns').name = 'client_age';
      },
      /already used in row \d+/,
    ],
    [
      'a select whose list is not in the choices',
      'missing_choice_list',
      (sheets) => {
        rowNamed(sheets.get('survey')!.rows, 'violation_type').type = 'select_one violationTypes';
      },
      /"violationTypes" is not in the choices sheet/,
    ],
    [
      'a choice twice in one list',
      'duplicate_choice',
      (sheets) => {
        const choices = sheets.get('choices')!;
        choices.rows.push({ ...choices.rows[0]! });
      },
      /already has a choice/,
    ],
    [
      'a choice name with a space',
      'invalid_choice_name',
      (sheets) => {
        sheets.get('choices')!.rows[0]!.name = 'two words';
      },
      /may not contain spaces/,
    ],
    [
      'a repeat closed as a group',
      'unbalanced_group',
      (sheets) => {
        const rows = sheets.get('survey')!.rows;
        const end = rows.findIndex((row) => row.type === 'end_repeat');
        rows[end]!.type = 'end_group';
      },
      /closes the begin_repeat of row \d+/,
    ],
    [
      'a group never closed',
      'unbalanced_group',
      (sheets) => {
        const rows = sheets.get('survey')!.rows;
        rows.splice(rows.map((row) => row.type).lastIndexOf('end_group'), 1);
      },
      /never closed/,
    ],
    [
      'a condition on a question that does not exist',
      'unknown_reference',
      (sheets) => {
        rowNamed(sheets.get('survey')!.rows, 'violation_type_other').relevant =
          `${ref('violation_kind')} = 'other'`;
      },
      /\$\{violation_kind\} names no question/,
    ],
    [
      'a default language without labels',
      'invalid_setting',
      (sheets) => {
        sheets.get('settings')!.rows[0]!.default_language = 'Deutsch (de)';
      },
      /default_language must be one of/,
    ],
  ];

  for (const [what, code, change, message] of cases) {
    it(`reports ${what} as ${code}, with where and what to do`, () => {
      const issues = checkXlsForm(broken(change));
      expect(issues.map((issue) => issue.code)).toContain(code);
      const issue = issues.find((candidate) => candidate.code === code);
      expect(issue?.message).toMatch(message);
      expect(issue?.message).toMatch(/^sheet "/);
    });
  }

  it('reports no issue for a sound copy of the form', () => {
    expect(checkXlsForm(broken(() => {}))).toEqual([]);
  });
});
