// Writes the artifacts derived from the zod schema: case.schema.json and docs/schema.md.
// `--check` (run by the build) writes nothing and fails when a committed artifact is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCaseJsonSchema, serialiseJsonSchema } from '../src/json-schema/generate.js';
import { renderSchemaReference } from '../src/json-schema/schema-reference.js';

const artifacts = [
  {
    file: fileURLToPath(new URL('../case.schema.json', import.meta.url)),
    text: serialiseJsonSchema(buildCaseJsonSchema()),
  },
  {
    file: fileURLToPath(new URL('../../../docs/schema.md', import.meta.url)),
    text: renderSchemaReference(),
  },
];

const checkOnly = process.argv.includes('--check');
let stale = 0;
for (const { file, text } of artifacts) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current === text) continue;
  if (checkOnly) {
    console.error(`${file} is stale: run \`pnpm --filter @talap/core generate\` and commit it.`);
    stale += 1;
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
process.exit(stale > 0 ? 1 : 0);
