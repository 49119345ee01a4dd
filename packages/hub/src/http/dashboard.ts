import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env, Hono } from 'hono';
import { problemResponse } from './problem.js';

/** The built dashboard's files by their path under /dashboard/, read once when the hub starts. */
export type DashboardFiles = ReadonlyMap<
  string,
  { readonly body: Uint8Array<ArrayBuffer>; readonly type: string }
>;

/** The Content-Security-Policy of every dashboard file: only its own scripts, styles and /v1 calls. */
export const dashboardCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Where the built dashboard is when no folder is given: `dist/dashboard` beside the built hub
 * (`scripts/build-dashboard.ts` writes it there), also when the hub runs from its sources.
 */
export function defaultDashboardDir(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(
    new URL(fromSource ? '../../dist/dashboard/' : './dashboard/', import.meta.url),
  );
}

/** Reads a built dashboard folder; undefined when it has no index.html. */
export async function readDashboard(dir: string): Promise<DashboardFiles | undefined> {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const files = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const type = contentTypes[extname(entry.name)];
    if (!entry.isFile() || !type) continue;
    const path = join(entry.parentPath, entry.name);
    const relative = path
      .slice(dir.replace(/[\\/]$/, '').length + 1)
      .split(sep)
      .join('/');
    files.set(relative, { body: new Uint8Array(await readFile(path)), type });
  }
  return files;
}

const securityHeaders = {
  'content-security-policy': dashboardCsp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/** Serves the dashboard at /dashboard/, or says how to build it when `files` is undefined. */
export function serveDashboard<E extends Env>(
  app: Hono<E>,
  files: DashboardFiles | undefined,
): void {
  const answer = (path: string): Response => {
    const file = files?.get(path);
    if (!file) {
      return problemResponse(
        'not-found',
        files
          ? 'The dashboard has no file at this address. Open /dashboard/.'
          : 'This hub serves no dashboard: build it with "pnpm --filter @talap/hub build", or give createHub a dashboardDir.',
      );
    }
    return new Response(file.body, {
      headers: { 'content-type': file.type, ...securityHeaders },
    });
  };
  app.get('/dashboard', (c) => c.redirect('/dashboard/', 308));
  app.get('/dashboard/', () => answer('index.html'));
  app.get('/dashboard/*', (c) => answer(c.req.path.slice('/dashboard/'.length)));
}
