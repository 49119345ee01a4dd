// The file checker: the report of `talap validate`, computed in this page with nothing uploaded.
// Reading (CSV, JSON, NDJSON) and the report come from @talap/cli/report, the same code the
// command runs; validation is @talap/core's validateCase.

import {
  type CsvMapping,
  checkRecords,
  type DataFormat,
  formatOfName,
  parseCsvMapping,
  renderReportSection,
} from '@talap/cli/report';
import { loadLocale, type ShippedLocale, validateCase } from '@talap/core';

const form = document.querySelector<HTMLFormElement>('#check')!;
const drop = document.querySelector<HTMLElement>('#drop')!;
const fileInput = document.querySelector<HTMLInputElement>('#file')!;
const status = document.querySelector<HTMLElement>('#status')!;
const report = document.querySelector<HTMLElement>('#report')!;

/** The bytes of a file or of pasted text, in chunks, as the command reads a file. */
async function* chunksOf(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** The format of pasted text: an array is JSON, objects one per line are NDJSON, anything else CSV. */
function formatOfText(text: string): DataFormat {
  const start = text.trimStart();
  if (start.startsWith('[')) return 'json';
  if (!start.startsWith('{')) return 'csv';
  try {
    JSON.parse(start);
    return 'json';
  } catch {
    return 'ndjson';
  }
}

async function readMapping(file: File | null): Promise<CsvMapping | string | undefined> {
  if (!file || file.size === 0) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    return `The column mapping ${file.name} is not valid JSON.`;
  }
  const parsed = parseCsvMapping(json);
  return parsed.ok ? parsed.mapping : `The column mapping ${file.name}: ${parsed.error}.`;
}

function showError(message: string) {
  status.textContent = '';
  const paragraph = document.createElement('p');
  paragraph.className = 'talap-invalid';
  paragraph.textContent = message;
  report.replaceChildren(paragraph);
}

async function check(file: File | undefined) {
  const data = new FormData(form);
  const locale = String(data.get('locale')) as ShippedLocale;
  const mapping = await readMapping(data.get('mapping') as File | null);
  if (typeof mapping === 'string') return showError(mapping);
  const text = String(data.get('text') ?? '');
  let blob: Blob;
  let name: string;
  let format: DataFormat | undefined;
  if (file) {
    blob = file;
    name = file.name;
    format = formatOfName(file.name);
    if (!format) return showError(`${file.name}: name the file .csv, .json or .ndjson.`);
  } else if (text.trim() !== '') {
    blob = new Blob([text]);
    name = 'pasted text';
    format = formatOfText(text);
  } else {
    return showError('Nothing to check: choose or drop a file, or paste cases.');
  }
  await loadLocale(locale);
  status.textContent = `Checking ${name}…`;
  const result = await checkRecords(
    [{ name, format, bytes: chunksOf(blob), ...(mapping ? { mapping } : {}) }],
    {
      validate: validateCase,
      locale,
      maxIssues: 500,
      onProgress: (records) => {
        status.textContent = `Checking ${name}: ${records.toLocaleString('en')} records read…`;
      },
    },
  );
  status.textContent = `Checked ${name}: ${result.totals.records.toLocaleString('en')} records.`;
  report.innerHTML = renderReportSection(result);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void check(fileInput.files?.[0]);
});

drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('drop-over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('drop-over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('drop-over');
  const file = event.dataTransfer?.files[0];
  if (file) void check(file);
});
