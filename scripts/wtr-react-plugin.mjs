// A @web/test-runner plugin that lets browser tests import React and React DOM, which npm ships as
// CommonJS only: both are bundled once with esbuild (development build) into one ES module, and
// `react` and `react-dom/client` are served as modules re-exporting from it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** React is a dependency of the intake form's tests: resolve it from that package. */
const from = fileURLToPath(new URL('../packages/intake-form/', import.meta.url));

/** The specifiers served here, each with the name its namespace has in the shared bundle. */
const modules = { react: 'React', 'react-dom/client': 'ReactDOMClient' };
const prefix = '/__talap/react/';
const bundlePath = `${prefix}bundle.js`;

function pathOf(specifier) {
  return `${prefix}${specifier.replaceAll('/', '-')}.js`;
}

/**
 * The names a CommonJS module exports, read in a Node process of its own (React looks at the
 * console when it loads, and the test runner's console is not a plain one).
 */
function exportNames(specifier) {
  const script = `console.log(Object.keys(require(${JSON.stringify(specifier)})).join(' '))`;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: from, encoding: 'utf8' });
  return output.split(/\s+/).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
}

/** Resolves `react` and `react-dom/client` to ES modules built from their CommonJS files. */
export function reactPlugin() {
  let bundle;
  return {
    name: 'talap-react',
    resolveImport({ source }) {
      return source in modules ? pathOf(source) : undefined;
    },
    async serve(context) {
      if (context.path === bundlePath) {
        bundle ??= build({
          stdin: {
            contents: Object.entries(modules)
              .map(([specifier, name]) => `export * as ${name} from '${specifier}';`)
              .join('\n'),
            resolveDir: from,
            loader: 'js',
          },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          define: { 'process.env.NODE_ENV': '"development"' },
          write: false,
          logLevel: 'silent',
        }).then((result) => result.outputFiles[0].text);
        return { body: await bundle, type: 'js' };
      }
      for (const [specifier, name] of Object.entries(modules)) {
        if (context.path !== pathOf(specifier)) continue;
        const names = exportNames(specifier);
        return {
          body: `import { ${name} } from '${bundlePath}';
export default ${name};
export const { ${names.join(', ')} } = ${name};`,
          type: 'js',
        };
      }
      return undefined;
    },
  };
}
