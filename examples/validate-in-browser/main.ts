import { loadLocale, type ShippedLocale, validateCase } from '@talap/core';

const form = document.querySelector<HTMLFormElement>('#check')!;
const report = document.querySelector<HTMLElement>('#report')!;

/** Splits pasted or loaded text into records: one JSON value, an array of them, or NDJSON lines. */
function readRecords(text: string): { records: unknown[]; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '')
    return { records: [], error: 'Nothing to check: paste JSON or choose a file.' };
  try {
    const value = JSON.parse(trimmed);
    return { records: Array.isArray(value) ? value : [value] };
  } catch {
    const records: unknown[] = [];
    const lines = trimmed.split('\n');
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        return { records: [], error: `Line ${index + 1} is not valid JSON.` };
      }
    }
    return { records };
  }
}

function show(rows: HTMLElement[]) {
  report.replaceChildren(...rows);
}

function element(tag: string, text: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const locale = String(data.get('locale')) as ShippedLocale;
  await loadLocale(locale);
  report.lang = locale;
  const file = data.get('file');
  const text = file instanceof File && file.size > 0 ? await file.text() : String(data.get('text'));
  const { records, error } = readRecords(text);
  if (error) return show([element('p', error, 'invalid')]);
  const rows: HTMLElement[] = [];
  let invalid = 0;
  records.forEach((record, index) => {
    const result = validateCase(record, { locale });
    if (result.ok && result.issues.length === 0) return;
    if (!result.ok) invalid += 1;
    rows.push(
      element('h2', `Record ${index + 1}: ${result.ok ? 'valid, with warnings' : 'invalid'}`),
    );
    const list = document.createElement('ul');
    for (const issue of result.issues) {
      const item = element('li', ` ${issue.message}`);
      item.prepend(element('code', issue.code));
      list.append(item);
    }
    rows.push(list);
  });
  const summary = `${records.length} record(s): ${records.length - invalid} valid, ${invalid} invalid.`;
  show([element('p', summary, invalid === 0 ? 'valid' : 'invalid'), ...rows]);
});
