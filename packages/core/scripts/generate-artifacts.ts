// Writes the artifacts derived from the zod schema: case.schema.json and docs/schema.md.
// Run by `pnpm --filter @talap/core run generate` and before every build; tests fail on drift.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCaseJsonSchema, serialiseJsonSchema } from '../src/json-schema/generate.js';
import { renderSchemaReference } from '../src/json-schema/schema-reference.js';

const schemaFile = fileURLToPath(new URL('../case.schema.json', import.meta.url));
const docsFile = fileURLToPath(new URL('../../../docs/schema.md', import.meta.url));

writeFileSync(schemaFile, serialiseJsonSchema(buildCaseJsonSchema()));
writeFileSync(docsFile, renderSchemaReference());
console.log(`wrote ${schemaFile} and ${docsFile}`);
