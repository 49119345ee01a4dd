import { describe, expect, it } from 'vitest';
import { en } from '../locales/en.js';
import { kk } from '../locales/kk.js';
import { ru } from '../locales/ru.js';
import { uk } from '../locales/uk.js';
import { caseSchema } from '../schema/case.js';
import { describeFields } from '../schema/walk.js';
import { issueCodes } from '../validate/issue.js';
import { vocabularies } from '../vocab/index.js';
import { loadLocale, registerCatalog, translate } from './catalog.js';

const placeholders = (text: string) =>
  [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('locale catalogs', () => {
  it('has an English text for every issue code, field label and help, and vocabulary code', () => {
    const keys = [
      ...issueCodes.map((code) => `issue.${code}`),
      ...describeFields(caseSchema).flatMap((field) => [field.labelKey, field.helpKey]),
      ...Object.values(vocabularies).flatMap((vocabulary) =>
        vocabulary.codes.map((code) => `vocab.${vocabulary.name}.${code}`),
      ),
    ];
    const missing = keys.filter((key) => !en[key]);
    expect(missing).toEqual([]);
  });

  for (const [locale, catalog] of Object.entries({ ru, kk, uk })) {
    it(`${locale} has every English key, with the same placeholders`, () => {
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect(placeholders(catalog[key] ?? ''), `${locale} ${key}`).toEqual(placeholders(text));
      }
    });
  }

  it('falls back to English for a partial locale, and to the key when nothing has it', async () => {
    registerCatalog('ky', { 'issue.required': 'Толтуруу керек: {path}' });
    expect(translate('issue.required', { path: '/a' }, 'ky')).toBe('Толтуруу керек: /a');
    expect(translate('issue.too_big', { path: '/a', maximum: 3 }, 'ky')).toBe(
      translate('issue.too_big', { path: '/a', maximum: 3 }, 'en'),
    );
    expect(translate('no.such.key')).toBe('no.such.key');
    await expect(loadLocale('xx' as 'ru')).rejects.toThrow(/shipped locales are en, ru, kk, uk/);
  });
});
