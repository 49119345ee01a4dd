// A person filing a self-report on a page that holds <talap-intake-form>, with the keyboard only
// (Tab, Space, Enter and typing), as the end-to-end tests of the demo and the examples do it.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What `fileSelfReport` answers, as the person reads and types it on the form. */
export const selfReportAnswers = {
  age: '29',
  group: 'People living with HIV',
  year: '2024',
  month: 'March',
  country: 'Kazakhstan',
  place: 'Police station',
  narrative: 'They took my documents at the station.',
  violation: 'Extortion',
  perpetrator: 'Police officer',
} as const;

/** What the case made from `selfReportAnswers` holds, in the shared schema's codes. */
export const selfReportCase = {
  channel: 'self_report',
  consent: { record: { given: true }, statistics: { given: true } },
  client: { age: 29, keyPopulations: ['people_living_with_hiv'] },
  incident: {
    date: '2024-03',
    country: 'KZ',
    placeKind: 'police_station',
    account: selfReportAnswers.narrative,
    violations: [{ type: 'extortion', perpetrators: [{ type: 'police' }] }],
  },
} as const;

/** What went wrong on a page: uncaught errors, and console errors other than a missing favicon. */
export function watchForErrors(page: Page): string[] {
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
export async function tabTo(page: Page, text: string, limit = 200): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if ((await focusedText(page)).startsWith(text)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached a control reading "${text}".`);
}

/** The heading of the form's current step. */
export function stepHeading(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      document
        .querySelector('talap-intake-form')
        ?.shadowRoot?.querySelector('#step-heading')
        ?.textContent?.trim() ?? '',
  );
}

/** Moves on with the Next button and waits for the next step's heading. */
export async function next(page: Page, heading: string): Promise<void> {
  await tabTo(page, 'Next');
  await page.keyboard.press('Enter');
  await expect.poll(() => stepHeading(page)).toBe(heading);
}

/**
 * Fills in the self-report of the form on `page` with `selfReportAnswers`, from the consent step
 * to the review, and presses "Send my report". Waits for the form to appear first.
 */
export async function fileSelfReport(page: Page): Promise<void> {
  const answers = selfReportAnswers;
  await expect.poll(() => page.getByRole('heading', { name: 'Before you start' }).count()).toBe(1);

  // Into the page, then through the form with Tab, Space, Enter and typing only.
  await page.keyboard.press('Tab');
  await tabTo(page, 'I agree that my report is recorded');
  await page.keyboard.press('Space');
  await tabTo(page, 'You may count my report in statistics');
  await page.keyboard.press('Space');
  await next(page, 'Who is reporting');
  await next(page, 'About you');

  await tabTo(page, 'Your age');
  await page.keyboard.type(answers.age);
  await tabTo(page, answers.group);
  await page.keyboard.press('Space');
  await next(page, 'When and where it happened');

  await tabTo(page, 'Year');
  await page.keyboard.type(answers.year);
  await tabTo(page, 'Month');
  await page.keyboard.type(answers.month);
  await tabTo(page, 'Country where it happened');
  await page.keyboard.type(answers.country);
  await tabTo(page, 'Type of place');
  await page.keyboard.type(answers.place);
  await tabTo(page, 'What happened, in your own words');
  await page.keyboard.type(answers.narrative);
  await next(page, 'What happened');

  await tabTo(page, 'What was done to you');
  await page.keyboard.type(answers.violation);
  await tabTo(page, 'Who was responsible');
  await page.keyboard.type(answers.perpetrator);
  await next(page, 'Check your answers');
  await expect
    .poll(() => page.locator('talap-intake-form').locator('.review').textContent())
    .toContain(answers.violation);

  await tabTo(page, 'Send my report');
  await page.keyboard.press('Enter');
}
