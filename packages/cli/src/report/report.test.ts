import { describe, expect, it } from 'vitest';
import { dentalRefusalCase, minimalSelfReport } from '../../../core/src/test-kit/sample-cases.js';
import { validateCase } from '../../../core/src/validate/validate-case.js';
import { checkRecords } from './check-records.js';
import { escapeHtml, renderReportHtml, renderReportSection } from './render-html.js';
import { renderReportText } from './render-text.js';
import { isClean } from './report.js';

const encoder = new TextEncoder();
async function* bytes(text: string) {
  yield encoder.encode(text);
}

const broken = () => {
  const record = minimalSelfReport() as Record<string, unknown>;
  delete record.organisation;
  (record.incident as Record<string, unknown>).placeKind = 'moon';
  return record;
};
const ndjson = [dentalRefusalCase(), broken(), minimalSelfReport(), broken()]
  .map((record) => JSON.stringify(record))
  .concat('{"oops":')
  .join('\n');

const check = (maxIssues = 100) =>
  checkRecords([{ name: 'cases.ndjson', format: 'ndjson', bytes: bytes(ndjson) }], {
    validate: validateCase,
    maxIssues,
  });

describe('the validation report', () => {
  it('counts valid and invalid records, lists issues in file order and tallies the frequent ones', async () => {
    const report = await check();
    expect(report.totals).toEqual({
      files: 1,
      records: 5,
      valid: 2,
      invalid: 3,
      withWarnings: 0,
      filesNotReadToEnd: 0,
      issues: 5,
    });
    expect(isClean(report)).toBe(false);
    expect(
      report.issues.map((issue) => [issue.line, issue.record, issue.code, issue.path]),
    ).toEqual([
      [2, 2, 'invalid_value', '/incident/placeKind'],
      [2, 2, 'required', '/organisation'],
      [4, 4, 'invalid_value', '/incident/placeKind'],
      [4, 4, 'required', '/organisation'],
      [5, 5, 'not_json', ''],
    ]);
    expect(report.frequentIssues).toEqual([
      { code: 'invalid_value', path: '/incident/placeKind', severity: 'error', count: 2 },
      { code: 'required', path: '/organisation', severity: 'error', count: 2 },
      { code: 'not_json', path: '', severity: 'error', count: 1 },
    ]);
  });

  it('lists at most maxIssues issues but counts them all', async () => {
    const report = await check(1);
    expect(report.issues).toHaveLength(1);
    expect(report.omittedIssues).toBe(4);
    expect(report.totals.issues).toBe(5);
  });

  it('renders as text with file:line:column, the counts and the frequent issues', async () => {
    expect(renderReportText(await check(2), ' (list them with --max-issues)')).toBe(
      `cases.ndjson:2:1: error invalid_value at /incident/placeKind (record 2): Not an allowed value at /incident/placeKind: choose one of the listed options.
cases.ndjson:2:1: error required at /organisation (record 2): This field is required: fill in /organisation.
… and 3 more issues not listed (list them with --max-issues).

1 file, 5 records: 2 valid, 3 invalid.
Most frequent issues:
  2  error    invalid_value  /incident/placeKind
  2  error    required       /organisation
  1  error    not_json       (whole record or file)
`,
    );
  });

  it('renders as an HTML page that loads nothing and escapes what came from the file', async () => {
    const report = await check();
    const withHostileName = {
      ...report,
      files: [{ ...report.files[0]!, name: '<img src=x onerror=alert(1)>.ndjson' }],
    };
    const html = renderReportHtml(withHostileName);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.ndjson');
    expect(html).toContain('3 of 5 records are invalid.');
    expect(renderReportSection(report)).not.toMatch(/style=|<script/);
  });

  it('escapes every character that matters in HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});
