// End to end through the demo of `pnpm start`: a person files a self-report on the example page
// with the keyboard, the form sends it to the hub, and the hub's dashboard counts it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCaseId } from '../packages/core/src/index.js';
import { dentalRefusalCase } from '../packages/core/src/test-kit/sample-cases.js';
import { assertChromium, chromiumArgs, chromiumPath } from './chromium.mjs';
import { type Demo, startDemo } from './demo.js';
import { fileSelfReport, selfReportAnswers, watchForErrors } from './test-kit/self-report.js';

// One file, so the demo's build (the form bundle, the dashboard) runs once; the restart test
// serves that same build.
const dataDir = mkdtempSync(join(tmpdir(), 'talap-demo-e2e-'));
const restartDir = mkdtempSync(join(tmpdir(), 'talap-demo-restart-'));
let demo: Demo | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  assertChromium();
  demo = await startDemo({ dataDir, port: 0, hubPort: 0 });
  browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(restartDir, { recursive: true, force: true });
}, 30_000);

describe('the demo of `pnpm start` in a browser', () => {
  it('takes a self-report typed on the example page and counts it on the dashboard', async () => {
    if (!demo || !browser) throw new Error('The demo or the browser did not start.');
    const page = await browser.newPage();
    const errors = watchForErrors(page);

    await page.goto(demo.pageUrl);
    await page.locator('talap-intake-form').waitFor({ state: 'attached' });
    await page.evaluate(() => {
      const element = document.querySelector('talap-intake-form') as HTMLElement;
      const seen = window as unknown as { talapSynced?: string[] };
      seen.talapSynced = [];
      element.addEventListener('talap-synced', (event) => {
        seen.talapSynced?.push((event as CustomEvent<{ caseId: string }>).detail.caseId);
      });
    });

    await fileSelfReport(page);
    await page.getByText('Thank you. Your report has been sent.').waitFor({ timeout: 30_000 });
    const synced = await page.evaluate(
      () => (window as unknown as { talapSynced?: string[] }).talapSynced ?? [],
    );
    expect(synced).toHaveLength(1);

    // The dashboard, with the demo's admin key: exact counts.
    const dashboard = await browser.newPage();
    const dashboardErrors = watchForErrors(dashboard);
    await dashboard.goto(demo.dashboardUrl);
    await dashboard.getByLabel('Hub key').focus();
    await dashboard.keyboard.type(demo.adminKey);
    await dashboard.keyboard.press('Enter');
    await dashboard.getByRole('status').getByText('Statistics loaded').waitFor();
    const total = Number(await dashboard.locator('.summary .total strong').textContent());
    expect(total).toBeGreaterThanOrEqual(1);

    const violations = dashboard.getByRole('figure', { name: 'Cases by violation type' });
    await violations.getByText('Show as a table').press('Enter');
    const row = violations.getByRole('row', { name: selfReportAnswers.violation });
    await row.waitFor();
    expect(await row.getByRole('cell').textContent()).toBe('1');
    const country = dashboard.getByRole('figure', { name: 'Cases by country of the incident' });
    await country.getByText('Show as a table').press('Enter');
    const countryRow = country.getByRole('row', { name: selfReportAnswers.country });
    expect(await countryRow.getByRole('cell').textContent()).toBe('1');

    expect(errors).toEqual([]);
    expect(dashboardErrors).toEqual([]);
  }, 120_000);
});

async function submit(demo: Demo) {
  const record = { ...dentalRefusalCase(), id: newCaseId() };
  delete (record as { revision?: number }).revision;
  const response = await fetch(`${demo.hubUrl}/v1/push`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${demo.intakeKey}`,
      'content-type': 'application/json',
      origin: new URL(demo.pageUrl).origin,
    },
    body: JSON.stringify({
      clientId: 'demo-test',
      mutations: [{ id: crypto.randomUUID(), op: 'create', caseId: record.id, case: record }],
    }),
  });
  return { response, record };
}

describe('the demo `pnpm start` runs', () => {
  it('serves the form wired to the hub, which takes a case from the page’s origin, and keeps everything across restarts', async () => {
    const first = await startDemo({
      dataDir: restartDir,
      port: 0,
      hubPort: 0,
      siteDir: join(dataDir, 'site'),
      skipBuild: true,
    });
    let caseId: string;
    try {
      const page = await fetch(first.pageUrl);
      expect(page.headers.get('content-security-policy')).toContain(
        `connect-src 'self' ${first.hubUrl}`,
      );
      const html = await page.text();
      expect(html).toContain(`hub="${first.hubUrl}"`);
      expect(html).toContain(`key="${first.intakeKey}"`);
      expect(html).not.toContain('%TALAP_');
      const bundle = await fetch(`${first.pageUrl}talap-intake-form.bundle.js`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toContain('javascript');
      expect((await fetch(first.validateUrl)).status).toBe(200);
      expect((await fetch(first.dashboardUrl)).status).toBe(200);

      const preflight = await fetch(`${first.hubUrl}/v1/push`, {
        method: 'OPTIONS',
        headers: {
          origin: new URL(first.pageUrl).origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe(
        new URL(first.pageUrl).origin,
      );
      const { response, record } = await submit(first);
      expect((await response.json()).results[0].status).toBe('created');
      caseId = record.id;
      expect(statSync(join(restartDir, 'demo-keys.json')).mode & 0o777).toBe(0o600);
    } finally {
      await first.stop();
    }

    const second = await startDemo({
      dataDir: restartDir,
      port: 0,
      hubPort: 0,
      siteDir: join(dataDir, 'site'),
      skipBuild: true,
    });
    try {
      expect(second.intakeKey).toBe(first.intakeKey);
      const read = await fetch(`${second.hubUrl}/v1/cases/${caseId}`, {
        headers: { authorization: `Bearer ${second.adminKey}` },
      });
      expect(read.status).toBe(200);
      // The page moved to another port: the hub now allows that origin instead.
      expect((await (await submit(second)).response.json()).results[0].status).toBe('created');
    } finally {
      await second.stop();
    }
  });
});
