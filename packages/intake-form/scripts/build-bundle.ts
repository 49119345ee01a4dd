// Builds the single-file build for a <script type="module"> tag:
//   dist/talap-intake-form.bundle.js   the element with Lit, @talap/core, idb and English inlined;
//   dist/talap-intake-form.<locale>.js one per other language, loaded when that language is asked for;
//   dist/talap-intake-form.sync.js     @talap/sync, loaded only by a form that has a hub and a key;
//   dist/talap-intake-form.crypto.js   @talap/core/crypto and the form's draft encryption, loaded
//                                      only by a form with key-fingerprint.
// The sync file uses the bundle's own validateCase (handed over when it loads), and the crypto
// file the bundle's own case schema, so nothing of @talap/core is loaded twice. Prints the gzipped sizes and fails over the budget, or when
// another language's text leaked into the English bundle. `--outdir <folder>` writes the files
// there instead of dist/ (tests that serve the bundle build their own copy).
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { protocolVersion } from '@talap/core/protocol';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const packageRoot = new URL('..', import.meta.url).pathname;
const { values: options } = parseArgs({ options: { outdir: { type: 'string' } } });
const dist = options.outdir ? resolve(options.outdir) : `${packageRoot}dist`;
const name = 'talap-intake-form';
const otherLocales = ['ru', 'kk', 'uk'] as const;
/**
 * The functions of @talap/core that @talap/sync calls, handed from the bundle to the sync file.
 * When @talap/sync starts to use another one, the sync file's build fails and names it: add it here.
 */
const handedOver = ['validateCase', 'loadLocale'];
/**
 * What @talap/core/crypto imports from the rest of @talap/core (by the file it comes from, under
 * packages/core/src), handed from the bundle to the crypto file: there must be one case schema
 * and one registry of field metadata, or the crypto file would not see which fields are
 * identifying. When the crypto code starts to use another one, the crypto file's build fails
 * and names it: add it here.
 */
const cryptoHandedOver: Readonly<Record<string, string>> = {
  caseSchema: 'schema/case.ts',
  isCaseId: 'schema/case-id.ts',
  encryptedValueSchema: 'schema/encrypted-value.ts',
  encryptedValueVersion: 'schema/encrypted-value.ts',
  isRecord: 'schema/rule.ts',
  arrayItem: 'schema/walk.ts',
  fieldMetaOf: 'schema/walk.ts',
  objectShape: 'schema/walk.ts',
  unwrapOptional: 'schema/walk.ts',
  toPointer: 'validate/issue.ts',
  safeParse: 'zod/mini',
};
const coreSource = `${await realpath(`${packageRoot}../core/src`)}/`;
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

/** The form loads its encryption part from the sibling crypto file and hands it the bundle's case schema. */
const siblingCrypto: Plugin = {
  name: 'sibling-crypto',
  setup(esbuild) {
    esbuild.onResolve({ filter: /(^|\/)load-encryption\.js$/ }, () => ({
      path: 'load-encryption',
      namespace: 'sibling-crypto',
    }));
    esbuild.onResolve({ filter: /^\.\/talap-intake-form\.crypto\.js$/ }, (args) => ({
      path: args.path,
      external: true,
    }));
    esbuild.onLoad({ filter: /.*/, namespace: 'sibling-crypto' }, () => {
      const byModule = new Map<string, string[]>();
      for (const [name, from] of Object.entries(cryptoHandedOver)) {
        byModule.set(from, [...(byModule.get(from) ?? []), name]);
      }
      const imports = [...byModule]
        .map(
          ([from, names]) =>
            `import { ${names.join(', ')} } from '${from.startsWith('zod') ? from : coreSource + from}';`,
        )
        .join('\n');
      return {
        contents: `${imports}
          import { addFormStrings } from '${packageRoot}src/locales/strings.ts';
          let loading;
          export function loadEncryption() {
            loading ??= import('./${name}.crypto.js').then(
              (crypto) => {
                crypto.provideCore([${Object.keys(cryptoHandedOver).join(', ')}]);
                addFormStrings(crypto.encryptionStrings);
                return crypto;
              },
              (error) => {
                loading = undefined;
                throw error;
              },
            );
            return loading;
          }`,
        resolveDir: coreSource,
        loader: 'js',
      };
    });
  },
};

/** In the crypto file, what @talap/core/crypto takes from the rest of @talap/core is what the bundle hands over. */
const cryptoCoreFromBundle: Plugin = {
  name: 'crypto-core-from-bundle',
  setup(esbuild) {
    esbuild.onResolve({ filter: /.*/ }, (args) => {
      const fromCrypto = args.importer.startsWith(`${coreSource}crypto/`);
      const outside = args.path.startsWith('../') || args.path === 'zod/mini';
      if (args.path === 'core-from-bundle' || (fromCrypto && outside)) {
        return { path: 'core-from-bundle', namespace: 'crypto-core-from-bundle' };
      }
      return undefined;
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'crypto-core-from-bundle' }, () => {
      const names = Object.keys(cryptoHandedOver).join(', ');
      return {
        contents: `export let ${names};
          export function provideCore(given) { [${names}] = given; }`,
        loader: 'js',
      };
    });
  },
};

/** In the sync file, @talap/core is what the bundle hands over, and the protocol is its version number. */
const coreFromBundle: Plugin = {
  name: 'core-from-bundle',
  setup(esbuild) {
    // The sync client loads the crypto file only when it encrypts; the bundle loaded it first.
    esbuild.onResolve({ filter: /^@talap\/core\/crypto$/ }, () => ({
      path: `./${name}.crypto.js`,
      external: true,
    }));
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
  plugins: [compactTemplates, siblingLocales, siblingSync, siblingCrypto],
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
await build({
  ...common,
  stdin: {
    contents: `export { provideCore } from 'core-from-bundle';
      export * from '@talap/core/crypto';
      export * from './src/encryption/encryption-part.ts';`,
    resolveDir: packageRoot,
    loader: 'ts',
  },
  outfile: `${dist}/${name}.crypto.js`,
  plugins: [cryptoCoreFromBundle],
});

const files = [
  `${name}.bundle.js`,
  ...otherLocales.map((l) => `${name}.${l}.js`),
  `${name}.sync.js`,
  `${name}.crypto.js`,
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
const encrypting = withHub + (sizes.get(`${name}.crypto.js`) ?? 0);
console.log(`  with a hub (bundle + sync)     ${String(withHub).padStart(17)} B gzip`);
console.log(`  encrypting (+ crypto)          ${String(encrypting).padStart(17)} B gzip`);
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
