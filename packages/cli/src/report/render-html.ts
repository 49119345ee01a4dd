import type { ValidationReport } from './report.js';

const escapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]!);
}

const count = (value: number) => value.toLocaleString('en');
const cell = (text: string | number, header = false) =>
  header
    ? `<th scope="row">${escapeHtml(String(text))}</th>`
    : `<td>${escapeHtml(String(text))}</td>`;
const numberCell = (value: number) => `<td class="talap-number">${count(value)}</td>`;

function verdict(report: ValidationReport): string {
  const { totals } = report;
  if (totals.invalid === 0 && totals.filesNotReadToEnd === 0) {
    const warnings =
      totals.withWarnings > 0 ? ` ${count(totals.withWarnings)} carry warnings worth a look.` : '';
    return `<p class="talap-verdict talap-valid">All ${count(totals.records)} records are valid.${warnings}</p>`;
  }
  const parts: string[] = [];
  if (totals.invalid > 0) {
    parts.push(`${count(totals.invalid)} of ${count(totals.records)} records are invalid.`);
  }
  if (totals.filesNotReadToEnd > 0) {
    parts.push(
      `${count(totals.filesNotReadToEnd)} of ${count(totals.files)} files could not be read to the end.`,
    );
  }
  return `<p class="talap-verdict talap-invalid">${parts.join(' ')}</p>`;
}

/**
 * Renders a report as an HTML section: the verdict, counts per file, the most frequent issues and
 * the issues with file, line, column, record and field. No inline styles or scripts, so it can be
 * shown under a strict Content-Security-Policy; everything from the file is escaped.
 */
export function renderReportSection(report: ValidationReport): string {
  const html: string[] = [
    '<section class="talap-report" aria-labelledby="talap-report-title">',
    '<h2 id="talap-report-title">Validation report</h2>',
    verdict(report),
    '<table class="talap-files"><caption>Records by file</caption><thead><tr>',
    '<th scope="col">File</th><th scope="col">Format</th><th scope="col">Records</th><th scope="col">Valid</th><th scope="col">With warnings</th><th scope="col">Invalid</th><th scope="col">Read to the end</th>',
    '</tr></thead><tbody>',
  ];
  for (const file of report.files) {
    html.push(
      `<tr>${cell(file.name, true)}${cell(file.format.toUpperCase())}${numberCell(file.records)}${numberCell(file.valid)}${numberCell(file.withWarnings)}${numberCell(file.invalid)}${cell(file.readToEnd ? 'yes' : 'no')}</tr>`,
    );
  }
  html.push('</tbody></table>');
  if (report.frequentIssues.length > 0) {
    html.push(
      '<table class="talap-frequent"><caption>Most frequent issues</caption><thead><tr>',
      '<th scope="col">Count</th><th scope="col">Severity</th><th scope="col">Code</th><th scope="col">Where</th>',
      '</tr></thead><tbody>',
    );
    for (const issue of report.frequentIssues) {
      html.push(
        `<tr>${numberCell(issue.count)}${cell(issue.severity)}<td><code>${escapeHtml(issue.code)}</code></td><td><code>${escapeHtml(issue.path || '/')}</code></td></tr>`,
      );
    }
    html.push('</tbody></table>');
  }
  if (report.issues.length > 0) {
    html.push(
      `<table class="talap-issues" lang="${escapeHtml(report.locale)}"><caption>Issues, in file order</caption><thead><tr>`,
      '<th scope="col">File</th><th scope="col">Line</th><th scope="col">Column</th><th scope="col">Record</th><th scope="col">Field</th><th scope="col">Issue</th>',
      '</tr></thead><tbody>',
    );
    for (const issue of report.issues) {
      const field = issue.path
        ? `<code>${escapeHtml(issue.path)}</code>${issue.header ? ` <span class="talap-header">(${escapeHtml(issue.header)})</span>` : ''}`
        : '';
      html.push(
        `<tr class="talap-${issue.severity}">${cell(issue.file)}${numberCell(issue.line)}${numberCell(issue.column)}${issue.record === undefined ? '<td></td>' : numberCell(issue.record)}<td>${field}</td><td><code>${escapeHtml(issue.code)}</code> ${escapeHtml(issue.message)}</td></tr>`,
      );
    }
    html.push('</tbody></table>');
  }
  if (report.omittedIssues > 0) {
    html.push(
      `<p class="talap-omitted">${count(report.omittedIssues)} more issues are counted above but not listed.</p>`,
    );
  }
  html.push('</section>');
  return html.join('\n');
}

const styles = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:1rem 0;width:100%}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
.talap-number{text-align:right;font-variant-numeric:tabular-nums}.talap-valid{color:#0a6b2b}.talap-invalid{color:#a50e0e}
tr.talap-warning td{background:#fff8e1}code{font-family:ui-monospace,monospace}`;

/** Renders a report as a whole HTML page a person can open and read offline; it loads nothing. */
export function renderReportHtml(report: ValidationReport): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Talap validation report</title>
<style>${styles}</style>
</head>
<body>
<main>
<h1>Talap validation report</h1>
${renderReportSection(report)}
</main>
</body>
</html>
`;
}
