import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../scripts/build-dashboard.js';
import { createHub } from '../hub.js';
import { createPush, type HubFixture, makeCase, startHubFixture } from '../test-kit/hub-fixture.js';
import { dashboardCsp } from './dashboard.js';

let dir: string;
let files: string[];
let fixture: HubFixture;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'talap-dashboard-'));
  files = await buildDashboard(join(dir, 'dashboard'));
  fixture = await startHubFixture('pglite', undefined, { dashboardDir: join(dir, 'dashboard') });
});

afterAll(async () => {
  await fixture?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the dashboard at /dashboard/', () => {
  it('answers with its page under a strict Content-Security-Policy', async () => {
    const page = await fixture.request('/dashboard/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    // No inline script or style, which the policy would block.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/<style|\sstyle=/);
  });

  it('loads the script, the stylesheet and every language chunk the page needs', async () => {
    const page = await fixture.request('/dashboard/');
    const assets = [...page.text.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]);
    expect(assets.sort()).toEqual(['dashboard.css', 'dashboard.js']);
    const script = await fixture.request('/dashboard/dashboard.js');
    const chunks = [...script.text.matchAll(/"\.\/(chunks\/[\w-]+\.js)"/g)].map((m) => m[1]);
    expect(chunks.length).toBeGreaterThanOrEqual(6);
    for (const file of [...assets, ...chunks, ...files]) {
      const answer = await fixture.request(`/dashboard/${file}`);
      expect(answer.status, file).toBe(200);
      expect(answer.headers.get('content-security-policy'), file).toBe(dashboardCsp);
      expect(answer.headers.get('content-type'), file).toMatch(
        file?.endsWith('.css')
          ? /^text\/css/
          : file?.endsWith('.html')
            ? /^text\/html/
            : /^text\/javascript/,
      );
    }
  });

  it('keeps English only in the script the page loads first', async () => {
    const script = await fixture.request('/dashboard/dashboard.js');
    expect(script.text).toContain('fewer than {threshold}');
    expect(script.text).not.toContain('меньше {threshold}');
  });

  it('redirects /dashboard to /dashboard/ and answers 404 for a file it does not have', async () => {
    const bare = await fetch(`${fixture.url}/dashboard`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/dashboard/');
    for (const path of ['/dashboard/missing.js', '/dashboard/%2e%2e/package.json']) {
      const missing = await fixture.request(path);
      expect(missing.status, path).toBe(404);
      expect(missing.body.type).toBe('https://talap.dev/problems/not-found');
    }
  });

  it('lets the page call /v1/stats from the hub’s own origin, which no organisation listed', async () => {
    await fixture.request('/v1/push', {
      key: fixture.orgA.keys.documenter,
      body: createPush([makeCase()]),
    });
    const answer = await fixture.request('/v1/stats', {
      key: fixture.orgA.keys.admin,
      headers: { origin: fixture.url },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.total).toBe(1);
  });
});

describe('a hub without a dashboard', () => {
  it('says how to build one when dashboardDir is false', async () => {
    const hub = await createHub({ logger: false, dashboardDir: false });
    try {
      const answer = await hub.fetch(new Request('http://hub.test/dashboard/'));
      expect(answer.status).toBe(404);
      expect((await answer.json()).detail).toContain('pnpm --filter @talap/hub build');
    } finally {
      await hub.close();
    }
  });

  it('refuses to start when dashboardDir names a folder without a built dashboard', async () => {
    await expect(createHub({ logger: false, dashboardDir: dir })).rejects.toThrow(
      /No built dashboard in .*: it has no index\.html/,
    );
  });
});
