// The file checker in Chromium: a chosen CSV file and a dropped NDJSON file give the report of
// `talap validate`, with nothing sent anywhere.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dentalRefusalCase,
  minimalSelfReport,
} from '../../packages/core/src/test-kit/sample-cases.js';
import { assertChromium, chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { buildExample, serveExample } from '../../scripts/example-server.mjs';

const outDir = mkdtempSync(join(tmpdir(), 'talap-validate-page-'));
let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  assertChromium();
  await buildExample({ outDir });
  ({ server, url } = await serveExample({ port: 0, outDir }));
  browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(outDir, { recursive: true, force: true });
});

/** Opens the page and records every request it makes and every error it meets. */
async function openPage(): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      errors.push(message.text());
    }
  });
  await page.goto(url);
  return { page, requests, errors };
}

const csv = [
  'schemaVersion,id,organisation,channel,createdAt,updatedAt,client.code,client.keyPopulations,incident.date,incident.country,incident.placeKind,incident.violations.0.type,incident.violations.0.rights,incident.violations.0.perpetrators.0.type,consent.record.given',
  '1,01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f71,ua-light,self_report,2024-05-01T12:00:00Z,2024-05-01T12:00:00Z,SR-1,,2024-04,UA,online,threats,,online_account,true',
  '1,01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f72,ua-light,self_report,2024-05-01T12:00:00Z,2024-05-01T12:00:00Z,SR-2,sex_workers,2024-04,Ukraine,online,threats,,online_account,true',
].join('\r\n');

describe('the file checker page', () => {
  it('checks a chosen CSV file in the browser and shows the report with cells, in Russian', async () => {
    const { page, requests, errors } = await openPage();
    await page.getByLabel('Language of the report').selectOption('ru');
    await page
      .getByLabel('Case file (CSV, JSON or NDJSON): choose it, or drop it here')
      .setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check' }).click();
    const report = page.locator('.talap-report');
    await report.waitFor();
    expect(await report.locator('.talap-verdict').textContent()).toBe(
      '1 of 2 records are invalid.',
    );
    const row = report.locator('.talap-issues tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').allTextContents()).toEqual([
      'export.csv',
      '3',
      '128',
      '2',
      '/incident/country (incident.country)',
      expect.stringMatching(/^invalid_format [А-яЁё]/),
    ]);
    expect(await page.getByRole('status').textContent()).toBe('Checked export.csv: 2 records.');
    // Nothing left the page: only the page's own files were fetched, all with GET.
    const origin = new URL(url).origin;
    expect(requests.every((request) => request.startsWith(`GET ${origin}/`))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('checks a dropped NDJSON file and lists the most frequent issues', async () => {
    const { page, errors } = await openPage();
    const broken = { ...minimalSelfReport(), organisation: undefined };
    const ndjson = [dentalRefusalCase(), broken, broken]
      .map((record) => JSON.stringify(record))
      .join('\n');
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'cases.ndjson', { type: 'application/x-ndjson' }));
      return data;
    }, ndjson);
    await page.dispatchEvent('#drop', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('#drop', 'drop', { dataTransfer: transfer });
    const frequent = page.locator('.talap-frequent tbody tr');
    await frequent.first().waitFor();
    expect(await frequent.first().locator('td').allTextContents()).toEqual([
      '2',
      'error',
      'required',
      '/organisation',
    ]);
    expect(await page.locator('.talap-verdict').textContent()).toBe('2 of 3 records are invalid.');
    expect(errors).toEqual([]);
  });

  it('says what is wrong with a file it cannot read, with its line and column', async () => {
    const { page } = await openPage();
    await page
      .getByLabel('Or paste cases (JSON, NDJSON or CSV)')
      .fill('[{"schemaVersion": 1},\n {"id": }]');
    await page.getByRole('button', { name: 'Check' }).click();
    const row = page.locator('.talap-issues tbody tr', { hasText: 'not_json' });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([
      'pasted text',
      '2',
      '9',
      '2',
      '',
      'not_json this is not valid JSON: expected a value after “:”.',
    ]);
  });
});
