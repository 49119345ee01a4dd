// Builds the single-file build for a <script type="module"> tag:
//   dist/talap-intake-form.bundle.js   the element with Lit, @talap/core, idb and English inlined;
//   dist/talap-intake-form.<locale>.js one per other language, loaded when that language is asked for;
//   dist/talap-intake-form.sync.js     @talap/sync, loaded only by a form that has a hub and a key.
// The sync file uses the bundle's own validateCase (handed over when it loads), so nothing of
// @talap/core is loaded twice. Prints the gzipped sizes and fails over the budget, or when
// another language's text leaked into the English bundle.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { protocolVersion } from '@talap/core/protocol';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const packageRoot = new URL('..', import.meta.url).pathname;
const dist = `${packageRoot}dist`;
const name = 'talap-intake-form';
const otherLocales = ['ru', 'kk', 'uk'] as const;
/**
 * The functions of @talap/core that @talap/sync calls, handed from the bundle to the sync file.
 * When @talap/sync starts to use another one, the sync file's build fails and names it: add it here.
 */
const handedOver = ['validateCase', 'loadLocale'];
/** The issue's target for the whole English widget without a hub, gzipped. */
const budget = 45_000;

const common: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  charset: 'utf8',
  conditions: ['@talap/source'],
  legalComments: 'none',
  logLevel: 'warning',
};

/** Removes the blanks a stylesheet does not need (no selector here has a blank before a colon). */
function compactCss(source: string): string {
  return source.replace(/css`([^`]*)`/g, (_, body: string) => {
    const compact = body
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}');
    return `css\`${compact}\``;
  });
}

/** Lit's templates keep their line breaks but lose the source's indentation; styles are compacted. */
const compactTemplates: Plugin = {
  name: 'compact-templates',
  setup(esbuild) {
    esbuild.onLoad({ filter: /intake-form[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = (await readFile(args.path, 'utf8')).replace(/\n[ \t]+/g, '\n');
      return {
        contents: args.path.endsWith('.styles.ts') ? compactCss(source) : source,
        loader: 'ts',
      };
    });
  },
};

/** The catalog loaders of @talap/core and of the form import the sibling locale file instead. */
const siblingLocales: Plugin = {
  name: 'sibling-locales',
  setup(esbuild) {
    esbuild.onResolve({ filter: /(^|\/)(ru|kk|uk)\.js$/ }, (args) => {
      if (!/[\\/](i18n[\\/]catalog|locales[\\/]strings)\.ts$/.test(args.importer)) return undefined;
      const locale = /(ru|kk|uk)\.js$/.exec(args.path)?.[1];
      return { path: `./${name}.${locale}.js`, external: true };
    });
  },
};

/** The form loads @talap/sync from the sibling file and hands it the bundle's validateCase. */
const siblingSync: Plugin = {
  name: 'sibling-sync',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\/load-sync\.js$/ }, () => ({
      path: 'load-sync',
      namespace: 'sibling-sync',
    }));
    esbuild.onResolve({ filter: /^\.\/talap-intake-form\.sync\.js$/ }, (args) => ({
      path: args.path,
      external: true,
    }));
    esbuild.onLoad({ filter: /.*/, namespace: 'sibling-sync' }, () => ({
      contents: `import { ${handedOver.join(', ')} } from '@talap/core';
        export async function loadSyncModules() {
          const sync = await import('./${name}.sync.js');
          sync.provideCore({ ${handedOver.join(', ')} });
          return sync;
        }`,
      resolveDir: `${packageRoot}src/submit`,
      loader: 'js',
    }));
  },
};

/** In the sync file, @talap/core is what the bundle hands over, and the protocol is its version number. */
const coreFromBundle: Plugin = {
  name: 'core-from-bundle',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@talap\/core(\/protocol)?$/ }, (args) => ({
      path: args.path,
      namespace: 'core-from-bundle',
    }));
    esbuild.onLoad({ filter: /.*/, namespace: 'core-from-bundle' }, (args) => ({
      contents:
        args.path === '@talap/core/protocol'
          ? `export const protocolVersion = ${JSON.stringify(protocolVersion)};`
          : `let core;
            export function provideCore(given) { core = given; }
            ${handedOver
              .map((fn) => `export function ${fn}(...args) { return core.${fn}(...args); }`)
              .join('\n')}`,
      loader: 'js',
    }));
  },
};

await mkdir(dist, { recursive: true });
await build({
  ...common,
  entryPoints: [`${packageRoot}src/index.ts`],
  outfile: `${dist}/${name}.bundle.js`,
  plugins: [compactTemplates, siblingLocales, siblingSync],
});
await writeFile(
  `${dist}/${name}.bundle.d.ts`,
  "// The single-file bundle exports what the package's main entry exports.\nexport * from './index.js';\n",
);
for (const locale of otherLocales) {
  await build({
    ...common,
    stdin: {
      contents: `export { ${locale} } from '@talap/core/locales/${locale}';\nexport { strings } from './src/locales/${locale}.ts';\n`,
      resolveDir: packageRoot,
      loader: 'ts',
    },
    outfile: `${dist}/${name}.${locale}.js`,
  });
}
await build({
  ...common,
  stdin: {
    contents: `export { provideCore } from '@talap/core';
      export { createSyncClient } from '@talap/sync';
      export { openIndexedDbStore } from '@talap/sync/indexeddb';`,
    resolveDir: packageRoot,
    loader: 'ts',
  },
  outfile: `${dist}/${name}.sync.js`,
  plugins: [coreFromBundle],
});

const files = [
  `${name}.bundle.js`,
  ...otherLocales.map((l) => `${name}.${l}.js`),
  `${name}.sync.js`,
];
const sizes = new Map<string, number>();
console.log('@talap/intake-form single-file build (esbuild, minified, gzip -9):');
for (const file of files) {
  const bytes = await readFile(`${dist}/${file}`);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  sizes.set(file, gzip);
  console.log(
    `  ${file.padEnd(30)} ${String(bytes.length).padStart(8)} B ${String(gzip).padStart(8)} B gzip`,
  );
}
const lit = await build({
  ...common,
  stdin: { contents: "export { LitElement, html, css } from 'lit';", resolveDir: packageRoot },
  write: false,
});
const litGzip = gzipSync(lit.outputFiles?.[0]?.contents ?? new Uint8Array(), { level: 9 }).length;
const bundle = sizes.get(`${name}.bundle.js`) ?? 0;
const withHub = bundle + (sizes.get(`${name}.sync.js`) ?? 0);
console.log(`  peer: lit alone                ${String(litGzip).padStart(17)} B gzip`);
console.log(`  with a hub (bundle + sync)     ${String(withHub).padStart(17)} B gzip`);
console.log(`budget: ${bundle} of ${budget} B (${((bundle / budget) * 100).toFixed(0)}%)`);

const english = await readFile(`${dist}/${name}.bundle.js`, 'utf8');
if (/[\u0400-\u04ff]/.test(english)) {
  console.error('Cyrillic text leaked into the English bundle: a locale is bundled eagerly.');
  process.exit(1);
}
if (bundle > budget) {
  console.error(`The bundle is ${bundle} B gzipped, over its ${budget} B budget.`);
  process.exit(1);
}
