// Reads an NDJSON file of cases, reports every invalid line, and writes the valid cases redacted
// with the `partner` policy (no identifying fields, dates to the month) to a new file.
//   node validate-and-redact.mjs cases.ndjson shared.ndjson [--locale ru]

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadLocale, redact, validateCase } from '@talap/core';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { locale: { type: 'string', default: 'en' } },
});
const [input, output] = positionals;
if (!input || !output) {
  console.error('Usage: node validate-and-redact.mjs <cases.ndjson> <shared.ndjson> [--locale ru]');
  process.exit(2);
}
await loadLocale(values.locale);

const out = createWriteStream(output, { mode: 0o600 });
const lines = createInterface({
  input: createReadStream(input),
  crlfDelay: Number.POSITIVE_INFINITY,
});
let line = 0;
let valid = 0;
let invalid = 0;
for await (const text of lines) {
  line++;
  if (text.trim() === '') continue;
  let record;
  try {
    record = JSON.parse(text);
  } catch {
    invalid++;
    console.log(`line ${line}: not JSON`);
    continue;
  }
  const result = validateCase(record, { locale: values.locale });
  if (!result.ok) {
    invalid++;
    for (const issue of result.issues)
      console.log(`line ${line}: ${issue.path || '/'} ${issue.message}`);
    continue;
  }
  valid++;
  if (!out.write(`${JSON.stringify(redact(result.value, 'partner'))}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
console.log(
  `${valid} valid, ${invalid} invalid; the valid ones, redacted for a partner, are in ${output}`,
);
process.exitCode = invalid > 0 ? 1 : 0;
