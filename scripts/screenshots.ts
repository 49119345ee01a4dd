// `pnpm screenshots`: pictures of <talap-intake-form> for the docs. Serves a plain page with the
// element bundled from its sources by esbuild (in memory: nothing is built or written but the
// pictures), and drives Chromium through every step of both modes, in English and Russian, at
// 360 px and 1280 px wide, with realistic answers; one more picture per width shows the error
// summary, and one the dark palette. Writes PNGs to docs/images/intake-form/, named like `self-report-en-360-01-consent.png`.
// Options: --only self-report|documenter, --locale en|ru, --width 360|1280 (for a quicker look).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { caseSchema } from '../packages/core/src/index.js';
import type { IntakeFormMode } from '../packages/intake-form/src/config.js';
import { buildFormModel } from '../packages/intake-form/src/model/form-model.js';
import { assertChromium, chromiumArgs, chromiumPath } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs/images/intake-form');
const modes: IntakeFormMode[] = ['self-report', 'documenter'];
const locales = ['en', 'ru'] as const;
type Locale = (typeof locales)[number];
const widths = [360, 1280];

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    locale: { type: 'string' },
    width: { type: 'string' },
  },
});

// --- the answers ------------------------------------------------------------------------------

/** A text in both languages. */
type Text = Record<Locale, string>;

const texts = {
  pronouns: { en: 'she/her', ru: 'она' },
  safeTimes: { en: 'Weekdays after 18:00', ru: 'По будням после 18:00' },
  messenger: { en: 'Signal: @aigerim_example', ru: 'Signal: @aigerim_example' },
  region: { en: 'Almaty', ru: 'Алматы' },
  city: { en: 'Almaty', ru: 'Алматы' },
  account: {
    en: 'I went to the AIDS centre to renew my prescription. The doctor looked at my documents, refused to see me and told me to come back “dressed properly”. In the waiting room a nurse said my diagnosis out loud in front of other patients.',
    ru: 'Я пришла в СПИД-центр продлить рецепт. Врач посмотрел мои документы, отказался меня принимать и сказал прийти «в нормальном виде». В очереди медсестра вслух назвала мой диагноз при других пациентах.',
  },
  clientCode: { en: 'AK-2024-017', ru: 'AK-2024-017' },
  consultation: {
    en: 'Explained the right to treatment and to confidentiality; agreed to file a written complaint to the head doctor.',
    ru: 'Разъяснили право на лечение и на конфиденциальность; договорились подать письменную жалобу главному врачу.',
  },
  complaint: {
    en: 'Complaint filed with the head doctor of the city AIDS centre; copy to the health department.',
    ru: 'Жалоба подана главному врачу городского СПИД-центра; копия в управление здравоохранения.',
  },
} satisfies Record<string, Text>;

const date = (year: string, month: string, day: string) => ({ year, month, day });

/** The answers of a person reporting for herself: denied care and her status disclosed at an AIDS centre. */
function selfReportAnswers(locale: Locale) {
  return {
    consent: {
      record: { given: true },
      refer: { given: true },
      statistics: { given: true },
      contact: { given: true },
    },
    reporter: { relation: 'self' },
    client: {
      age: '29',
      genderIdentity: 'transgender_woman',
      pronouns: texts.pronouns[locale],
      keyPopulations: ['transgender_people', 'people_living_with_hiv'],
      countryOfResidence: 'KZ',
      contact: {
        messenger: texts.messenger[locale],
        preferredMethod: 'messenger',
        safeTimes: texts.safeTimes[locale],
        safeToLeaveMessage: false,
      },
    },
    incident: {
      date: date('2024', '09', '14'),
      country: 'KZ',
      region: texts.region[locale],
      city: texts.city[locale],
      placeKind: 'aids_centre',
      account: texts.account[locale],
      violations: [
        { type: 'health_care_denied', perpetrators: [{ type: 'health_worker' }] },
        { type: 'confidentiality_breach', perpetrators: [{ type: 'health_worker' }] },
      ],
    },
  };
}

/** The same case as a paralegal records it: consent methods, the organisation's responses, the outcome so far. */
function documenterAnswers(locale: Locale) {
  const self = selfReportAnswers(locale);
  const written = { method: 'written_signature', date: date('2024', '09', '16') };
  return {
    ...self,
    consent: {
      record: { given: true, ...written },
      refer: { given: true, ...written },
      statistics: { given: true, ...written },
      contact: { given: true, ...written },
    },
    client: { ...self.client, code: texts.clientCode[locale] },
    incident: {
      ...self.incident,
      violations: [
        {
          type: 'health_care_denied',
          rights: ['right_to_health', 'non_discrimination'],
          perpetrators: [{ type: 'health_worker' }],
        },
        {
          type: 'confidentiality_breach',
          rights: ['privacy'],
          perpetrators: [{ type: 'health_worker' }],
        },
      ],
    },
    responses: [
      {
        type: 'legal_consultation',
        date: date('2024', '09', '16'),
        by: 'paralegal',
        notes: texts.consultation[locale],
      },
      {
        type: 'written_complaint',
        date: date('2024', '09', '20'),
        by: 'lawyer',
        notes: texts.complaint[locale],
      },
    ],
    outcome: { status: 'pending' },
    qualification: 'rights_violation',
    firstContactDate: date('2024', '09', '16'),
  };
}

// --- the page ---------------------------------------------------------------------------------

const page = (mode: IntakeFormMode, locale: Locale) => `<!doctype html>
<html lang="${locale}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Talap intake form</title>
    <link rel="stylesheet" href="/page.css" />
    <script type="module" src="/app/index.js"></script>
  </head>
  <body>
    <main>
      <talap-intake-form mode="${mode}" locale="${locale}" quick-exit-url="about:blank"></talap-intake-form>
    </main>
  </body>
</html>`;

/** The host page: a neutral background around the form, as on an NGO's site. */
const pageCss = `body { margin: 0; background: #eef0f4; }
main { padding: 0; }
@media (min-width: 48rem) { main { padding: 2.5rem 1rem 4rem; } }
@media (prefers-color-scheme: dark) { body { background: #0d0d11; } }`;

/** Bundles the element from its sources, in memory, with languages split into chunks of their own. */
async function bundle(): Promise<Map<string, Uint8Array>> {
  const result = await build({
    entryPoints: [join(root, 'packages/intake-form/src/index.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@talap/source'],
    outdir: '/app',
    write: false,
    logLevel: 'warning',
  });
  return new Map(result.outputFiles.map((file) => [file.path, file.contents]));
}

async function serve(files: Map<string, Uint8Array>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = files.get(url.pathname);
    if (url.pathname.startsWith('/form/')) {
      const [, , mode, locale] = url.pathname.split('/');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(mode as IntakeFormMode, locale as Locale));
    } else if (url.pathname === '/page.css') {
      response.writeHead(200, { 'content-type': 'text/css' });
      response.end(pageCss);
    } else if (file) {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(file);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
}

// --- driving the form -------------------------------------------------------------------------

const form = 'talap-intake-form';

async function settled(tab: Page): Promise<void> {
  await tab.evaluate(async (tag) => {
    const element = document.querySelector(tag) as HTMLElement & { updateComplete: Promise<void> };
    await element.updateComplete;
    await document.fonts.ready;
  }, form);
}

/** A new tab of `width` (a phone's height below 600 px, a laptop's above) showing the form. */
async function open(
  browser: Browser,
  base: string,
  mode: IntakeFormMode,
  locale: Locale,
  width: number,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: width < 600 ? 740 : 900 },
    deviceScaleFactor: 1,
    locale,
    colorScheme,
    reducedMotion: 'reduce',
  });
  const tab = await context.newPage();
  await tab.goto(`${base}/form/${mode}/${locale}`);
  await tab.locator(`${form} .frame[lang="${locale}"] #step-heading`).waitFor();
  return tab;
}

/** Puts answers into the form as the browser restores a form's state (the element's own API). */
async function restore(tab: Page, values: unknown, step: number): Promise<void> {
  await tab.evaluate(
    ({ tag, state }) => {
      const element = document.querySelector(tag) as HTMLElement & {
        formStateRestoreCallback(state: string): void;
      };
      element.formStateRestoreCallback(state);
    },
    { tag: form, state: JSON.stringify({ values, step }) },
  );
  await settled(tab);
}

async function shoot(tab: Page, name: string): Promise<void> {
  await settled(tab);
  // A full-page picture draws the sticky quick-exit bar where the page is scrolled to.
  await tab.evaluate(() => window.scrollTo(0, 0));
  await tab.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
  console.log(`  ${name}.png`);
}

async function walkThrough(
  browser: Browser,
  base: string,
  mode: IntakeFormMode,
  locale: Locale,
  width: number,
): Promise<void> {
  const tab = await open(browser, base, mode, locale, width);
  const answers = mode === 'self-report' ? selfReportAnswers(locale) : documenterAnswers(locale);
  await restore(tab, answers, 0);
  const sections = buildFormModel(caseSchema, mode).steps.map((step) => step.section);
  const names = [...sections, 'review', 'done'];
  for (const [index, section] of names.entries()) {
    const name = `${mode}-${locale}-${width}-${String(index + 1).padStart(2, '0')}-${section}`;
    await shoot(tab, name);
    if (section === 'done') break;
    const heading = await tab.locator(`${form} #step-heading`).textContent();
    await tab.locator(`${form} button.primary`).click();
    await tab.waitForFunction(
      ({ tag, before }) => {
        const shadow = document.querySelector(tag)?.shadowRoot;
        const now = shadow?.querySelector('#step-heading')?.textContent;
        return Boolean(shadow?.querySelector('.error-summary')) || (now && now !== before);
      },
      { tag: form, before: heading },
    );
    if ((await tab.locator(`${form} .error-summary`).count()) > 0) {
      throw new Error(`The ${mode} answers in ${locale} are not valid on the step "${section}".`);
    }
  }
  await tab.context().close();
}

/** The error summary: Next pressed (with the keyboard) on a step with a wrong year and two answers missing. */
async function errorSummary(browser: Browser, base: string, width: number): Promise<void> {
  const tab = await open(browser, base, 'self-report', 'en', width);
  const answers = selfReportAnswers('en');
  const incidentStep = buildFormModel(caseSchema, 'self-report').steps.findIndex(
    (step) => step.section === 'incident',
  );
  await restore(
    tab,
    {
      ...answers,
      incident: { date: date('24', '09', ''), region: 'Almaty', violations: [] },
    },
    incidentStep,
  );
  await tab.locator(`${form} button.primary`).focus();
  await tab.keyboard.press('Enter');
  await tab.locator(`${form} .error-summary`).waitFor();
  await shoot(tab, `self-report-en-${width}-error-summary`);
  await tab.context().close();
}

/** One step in the dark palette, as a device set to dark mode shows it (`theme` left at `auto`). */
async function dark(browser: Browser, base: string, width: number): Promise<void> {
  const tab = await open(browser, base, 'self-report', 'en', width, 'dark');
  const clientStep = buildFormModel(caseSchema, 'self-report').steps.findIndex(
    (step) => step.section === 'client',
  );
  await restore(tab, selfReportAnswers('en'), clientStep);
  await shoot(tab, `self-report-en-${width}-dark`);
  await tab.context().close();
}

const only = modes.filter((mode) => !options.only || mode === options.only);
const chosenLocales = locales.filter((locale) => !options.locale || locale === options.locale);
const chosenWidths = widths.filter((width) => !options.width || String(width) === options.width);
if (only.length === 0 || chosenLocales.length === 0 || chosenWidths.length === 0) {
  console.error('--only takes self-report or documenter, --locale en or ru, --width 360 or 1280.');
  process.exit(2);
}

mkdirSync(outDir, { recursive: true });
if (!options.only && !options.locale && !options.width) {
  for (const file of readdirSync(outDir)) {
    if (file.endsWith('.png')) rmSync(join(outDir, file));
  }
}
const { server, url } = await serve(await bundle());
assertChromium();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [...chromiumArgs, '--font-render-hinting=none'],
});
try {
  console.log(`writing to ${outDir}:`);
  for (const mode of only) {
    for (const locale of chosenLocales) {
      for (const width of chosenWidths) await walkThrough(browser, url, mode, locale, width);
    }
  }
  if (only.includes('self-report') && chosenLocales.includes('en')) {
    for (const width of chosenWidths) await errorSummary(browser, url, width);
    for (const width of chosenWidths) await dark(browser, url, width);
  }
} finally {
  await browser.close();
  server.close();
}
