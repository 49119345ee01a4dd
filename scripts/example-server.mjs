// Builds and serves the example page. Used by `pnpm start` and by its test.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import sirv from 'sirv';

const exampleDir = fileURLToPath(new URL('../examples/validate-in-browser/', import.meta.url));
const defaultOutDir = join(exampleDir, 'dist');

/** Bundles the example (with @talap/core's locales split into lazily loaded chunks) into `outDir`. */
export async function buildExample({ outDir = defaultOutDir } = {}) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(exampleDir, 'main.ts')],
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    // Bundle @talap/core from its sources: no package build is needed first.
    conditions: ['@talap/source'],
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'style.css'])
    copyFileSync(join(exampleDir, file), join(outDir, file));
}

/** Serves the example built in `outDir` on `host:port` (port 0 picks a free one); resolves with the server and its URL. */
export function serveExample({ host = '127.0.0.1', port = 4173, outDir = defaultOutDir } = {}) {
  const serve = sirv(outDir, { dev: false, etag: true });
  const server = createServer((request, response) => {
    response.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'",
    );
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    serve(request, response, () => {
      response.statusCode = 404;
      response.end('Not found');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ server, url: `http://${host}:${address.port}/` });
    });
  });
}
