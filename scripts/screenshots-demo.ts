// `pnpm screenshots:demo`: pictures of what `pnpm start` shows, for the docs. Starts the demo in a
// throwaway folder, files a year of realistic cases through the hub with the demo's intake key
// (as the page would), and photographs the example page (360 px and 1280 px wide) and the
// dashboard signed in with the demo's admin key (1280 px in English and Russian, 360 px in
// English). Writes PNGs to docs/images/demo/.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  type Case,
  newCaseId,
  type PerpetratorType,
  type ViolationType,
} from '../packages/core/src/index.js';
import { dentalRefusalCase } from '../packages/core/src/test-kit/sample-cases.js';
import { seededRandom } from '../packages/core/src/test-kit/seeded-random.js';
import { assertChromium, chromiumArgs, chromiumPath } from './chromium.mjs';
import { type Demo, startDemo } from './demo.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs/images/demo');

/** What happened, to whom, by whom, and how often, roughly as a network of NGOs in the region records it. */
const patterns: readonly {
  readonly type: ViolationType;
  readonly perpetrator: PerpetratorType;
  readonly weight: number;
}[] = [
  { type: 'health_care_denied', perpetrator: 'health_worker', weight: 9 },
  { type: 'confidentiality_breach', perpetrator: 'health_worker', weight: 7 },
  { type: 'extortion', perpetrator: 'police', weight: 6 },
  { type: 'arbitrary_detention', perpetrator: 'police', weight: 4 },
  { type: 'physical_violence', perpetrator: 'intimate_partner', weight: 4 },
  { type: 'threats', perpetrator: 'online_account', weight: 3 },
  { type: 'employment_denied', perpetrator: 'employer_or_colleague', weight: 2 },
  { type: 'documents_confiscated', perpetrator: 'police', weight: 2 },
];
const countries = [
  { code: 'KZ', weight: 8 },
  { code: 'KG', weight: 5 },
  { code: 'UA', weight: 5 },
  { code: 'UZ', weight: 3 },
  { code: 'TJ', weight: 2 },
  { code: 'GE', weight: 2 },
];
const groups = [
  { codes: ['people_living_with_hiv'], weight: 6 },
  { codes: ['sex_workers'], weight: 4 },
  { codes: ['people_who_use_drugs'], weight: 4 },
  { codes: ['gay_bisexual_msm'], weight: 3 },
  { codes: ['transgender_people'], weight: 2 },
  { codes: ['people_living_with_hiv', 'people_who_use_drugs'], weight: 2 },
];

function pick<T extends { weight: number }>(random: () => number, choices: readonly T[]): T {
  let left = random() * choices.reduce((sum, choice) => sum + choice.weight, 0);
  for (const choice of choices) {
    left -= choice.weight;
    if (left < 0) return choice;
  }
  return choices[choices.length - 1] as T;
}

/** `count` self-reports spread over the twelve months before `now`, with consent to be counted. */
function yearOfCases(count: number, now: Date): Case[] {
  const random = seededRandom(2024);
  const cases: Case[] = [];
  for (let index = 0; index < count; index++) {
    const happened = new Date(now.getTime() - random() * 360 * 24 * 3600 * 1000);
    const pattern = pick(random, patterns);
    const record = structuredClone(dentalRefusalCase());
    record.id = newCaseId(happened.getTime());
    record.channel = 'self_report';
    record.createdAt = happened.toISOString();
    record.updatedAt = happened.toISOString();
    delete record.revision;
    delete record.responses;
    delete record.outcome;
    delete record.qualification;
    delete record.firstContactDate;
    record.client.code = `SR-${String(index + 1).padStart(4, '0')}`;
    delete record.client.contact;
    record.client.keyPopulations = [
      ...pick(random, groups).codes,
    ] as Case['client']['keyPopulations'];
    record.incident.date = happened.toISOString().slice(0, 10);
    record.incident.country = pick(random, countries).code;
    delete record.incident.region;
    delete record.incident.city;
    delete record.incident.account;
    record.incident.violations = [
      { type: pattern.type, rights: [], perpetrators: [{ type: pattern.perpetrator }] },
    ];
    record.consent = {
      record: { given: true, method: 'online_checkbox' },
      statistics: { given: true, method: 'online_checkbox' },
    };
    cases.push(record);
  }
  return cases;
}

async function fileCases(demo: Demo, cases: readonly Case[]): Promise<void> {
  for (let start = 0; start < cases.length; start += 100) {
    const batch = cases.slice(start, start + 100);
    const response = await fetch(`${demo.hubUrl}/v1/push`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${demo.intakeKey}`,
        'content-type': 'application/json',
        origin: new URL(demo.pageUrl).origin,
      },
      body: JSON.stringify({
        clientId: 'screenshots',
        mutations: batch.map((record) => ({
          id: crypto.randomUUID(),
          op: 'create',
          caseId: record.id,
          case: record,
        })),
      }),
    });
    const body = (await response.json()) as { results?: { status: string }[] };
    const created = body.results?.filter((result) => result.status === 'created').length ?? 0;
    if (!response.ok || created !== batch.length) {
      throw new Error(
        `The hub took ${created} of ${batch.length} cases (HTTP ${response.status}).`,
      );
    }
  }
}

async function photographPage(browser: Browser, demo: Demo, width: number): Promise<void> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(demo.pageUrl);
  await page.getByRole('heading', { name: 'Before you start' }).waitFor();
  await page.screenshot({ path: join(outDir, `example-page-${width}.png`), fullPage: true });
  await page.close();
}

async function signIn(page: Page, demo: Demo, locale: 'en' | 'ru'): Promise<void> {
  await page.goto(demo.dashboardUrl);
  if (locale !== 'en') await page.locator('#talap-locale').selectOption(locale);
  await page.locator('#talap-key').fill(demo.adminKey);
  await page.keyboard.press('Enter');
  await page.locator('.summary .total strong').waitFor();
}

async function photographDashboard(
  browser: Browser,
  demo: Demo,
  width: number,
  locale: 'en' | 'ru',
): Promise<void> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  await signIn(page, demo, locale);
  await page.screenshot({
    path: join(outDir, `dashboard-${locale}-${width}.png`),
    fullPage: true,
  });
  await page.close();
}

assertChromium();
const dataDir = mkdtempSync(join(tmpdir(), 'talap-screenshots-'));
const demo = await startDemo({ dataDir, port: 0, hubPort: 0 });
const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
try {
  await fileCases(demo, yearOfCases(240, new Date()));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const width of [360, 1280]) await photographPage(browser, demo, width);
  await photographDashboard(browser, demo, 1280, 'en');
  await photographDashboard(browser, demo, 1280, 'ru');
  await photographDashboard(browser, demo, 360, 'en');
  console.log(`${readdirSync(outDir).length} pictures in ${outDir}`);
} finally {
  await browser.close();
  await demo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
