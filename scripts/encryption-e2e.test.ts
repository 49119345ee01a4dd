// Field-level encryption end to end, as an organisation sets it up (docs/encryption.md): `talap
// keys generate` makes the key pair, `talap-hub org public-key add` gives the hub the public key,
// a page pins the fingerprint on <talap-intake-form>, people type reports with contact details
// and an account in Chromium, and the hub stores them on PostgreSQL. A `pg_dump` of the whole
// database must hold none of what they typed; the admin's export, decrypted with
// `talap decrypt`, must give back every value intact.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileFolder, runTalap } from '../packages/cli/src/test-kit/run-talap.js';
import type { Case } from '../packages/core/src/index.js';
import { runCli as runHubCli } from '../packages/hub/src/cli/main.js';
import { createHub, type Hub } from '../packages/hub/src/index.js';
import { createTestDatabase } from '../packages/hub/src/test-kit/postgres-server.js';
import { assertChromium, chromiumArgs, chromiumPath } from './chromium.mjs';
import { next, stepHeading, tabTo, watchForErrors } from './test-kit/self-report.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

/** Two people's reports: every identifying value is one nobody else would type. */
const reports = [
  {
    phone: '+7 701 555 0173',
    email: 'zhuldyz.tulegenova@example.org',
    messenger: 'Telegram @zhuldyz_qyzylorda',
    safeTimes: 'Tuesdays between 14:00 and 15:30',
    account: 'Two guards at the Qyzylorda checkpoint seized my ARV pills and laughed.',
  },
  {
    phone: '+996 555 818 204',
    email: 'bakyt.osh.reports@example.org',
    messenger: 'Signal bakyt_osh_1987',
    safeTimes: 'Sundays before 09:00 only',
    account: 'The pharmacist on Kurmanjan Datka street refused methadone and called my employer.',
  },
] as const;
type Report = (typeof reports)[number];

const passphrase = 'eleven birches behind the mosque';

/** Everything the page keeps in IndexedDB (drafts, the outbox), as text. */
function deviceStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dumps: unknown[] = [];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name as string);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of db.objectStoreNames) {
        const request = db.transaction(store).objectStore(store).getAll();
        dumps.push(
          await new Promise((resolve, reject) => {
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          }),
        );
      }
      db.close();
    }
    return JSON.stringify(dumps);
  });
}

/** Types a self-report with contact details and an account, with the keyboard only, up to the review. */
async function typeReport(page: Page, report: Report): Promise<void> {
  await expect.poll(() => stepHeading(page)).toBe('Before you start');
  await tabTo(page, 'I agree that my report is recorded');
  await page.keyboard.press('Space');
  await tabTo(page, 'You may count my report in statistics');
  await page.keyboard.press('Space');
  await tabTo(page, 'You may contact me about my report');
  await page.keyboard.press('Space');
  await next(page, 'Who is reporting');
  await next(page, 'About you');

  await tabTo(page, 'Your age');
  await page.keyboard.type('31');
  await tabTo(page, 'People who use drugs');
  await page.keyboard.press('Space');
  for (const [label, value] of [
    ['Phone number', report.phone],
    ['Email', report.email],
    ['Messenger', report.messenger],
    ['Safe times to contact', report.safeTimes],
  ] as const) {
    await tabTo(page, label);
    await page.keyboard.type(value);
  }
  await next(page, 'When and where it happened');

  await tabTo(page, 'Year');
  await page.keyboard.type('2025');
  await tabTo(page, 'Country where it happened');
  await page.keyboard.type('Kazakhstan');
  await tabTo(page, 'Type of place');
  await page.keyboard.type('Police station');
  await tabTo(page, 'What happened, in your own words');
  await page.keyboard.type(report.account);
  await next(page, 'What happened');

  await tabTo(page, 'What was done to you');
  await page.keyboard.type('Extortion');
  await tabTo(page, 'Who was responsible');
  await page.keyboard.type('Police officer');
  await next(page, 'Check your answers');
}

/** Every run of 8 characters of a value: none may appear in the dump either. */
function pieces(value: string, length = 8): string[] {
  const found = new Set<string>();
  for (let start = 0; start + length <= value.length; start++) {
    found.add(value.slice(start, start + length));
  }
  return [...found];
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || !address)
        reject(new Error('The page server has no address.'));
      else resolve(`http://127.0.0.1:${address.port}`);
    });
  });
}

async function hubCli(argv: string[], databaseUrl: string): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await runHubCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { DATABASE_URL: databaseUrl },
  });
  if (code !== 0) throw new Error(`talap-hub ${argv.slice(0, 3).join(' ')} failed: ${stderr}`);
  return stdout;
}

describe('field-level encryption from the widget to a seized PostgreSQL database', () => {
  const files = fileFolder({ 'passphrase.txt': `${passphrase}\n` });
  const site = mkdtempSync(join(tmpdir(), 'talap-encryption-e2e-'));
  const pages = createServer();
  let hub: Hub | undefined;
  let browser: Browser | undefined;
  let databaseUrl: string;
  let hubUrl: string;
  let adminKey: string;
  let pageUrl: string;

  beforeAll(async () => {
    assertChromium();
    // 1. The organisation makes its key pair on its own computer.
    const generated = await runTalap(
      [
        'keys',
        'generate',
        '--out',
        'aman-2026.talap-key',
        '--passphrase-file',
        'passphrase.txt',
        '--json',
      ],
      { cwd: files.folder },
    );
    expect(generated.code, generated.stderr).toBe(0);
    const { fingerprint } = JSON.parse(generated.stdout) as { fingerprint: string };

    // 2. The hub, on PostgreSQL, gets the organisation and its public key.
    databaseUrl = await createTestDatabase(inject('postgresUrl'));
    hub = await createHub({ databaseUrl, logger: false, dashboardDir: false });
    hubUrl = await hub.listen();
    pageUrl = await listen(pages);
    await hubCli(['org', 'create', 'Aman', '--origin', pageUrl], databaseUrl);
    const intakeKey = JSON.parse(
      await hubCli(['key', 'create', '--org', 'Aman', '--role', 'intake', '--json'], databaseUrl),
    ).key as string;
    adminKey = JSON.parse(
      await hubCli(['key', 'create', '--org', 'Aman', '--role', 'admin', '--json'], databaseUrl),
    ).key as string;
    const added = await hubCli(
      ['org', 'public-key', 'add', 'Aman', join(files.folder, 'aman-2026.jwk')],
      databaseUrl,
    );
    expect(added).toContain(`fingerprint: ${fingerprint}`);

    // 3. The page pins the fingerprint it was told, and loads the single-file build.
    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions',
        '@talap/source',
        join(root, 'packages/intake-form/scripts/build-bundle.ts'),
        '--outdir',
        site,
      ],
      { cwd: root },
    );
    writeFileSync(
      join(site, 'index.html'),
      `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Report a rights violation</title>
    <script type="module" src="./talap-intake-form.bundle.js"></script>
  </head>
  <body>
    <main>
      <talap-intake-form hub="${hubUrl}" key="${intakeKey}" key-fingerprint="${fingerprint}" draft="report"></talap-intake-form>
    </main>
  </body>
</html>
`,
    );
    const serve = sirv(site, { dev: false });
    pages.on('request', (request, response) => {
      response.setHeader(
        'Content-Security-Policy',
        `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${hubUrl}; form-action 'none'; frame-ancestors 'none'`,
      );
      serve(request, response, () => {
        response.statusCode = 404;
        response.end('Not found');
      });
    });
    browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => {
      pages.close(() => resolve());
      pages.closeAllConnections();
    });
    await hub?.close();
    files.remove();
    rmSync(site, { recursive: true, force: true });
  }, 60_000);

  it('keeps every typed value out of the device, the wire and a pg_dump, and the organisation decrypts them intact', async () => {
    if (!browser) throw new Error('The browser did not start.');
    const secrets = reports.flatMap((report) => Object.values(report));
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const sent: string[] = [];
    page.on('request', (request) => sent.push(`${request.url()} ${request.postData() ?? ''}`));
    await page.goto(`${pageUrl}/`);

    for (const report of reports) {
      await typeReport(page, report);
      // The draft the form keeps while the person checks the answers holds only ciphertext.
      await expect.poll(() => deviceStorage(page)).toContain('talap-e2e/1');
      const stored = await deviceStorage(page);
      for (const value of Object.values(report)) expect(stored).not.toContain(value);

      await tabTo(page, 'Send my report');
      await page.keyboard.press('Enter');
      await page
        .locator('talap-intake-form')
        .getByText('Thank you. Your report has been sent.')
        .waitFor({ timeout: 30_000 });
      await tabTo(page, 'Start a new report');
      await page.keyboard.press('Enter');
    }
    for (const request of sent) {
      for (const value of secrets) expect(request).not.toContain(value);
    }
    expect(errors).toEqual([]);
    await context.close();

    // 4. Someone seizes the database and dumps all of it (pg_dump connects over TCP as the
    // superuser, so it needs no OS user of its own).
    const pgDump = join(inject('postgresBin') || '', 'pg_dump');
    const { stdout: dump } = await run(
      inject('postgresBin') ? pgDump : 'pg_dump',
      ['--dbname', databaseUrl, '--no-owner'],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    // The dump is the whole database: it holds the cases, their codes and their envelopes.
    expect(dump).toContain('police_station');
    expect(dump.match(/"\$enc": "talap-e2e\/1"/g)?.length).toBe(2 * 6);
    for (const value of secrets) {
      for (const piece of pieces(value))
        expect(dump, `"${piece}" of a typed value`).not.toContain(piece);
    }

    // 5. The organisation exports the cases and decrypts them on its offline computer.
    const exported = await fetch(`${hubUrl}/v1/export`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(exported.status).toBe(200);
    const exportText = await exported.text();
    for (const value of secrets) expect(exportText).not.toContain(value);
    files.write('export.ndjson', exportText);
    const decrypted = await runTalap(
      [
        'decrypt',
        '--key',
        'aman-2026.talap-key',
        '--passphrase-file',
        'passphrase.txt',
        'export.ndjson',
        '-o',
        'decrypted.ndjson',
      ],
      { cwd: files.folder },
    );
    expect(decrypted.code, decrypted.stderr).toBe(0);
    const cases = readFileSync(join(files.folder, 'decrypted.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Case);
    expect(cases).toHaveLength(reports.length);
    const restored = cases
      .map((record) => ({
        phone: record.client.contact?.phone,
        email: record.client.contact?.email,
        messenger: record.client.contact?.messenger,
        safeTimes: record.client.contact?.safeTimes,
        account: record.incident.account,
      }))
      .sort((a, b) => String(a.phone).localeCompare(String(b.phone)));
    expect(restored).toEqual(
      [...reports].sort((a, b) => a.phone.localeCompare(b.phone)).map((report) => ({ ...report })),
    );
  }, 240_000);
});
