// Bundles the browser entry of @talap/core (validateCase + English catalog) minified with
// everything inlined, and prints its gzipped size beside peers built the same way in this run.
// Exits non-zero when the entry exceeds its 25 kB budget.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const budget = 25_000;

const texts: Record<string, string> = {};

async function gzippedSize(name: string, source: string): Promise<number> {
  const result = await build({
    stdin: {
      contents: source,
      resolveDir: new URL('../packages/core/src', import.meta.url).pathname,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@talap/source'],
    write: false,
    logLevel: 'silent',
  });
  texts[name] = result.outputFiles[0]!.text;
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
}

const entries = {
  '@talap/core validateCase + en': `export { validateCase } from './index.js';`,
  'peer: zod/mini, one-field schema': `import * as z from 'zod/mini'; export const s = z.strictObject({ a: z.string() }); export const f = (v: unknown) => s.safeParse(v);`,
  'peer: zod classic (import * as z), one-field schema': `import * as z from 'zod'; export const s = z.strictObject({ a: z.string() }); export const f = (v: unknown) => s.safeParse(v);`,
};

const sizes: Record<string, number> = {};
for (const [name, source] of Object.entries(entries)) sizes[name] = await gzippedSize(name, source);
const ours = sizes['@talap/core validateCase + en']!;
console.log('bundle sizes (esbuild, minified, gzip -9):');
for (const [name, size] of Object.entries(sizes)) {
  console.log(
    `  ${name.padEnd(52)} ${String(size).padStart(7)} B  ratio to ours ${(size / ours).toFixed(2)}`,
  );
}
console.log(`budget: ${ours} of ${budget} B (${((ours / budget) * 100).toFixed(0)}%)`);
// Other locales load on demand: none of their text may be inlined into the English entry.
if (/[\u0400-\u04ff]/.test(texts['@talap/core validateCase + en']!)) {
  console.error(
    'Cyrillic text leaked into the English browser entry: a locale is bundled eagerly.',
  );
  process.exit(1);
}
if (ours > budget) {
  console.error(`@talap/core's browser entry is ${ours} B gzipped, over its ${budget} B budget.`);
  process.exit(1);
}
