// End to end through the demo of `pnpm start`: a person files a self-report on the example page
// with the keyboard, the form sends it to the hub, and the hub's dashboard counts it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCaseId } from '../packages/core/src/index.js';
import { dentalRefusalCase } from '../packages/core/src/test-kit/sample-cases.js';
import { assertChromium, chromiumArgs, chromiumPath } from './chromium.mjs';
import { type Demo, startDemo } from './demo.js';

// One file, so the demo's build (the form bundle, the dashboard) runs once and is never rewritten
// while a page is being served.
const dataDir = mkdtempSync(join(tmpdir(), 'talap-demo-e2e-'));
const restartDir = mkdtempSync(join(tmpdir(), 'talap-demo-restart-'));
let demo: Demo | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  assertChromium();
  // `pnpm start` on a fresh clone has no built dashboard: the demo must build it.
  rmSync(new URL('../packages/hub/dist/dashboard', import.meta.url), {
    recursive: true,
    force: true,
  });
  demo = await startDemo({ dataDir, port: 0, hubPort: 0 });
  browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(restartDir, { recursive: true, force: true });
}, 30_000);

/** What went wrong on a page: uncaught errors, and console errors other than a missing favicon. */
function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (new URL(message.location().url || 'about:blank').pathname === '/favicon.ico') return;
    errors.push(`console error: ${message.text()} (${message.location().url})`);
  });
  return errors;
}

/** The text of the control focused inside the form's shadow root: its label, or its own text. */
function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('talap-intake-form')?.shadowRoot;
    const element = root?.activeElement;
    if (!root || !element) return '';
    const label = element.id ? root.querySelector(`label[for="${element.id}"]`) : null;
    return (label ?? element).textContent?.replace(/\s+/g, ' ').trim() ?? '';
  });
}

/** Presses Tab until the focused control of the form reads `text`, as a keyboard user would. */
async function tabTo(page: Page, text: string, limit = 200): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if ((await focusedText(page)).startsWith(text)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached a control reading "${text}".`);
}

/** Moves on with the Next button and waits for the next step's heading. */
async function next(page: Page, heading: string): Promise<void> {
  await tabTo(page, 'Next');
  await page.keyboard.press('Enter');
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          document
            .querySelector('talap-intake-form')
            ?.shadowRoot?.querySelector('#step-heading')
            ?.textContent?.trim() ?? '',
      ),
    )
    .toBe(heading);
}

describe('the demo of `pnpm start` in a browser', () => {
  it('takes a self-report typed on the example page and counts it on the dashboard', async () => {
    if (!demo || !browser) throw new Error('The demo or the browser did not start.');
    const page = await browser.newPage();
    const errors = watchForErrors(page);

    await page.goto(demo.pageUrl);
    const form = page.locator('talap-intake-form');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Before you start' }).count())
      .toBe(1);
    await page.evaluate(() => {
      const element = document.querySelector('talap-intake-form') as HTMLElement;
      const seen = window as unknown as { talapSynced?: string[] };
      seen.talapSynced = [];
      element.addEventListener('talap-synced', (event) => {
        seen.talapSynced?.push((event as CustomEvent<{ caseId: string }>).detail.caseId);
      });
    });

    // Into the page, then through the form with Tab, Space, Enter and typing only.
    await page.keyboard.press('Tab');
    await tabTo(page, 'I agree that my report is recorded');
    await page.keyboard.press('Space');
    await tabTo(page, 'You may count my report in statistics');
    await page.keyboard.press('Space');
    await next(page, 'Who is reporting');
    await next(page, 'About you');

    await tabTo(page, 'Your age');
    await page.keyboard.type('29');
    await tabTo(page, 'People living with HIV');
    await page.keyboard.press('Space');
    await next(page, 'When and where it happened');

    await tabTo(page, 'Year');
    await page.keyboard.type('2024');
    await tabTo(page, 'Month');
    await page.keyboard.type('March');
    await tabTo(page, 'Country where it happened');
    await page.keyboard.type('Kazakhstan');
    await tabTo(page, 'Type of place');
    await page.keyboard.type('Police station');
    await tabTo(page, 'What happened, in your own words');
    await page.keyboard.type('They took my documents at the station.');
    await next(page, 'What happened');

    await tabTo(page, 'What was done to you');
    await page.keyboard.type('Extortion');
    await tabTo(page, 'Who was responsible');
    await page.keyboard.type('Police officer');
    await next(page, 'Check your answers');
    await expect.poll(() => form.locator('.review').textContent()).toContain('Extortion');

    await tabTo(page, 'Send my report');
    await page.keyboard.press('Enter');
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
    const row = violations.getByRole('row', { name: 'Extortion' });
    await row.waitFor();
    expect(await row.getByRole('cell').textContent()).toBe('1');
    const country = dashboard.getByRole('figure', { name: 'Cases by country of the incident' });
    await country.getByText('Show as a table').press('Enter');
    expect(
      await country.getByRole('row', { name: 'Kazakhstan' }).getByRole('cell').textContent(),
    ).toBe('1');

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
    const first = await startDemo({ dataDir: restartDir, port: 0, hubPort: 0, skipBuild: true });
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

    const second = await startDemo({ dataDir: restartDir, port: 0, hubPort: 0, skipBuild: true });
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
