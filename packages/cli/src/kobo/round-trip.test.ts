import { type Case, isCaseId, validateCase } from '@talap/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryValidCase } from '../../../core/src/test-kit/case-arbitrary.js';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { parseHeader } from './columns.js';
import type { KoboForm, KoboNode } from './form-model.js';
import { importKoboExport, type KoboExportFormat, type SubmissionResult } from './import.js';
import { toKoboCsv, toKoboJson, toKoboXlsx } from './test-kit/kobo-export.js';
import { readWorkbook, textSheet } from './workbook.js';
import { buildXlsForm, writeXlsForm } from './xlsform.js';

const organisation = 'kz-aman';

function valueAt(source: unknown, path: readonly string[]): unknown {
  let current = source;
  for (const name of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (const name of path.slice(0, -1)) {
    current[name] ??= {};
    current = current[name] as Record<string, unknown>;
  }
  current[path[path.length - 1] as string] = value;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, prune(item)] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value;
}

/** What the form collects of a case: the fields it asks, in the shape of the case, empty parts dropped. */
function collected(source: unknown, nodes: readonly KoboNode[]): unknown {
  const view: Record<string, unknown> = {};
  for (const node of nodes) {
    const value = valueAt(source, node.path);
    if (value === undefined) continue;
    if (node.kind === 'field') setAt(view, node.path, value);
    else if (Array.isArray(value)) {
      setAt(
        view,
        node.path,
        value.map((item) => collected(item, node.children)),
      );
    }
  }
  return prune(view);
}

const collectedOf = (sample: unknown, form: KoboForm) =>
  collected(
    sample,
    form.sections.flatMap((section) => section.children),
  );

function hasBlankText(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.some(hasBlankText);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasBlankText);
  return false;
}

/** Valid cases; answers of only spaces are left out, since an export cannot tell them from no answer. */
const arbitraryCases = fc.array(
  arbitraryValidCase.filter(
    (sample) => validateCase(sample).ok && !hasBlankText(sample),
  ) as fc.Arbitrary<Case>,
  { minLength: 1, maxLength: 3 },
);

async function exportOf(samples: readonly Case[], form: KoboForm, format: KoboExportFormat) {
  if (format === 'csv') return new TextEncoder().encode(toKoboCsv(samples, form));
  if (format === 'json') return new TextEncoder().encode(toKoboJson(samples, form));
  return new Uint8Array(await toKoboXlsx(samples, form));
}

function valuesOf(results: readonly SubmissionResult[]): Case[] {
  return results.map((result) => {
    if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
    return result.value;
  });
}

describe('the KoboToolbox round trip', () => {
  it('asks in the generated XLSForm every question the export layout holds', async () => {
    const xlsForm = await buildXlsForm({ organisation });
    const survey = textSheet(
      (await readWorkbook(await writeXlsForm(xlsForm))).find((sheet) => sheet.name === 'survey')!,
    );
    const names = new Set(survey.rows.map((row) => row.cells.name));
    const csv = toKoboCsv([dentalRefusalCase(), minimalSelfReport()], xlsForm.form);
    const headers = csv.split('\r\n')[0]!.split(';');
    const questions = headers.filter((header) => !/^(_|meta\/|start$)/.test(header));
    expect(questions.length).toBeGreaterThan(30);
    for (const header of questions) {
      const { segments } = parseHeader(header);
      for (const segment of segments) expect(names, header).toContain(segment);
    }
  });

  for (const format of ['csv', 'json', 'xlsx'] as const) {
    it(`imports generated cases from a ${format} export as valid cases equal on every collected field`, async () => {
      const { form } = await buildXlsForm({ organisation });
      await fc.assert(
        fc.asyncProperty(arbitraryCases, async (samples) => {
          const bytes = await exportOf(samples, form, format);
          const imported = await importKoboExport(bytes, { format });
          expect(imported.issues).toEqual([]);
          const cases = valuesOf(imported.results);
          expect(cases).toHaveLength(samples.length);
          cases.forEach((value, position) => {
            expect(validateCase(value).ok).toBe(true);
            expect(value.organisation).toBe(organisation);
            expect(isCaseId(value.id)).toBe(true);
            expect(collectedOf(value, form)).toEqual(collectedOf(samples[position], form));
          });
        }),
        { numRuns: format === 'xlsx' ? 15 : 40 },
      );
    });
  }

  it('brings back identifying fields when the form asks them', async () => {
    const { form } = await buildXlsForm({ organisation, includeIdentifying: true });
    const sample = dentalRefusalCase();
    for (const format of ['csv', 'json', 'xlsx'] as const) {
      const imported = await importKoboExport(await exportOf([sample], form, format), { format });
      const [value] = valuesOf(imported.results);
      expect(value?.client.code).toBe('ALM-0042');
      expect(value?.client.contact?.phone).toBe('+7 701 000 0000');
      expect(value?.incident.account).toBe(sample.incident.account);
      expect(collectedOf(value, form)).toEqual(collectedOf(sample, form));
    }
  });

  it('gives a pseudonymous client code and keeps no contact details when the form leaves them out', async () => {
    const { form } = await buildXlsForm({ organisation });
    const imported = await importKoboExport(await exportOf([dentalRefusalCase()], form, 'json'), {
      format: 'json',
    });
    const [value] = valuesOf(imported.results);
    expect(value?.client.code).toMatch(/^KB-[0-9a-f]{10}$/);
    expect(value?.client.contact).toEqual({
      preferredMethod: 'messenger',
      safeToLeaveMessage: false,
    });
    expect(value?.incident.account).toBeUndefined();
  });

  it('reads typed date and number cells of an XLS export, and dates cut to their precision', async () => {
    const { form } = await buildXlsForm({ organisation });
    const samples = [dentalRefusalCase(), minimalSelfReport()];
    const bytes = await toKoboXlsx(samples, form, { typedCells: true, groupsInHeaders: false });
    const [dental, selfReport] = valuesOf(
      (await importKoboExport(bytes, { format: 'xlsx' })).results,
    );
    expect(dental?.incident.date).toBe('2024-03-14');
    expect(dental?.client.age).toBe(34);
    expect(dental?.incident.violations[0]?.harm?.moneyTaken).toEqual({
      amount: 40000,
      currency: 'KZT',
    });
    expect(selfReport?.incident.date).toBe('2024-04');
    expect(dental?.createdAt).toBe('2024-03-20T09:15:00.000Z');
  });

  it('gives the same case ids when the same export is imported twice', async () => {
    const { form } = await buildXlsForm({ organisation });
    const bytes = await exportOf([dentalRefusalCase(), minimalSelfReport()], form, 'csv');
    const first = valuesOf((await importKoboExport(bytes, { format: 'csv' })).results);
    const second = valuesOf((await importKoboExport(bytes, { format: 'csv' })).results);
    expect(second.map((value) => value.id)).toEqual(first.map((value) => value.id));
    expect(new Set(first.map((value) => value.id)).size).toBe(2);
    // The id's time is the submission time, so ids sort as the submissions came in.
    const time = Date.parse('2024-03-20T09:15:00Z').toString(16).padStart(12, '0');
    expect(first[0]?.id.replace('-', '').startsWith(time)).toBe(true);
    expect(first[0]?.extensions).toEqual({
      'kz-aman:koboInstanceId': 'uuid:00000000-0000-4000-8000-000000000001',
    });
  });
});
