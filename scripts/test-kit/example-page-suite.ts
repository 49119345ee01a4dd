// The end-to-end test every web example passes: a real hub on loopback with an organisation that
// allows the page's origin, the example built against that hub and served under a strict Content
// Security Policy, a self-report typed in Chromium, and the hub holding exactly that case.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../packages/core/src/index.js';
import {
  createHub,
  createKey,
  createOrganisation,
  type Hub,
} from '../../packages/hub/src/index.js';
import { assertChromium, chromiumArgs, chromiumPath } from '../chromium.mjs';
import { fileSelfReport, selfReportCase, watchForErrors } from './self-report.js';

/** What an example's build gets: the hub it talks to, the intake key, and the folder to write. */
export interface ExampleBuildTarget {
  readonly hubUrl: string;
  readonly intakeKey: string;
  /** An empty folder, served as the site's root (its index.html is the page) after the build. */
  readonly outDir: string;
}

/** How to check one example page. */
export interface ExamplePage {
  /** Builds the page, wired to the given hub and key, into `outDir`. */
  build(target: ExampleBuildTarget): Promise<void>;
  /** What the page shows once the hub has the report. */
  confirmation(page: Page): Locator;
}

/** What the tests use of Vite's JavaScript API: each Vite example brings its own Vite. */
export interface ViteApi {
  build(config: {
    root: string;
    logLevel: 'warn';
    build: { outDir: string; emptyOutDir: boolean };
    resolve: { conditions: string[] };
  }): Promise<unknown>;
  readonly defaultClientConditions: readonly string[];
}

/**
 * Builds the Vite example in `root` with its own vite.config, as `VITE_TALAP_HUB=…
 * VITE_TALAP_KEY=… vite build` does, plus the source condition: @talap/intake-form is bundled
 * from its sources, so no package has to be built first.
 */
export function buildWithVite(vite: ViteApi, root: string): ExamplePage['build'] {
  return async ({ hubUrl, intakeKey, outDir }) => {
    // NODE_ENV too: the test runner's `test` would give a development build of React or Vue.
    const variables = { NODE_ENV: 'production', VITE_TALAP_HUB: hubUrl, VITE_TALAP_KEY: intakeKey };
    const saved = Object.keys(variables).map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, variables);
    try {
      await vite.build({
        root,
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true },
        resolve: { conditions: ['@talap/source', ...vite.defaultClientConditions] },
      });
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  };
}

/** A built example page, its hub and a browser, all running. */
interface ExampleSite {
  readonly pageUrl: string;
  readonly browser: Browser;
  /** Every case the organisation holds on the hub, read back with an admin key. */
  storedCases(): Promise<Case[]>;
  /** Stops the browser, the page's server and the hub, and removes the built files. */
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || !address) {
        reject(new Error('The page server has no address.'));
        return;
      }
      resolve(`http://127.0.0.1:${address.port}/`);
    });
  });
}

/**
 * Starts a hub (PGlite in memory), makes an organisation that allows the page's origin with an
 * intake and an admin key, builds the page into a fresh folder, serves that folder on 127.0.0.1
 * and launches Chromium.
 */
async function startExampleSite(build: ExamplePage['build']): Promise<ExampleSite> {
  assertChromium();
  const outDir = mkdtempSync(join(tmpdir(), 'talap-example-page-'));
  const pages = createServer();
  let hub: Hub | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await new Promise<void>((resolve) => {
      pages.close(() => resolve());
      pages.closeAllConnections();
    });
    await hub?.close();
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    const pageUrl = await listen(pages);
    hub = await createHub({ logger: false, dashboardDir: false });
    const hubUrl = await hub.listen();
    const origin = new URL(pageUrl).origin;
    const organisation = await createOrganisation(hub.db, 'Example NGO', [origin]);
    const intakeKey = (await createKey(hub.db, organisation.id, 'intake', 'example page')).key;
    const adminKey = (await createKey(hub.db, organisation.id, 'admin', 'example test')).key;

    await build({ hubUrl, intakeKey, outDir });
    const serve = sirv(outDir, { dev: false, etag: true });
    pages.on('request', (request, response) => {
      // The policy docs/intake-form.md asks for: the pages must work under it as they are.
      response.setHeader(
        'Content-Security-Policy',
        `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${hubUrl}; form-action 'none'; frame-ancestors 'none'`,
      );
      response.setHeader('Referrer-Policy', 'no-referrer');
      serve(request, response, () => {
        response.statusCode = 404;
        response.end('Not found');
      });
    });
    browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });

    return {
      pageUrl,
      browser,
      async storedCases() {
        const response = await fetch(`${hubUrl}/v1/export`, {
          headers: { authorization: `Bearer ${adminKey}` },
        });
        const text = await response.text();
        if (!response.ok) {
          throw new Error(`The hub refused the export (${response.status}): ${text.slice(0, 200)}`);
        }
        return text
          .split('\n')
          .filter((line) => line.length > 0)
          .map((line) => JSON.parse(line) as Case);
      },
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The end-to-end test of a web example, named `name`: one hub, one build and one browser for the
 * file. A person files a self-report with the keyboard; the page must show its confirmation, log
 * no error, and the hub must then hold exactly that case.
 */
export function describeExamplePage(name: string, example: ExamplePage): void {
  describe(name, () => {
    let site: ExampleSite | undefined;
    beforeAll(async () => {
      site = await startExampleSite((target) => example.build(target));
    }, 120_000);
    afterAll(() => site?.close(), 30_000);

    it('sends a self-report typed on the page to the hub, which then holds exactly that case', async () => {
      if (!site) throw new Error('The example page, its hub or the browser did not start.');
      const page = await site.browser.newPage();
      const errors = watchForErrors(page);
      await page.goto(site.pageUrl);
      await fileSelfReport(page);
      await example.confirmation(page).waitFor({ timeout: 30_000 });

      const cases = await site.storedCases();
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject(selfReportCase);
      expect(errors).toEqual([]);
    }, 120_000);
  });
}
