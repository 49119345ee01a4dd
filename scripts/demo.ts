// The demo behind `pnpm start`: the hub on its embedded database, a demo organisation and intake
// key made on first run, and the example pages (the form, and the file checker) wired to it.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { buildDashboard } from '../packages/hub/scripts/build-dashboard.js';
import {
  createHub,
  createKey,
  createOrganisation,
  type Hub,
  listOrganisations,
  setAllowedOrigins,
} from '../packages/hub/src/index.js';
// @ts-expect-error: a plain ESM script without type declarations
import { buildExample } from './example-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const formExample = join(root, 'examples/html-embed');
const organisationName = 'Demo organisation';

/** Where the demo runs. */
export interface DemoOptions {
  /** Folder of the demo's data (the hub's database and the demo key). */
  readonly dataDir: string;
  readonly host?: string;
  /** Port of the example pages (0: a free one). */
  readonly port?: number;
  /** Port of the hub (0: a free one). */
  readonly hubPort?: number;
  /**
   * Folder of the built pages (the form bundle, the dashboard, the file checker); by default
   * `site` in the data folder, so that demos running side by side never rewrite each other's files.
   */
  readonly siteDir?: string;
  /** Serve what `siteDir` already holds instead of building it (tests that built it already). */
  readonly skipBuild?: boolean;
}

/** A running demo. */
export interface Demo {
  readonly pageUrl: string;
  readonly validateUrl: string;
  readonly hubUrl: string;
  /** The hub's dashboard (statistics for admin and analyst keys). */
  readonly dashboardUrl: string;
  /** The demo organisation's intake key (the one the page uses). */
  readonly intakeKey: string;
  /** An admin key of the demo organisation, for looking at what arrived. */
  readonly adminKey: string;
  readonly hub: Hub;
  stop(): Promise<void>;
}

interface DemoKeys {
  readonly intakeKey: string;
  readonly adminKey: string;
}

/** Where in the site folder each part is built. */
function sitePaths(siteDir: string) {
  return {
    form: join(siteDir, 'form'),
    dashboard: join(siteDir, 'dashboard'),
    validate: join(siteDir, 'validate'),
  };
}

/** Builds the single-file form bundle, the hub's dashboard and the file checker page into `siteDir`. */
export async function buildDemo(siteDir: string): Promise<void> {
  const paths = sitePaths(siteDir);
  const built = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions',
      '@talap/source',
      'packages/intake-form/scripts/build-bundle.ts',
      '--outdir',
      paths.form,
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (built.status !== 0) throw new Error('Building the form bundle failed (see above).');
  await buildDashboard(paths.dashboard);
  await buildExample({ outDir: paths.validate });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** The demo organisation's keys: made on first run and kept (owner-only) in the data folder. */
async function demoKeys(hub: Hub, dataDir: string, pageOrigin: string): Promise<DemoKeys> {
  const keysFile = join(dataDir, 'demo-keys.json');
  const existing = (await listOrganisations(hub.db)).find((o) => o.name === organisationName);
  if (existing && existsSync(keysFile)) {
    await setAllowedOrigins(hub.db, existing.id, [pageOrigin]);
    return JSON.parse(readFileSync(keysFile, 'utf8')) as DemoKeys;
  }
  const organisation =
    existing ?? (await createOrganisation(hub.db, organisationName, [pageOrigin]));
  await setAllowedOrigins(hub.db, organisation.id, [pageOrigin]);
  const keys: DemoKeys = {
    intakeKey: (await createKey(hub.db, organisation.id, 'intake', 'demo page')).key,
    adminKey: (await createKey(hub.db, organisation.id, 'admin', 'demo admin')).key,
  };
  writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(keysFile, 0o600);
  return keys;
}

/** Starts the hub and the example pages; resolves once both listen. */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const siteDir = options.siteDir ?? join(options.dataDir, 'site');
  if (!options.skipBuild) await buildDemo(siteDir);
  const paths = sitePaths(siteDir);

  const pages = createServer();
  const pagePort = await listen(pages, options.port ?? 4173, host);
  const pageUrl = `http://${host}:${pagePort}/`;
  let hub: Hub | undefined;
  try {
    hub = await createHub({
      dataDir: join(options.dataDir, 'hub'),
      dashboardDir: paths.dashboard,
      logger: false,
    });
    const hubUrl = await hub.listen({ port: options.hubPort ?? 8787, host });
    const keys = await demoKeys(hub, options.dataDir, new URL(pageUrl).origin);
    const page = readFileSync(join(formExample, 'index.html'), 'utf8')
      .replaceAll('%TALAP_HUB%', hubUrl)
      .replaceAll('%TALAP_KEY%', keys.intakeKey);
    const form = sirv(formExample, { dev: false, etag: true });
    const bundle = sirv(paths.form, { dev: false, etag: true });
    const validate = sirv(paths.validate, { dev: false, etag: true });
    pages.on('request', (request, response) => {
      response.setHeader(
        'Content-Security-Policy',
        `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${hubUrl}; form-action 'none'; frame-ancestors 'none'`,
      );
      response.setHeader('Referrer-Policy', 'no-referrer');
      response.setHeader('X-Content-Type-Options', 'nosniff');
      const path = new URL(request.url ?? '/', pageUrl).pathname;
      const notFound = () => {
        response.statusCode = 404;
        response.end('Not found');
      };
      if (path === '/' || path === '/index.html') {
        response.setHeader('Content-Type', 'text/html; charset=utf-8');
        response.setHeader('Cache-Control', 'no-store');
        response.end(page);
      } else if (path.startsWith('/validate/')) {
        request.url = request.url?.slice('/validate'.length);
        validate(request, response, notFound);
      } else if (path.startsWith('/talap-intake-form.')) {
        bundle(request, response, notFound);
      } else {
        form(request, response, notFound);
      }
    });
    const running = hub;
    return {
      pageUrl,
      validateUrl: `${pageUrl}validate/`,
      hubUrl,
      dashboardUrl: `${hubUrl}/dashboard/`,
      ...keys,
      hub: running,
      async stop() {
        await new Promise<void>((resolve) => {
          pages.close(() => resolve());
          pages.closeAllConnections();
        });
        await running.close();
      },
    };
  } catch (error) {
    pages.close();
    await hub?.close();
    throw error;
  }
}
