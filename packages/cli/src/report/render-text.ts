import type { ReportIssue, ValidationReport } from './report.js';

const count = (value: number) => value.toLocaleString('en');
const plural = (value: number, one: string, many: string) =>
  `${count(value)} ${value === 1 ? one : many}`;

/** One issue as a line editors and terminals link to: `file:line:column: severity code path [column]: message`. */
export function formatIssueLine(issue: ReportIssue): string {
  const where = issue.path === '' ? '' : ` at ${issue.path}`;
  const header = issue.header ? ` [${issue.header}]` : '';
  const record = issue.record === undefined ? '' : ` (record ${count(issue.record)})`;
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.severity} ${issue.code}${where}${header}${record}: ${issue.message}`;
}

function counts(records: number, valid: number, invalid: number, withWarnings: number): string {
  const warnings = withWarnings > 0 ? ` (${count(withWarnings)} with warnings)` : '';
  return `${plural(records, 'record', 'records')}: ${count(valid)} valid${warnings}, ${count(invalid)} invalid`;
}

/**
 * Renders a report as plain text for a terminal: each listed issue on its own line, then the
 * counts, the files not read to their end, and the most frequent issues. `moreHint` follows the
 * note on issues left out (the CLI says which option shows them).
 */
export function renderReportText(report: ValidationReport, moreHint = ''): string {
  const lines: string[] = report.issues.map(formatIssueLine);
  if (report.omittedIssues > 0) {
    lines.push(
      `… and ${plural(report.omittedIssues, 'more issue', 'more issues')} not listed${moreHint}.`,
    );
  }
  if (lines.length > 0) lines.push('');
  const { totals } = report;
  lines.push(
    `${plural(totals.files, 'file', 'files')}, ${counts(totals.records, totals.valid, totals.invalid, totals.withWarnings)}.`,
  );
  if (report.files.length > 1) {
    const width = Math.max(...report.files.map((file) => file.name.length));
    for (const file of report.files) {
      lines.push(
        `  ${file.name.padEnd(width)}  ${counts(file.records, file.valid, file.invalid, file.withWarnings)}`,
      );
    }
  }
  const stopped = report.files.filter((file) => !file.readToEnd);
  if (stopped.length > 0) {
    lines.push(
      `Not read to the end (see the issue above): ${stopped.map((file) => file.name).join(', ')}.`,
    );
  }
  if (report.frequentIssues.length > 0) {
    lines.push('Most frequent issues:');
    const codeWidth = Math.max(...report.frequentIssues.map((issue) => issue.code.length));
    const countWidth = Math.max(...report.frequentIssues.map((issue) => count(issue.count).length));
    for (const issue of report.frequentIssues) {
      lines.push(
        `  ${count(issue.count).padStart(countWidth)}  ${issue.severity.padEnd(7)}  ${issue.code.padEnd(codeWidth)}  ${issue.path || '(whole record or file)'}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
