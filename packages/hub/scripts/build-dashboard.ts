// Builds the statistics dashboard that the hub serves at /dashboard/ into dist/dashboard:
//   index.html, dashboard.css, dashboard.js (English included) and chunks/ (one per other
//   language, loaded when it is chosen). Run by the package's build after tsup; tests build it
//   into a folder of their own with buildDashboard(). Fails when another language's text leaked
//   into dashboard.js.
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { dashboardLocales } from '../src/dashboard/strings.js';

const source = fileURLToPath(new URL('../src/dashboard/', import.meta.url));

/** Builds the dashboard into `outdir` (emptied first) and returns the files written, relative to it. */
export async function buildDashboard(outdir: string): Promise<string[]> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    outdir,
  } as const;
  const script = await build({
    ...common,
    entryPoints: { dashboard: join(source, 'main.ts') },
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    conditions: ['@talap/source', 'browser'],
  });
  const style = await build({ ...common, entryPoints: [join(source, 'dashboard.css')] });
  await copyFile(join(source, 'index.html'), join(outdir, 'index.html'));

  // The language menu names each language in itself; any other Cyrillic is a leaked catalog.
  let english = await readFile(join(outdir, 'dashboard.js'), 'utf8');
  for (const { name } of dashboardLocales) english = english.replaceAll(name, '');
  if (/[\u0400-\u04ff]/.test(english)) {
    throw new Error(
      'Cyrillic text leaked into dashboard.js: a language other than English is bundled eagerly. Import it with import().',
    );
  }
  const written = [...Object.keys(script.metafile.outputs), ...Object.keys(style.metafile.outputs)];
  const prefix = `${outdir.replace(/\/$/, '')}/`;
  return [
    'index.html',
    ...written.map((file) => {
      const absolute = file.startsWith('/') ? file : join(process.cwd(), file);
      return absolute.startsWith(prefix) ? absolute.slice(prefix.length) : file;
    }),
  ].sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = fileURLToPath(new URL('../dist/dashboard/', import.meta.url));
  const files = await buildDashboard(outdir);
  console.log(`@talap/hub dashboard: ${files.length} files in dist/dashboard`);
}
