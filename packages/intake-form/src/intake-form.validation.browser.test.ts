/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './intake-form.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { draftAt, memoryDraftStore } from './test-kit/drafts.js';
import { focused, press, tabTo, type } from './test-kit/keyboard.js';

function root(el: TalapIntakeForm): ShadowRoot {
  return el.shadowRoot as ShadowRoot;
}

function heading(el: TalapIntakeForm): string {
  return root(el).querySelector('#step-heading')?.textContent?.trim() ?? '';
}

/** Opens the form on a step of `mode`, with empty answers or every required one. */
async function openAt(
  mode: 'self-report' | 'documenter',
  step: number,
  complete = false,
): Promise<TalapIntakeForm> {
  const store = memoryDraftStore({ v: draftAt(mode, step, complete) });
  const el = await fixture<TalapIntakeForm>(
    html`<talap-intake-form mode=${mode} draft="v" .draftStore=${store}></talap-intake-form>`,
  );
  await waitUntil(() => root(el).querySelector('.status p'), 'the draft was not restored');
  return el;
}

async function pressNext(el: TalapIntakeForm): Promise<void> {
  await tabTo(el, 'Next');
  await press('Enter');
  await el.updateComplete;
}

describe('<talap-intake-form> validation', () => {
  it('lists the problems of a step at its top, links them to the fields, and moves focus there', async () => {
    const el = await fixture<TalapIntakeForm>(html`<talap-intake-form></talap-intake-form>`);
    await expect(el).to.be.accessible();
    await pressNext(el);

    const summary = root(el).querySelector<HTMLElement>('.error-summary');
    expect(summary, 'error summary').to.exist;
    expect(focused(el)).to.equal(summary);
    expect(summary?.getAttribute('aria-labelledby')).to.equal('error-summary-title');
    expect(root(el).querySelector('#error-summary-title')?.textContent).to.equal(
      'There is a problem',
    );
    const links = [...(summary?.querySelectorAll('a') ?? [])];
    expect(links.map((link) => link.textContent)).to.deep.equal([
      'I agree that my report is recorded: Tick this box to continue.',
    ]);
    expect(heading(el)).to.equal('Before you start');

    const box = root(el).querySelector<HTMLInputElement>('#f-consent-record-given');
    expect(box?.getAttribute('aria-invalid')).to.equal('true');
    expect(box?.getAttribute('aria-describedby')).to.equal(
      'f-consent-record-given-help f-consent-record-given-message',
    );
    expect(root(el).querySelector('#f-consent-record-given-message')?.textContent).to.equal(
      'Error: Tick this box to continue.',
    );
    await expect(el).to.be.accessible();

    await press('Tab');
    expect(focused(el)?.tagName).to.equal('A');
    await press('Enter');
    expect(focused(el)).to.equal(box);
    await press('Space');
    await el.updateComplete;
    expect(box?.getAttribute('aria-invalid')).to.equal('false');
    expect(root(el).querySelector('#f-consent-record-given-message')).to.equal(null);
    expect(root(el).querySelector('.error-summary')).to.equal(null);
    await pressNext(el);
    expect(heading(el)).to.equal('Who is reporting');
  });

  it('checks an answer when the field is left, and keeps what was typed', async () => {
    const el = await openAt('self-report', 3);
    expect(heading(el)).to.equal('When and where it happened');
    await tabTo(el, 'Year');
    await type('24');
    await press('Tab');
    await el.updateComplete;
    expect(root(el).querySelector('.message'), 'moving within the date').to.equal(null);
    await tabTo(el, 'Country where it happened');
    await el.updateComplete;
    const message = root(el).querySelector('#f-incident-date-message');
    expect(message?.textContent).to.contain('Enter the year as four digits');
    expect(root(el).querySelector('#f-incident-date')?.getAttribute('aria-describedby')).to.equal(
      'f-incident-date-help f-incident-date-message',
    );
    expect(root(el).querySelector<HTMLInputElement>('#f-incident-date-year')?.value).to.equal('24');
    await expect(el).to.be.accessible();

    // Tabbing into a text box selects its text: typing replaces it.
    await tabTo(el, 'Year');
    await type('2024');
    await tabTo(el, 'Country where it happened');
    await el.updateComplete;
    expect(root(el).querySelector<HTMLInputElement>('#f-incident-date-year')?.value).to.equal(
      '2024',
    );
    expect(root(el).querySelector('#f-incident-date-message')).to.equal(null);
  });

  it('does not flag an empty field when it is only passed through', async () => {
    const el = await openAt('self-report', 3);
    await tabTo(el, 'Year');
    await press('Tab');
    await el.updateComplete;
    expect(root(el).querySelector('.message')).to.equal(null);
  });

  it('keeps every answer when Next finds a problem, and when going back and forth', async () => {
    const el = await openAt('self-report', 2);
    expect(heading(el)).to.equal('About you');
    await tabTo(el, 'Your age');
    await type('twenty');
    await tabTo(el, 'Pronouns');
    await type('they/them');
    await pressNext(el);
    expect(heading(el)).to.equal('About you');
    expect(root(el).querySelector('.error-summary a')?.textContent).to.equal(
      'Your age: Enter a whole number, for example 34.',
    );
    expect(root(el).querySelector<HTMLInputElement>('#f-client-age')?.value).to.equal('twenty');
    expect(root(el).querySelector<HTMLInputElement>('#f-client-pronouns')?.value).to.equal(
      'they/them',
    );

    await tabTo(el, 'Back');
    await press('Enter');
    await el.updateComplete;
    expect(heading(el)).to.equal('Who is reporting');
    await pressNext(el);
    expect(heading(el)).to.equal('About you');
    expect(root(el).querySelector<HTMLInputElement>('#f-client-age')?.value).to.equal('twenty');
    expect(root(el).querySelector<HTMLInputElement>('#f-client-pronouns')?.value).to.equal(
      'they/them',
    );
  });

  it('asks for a description once "Other" is chosen, and only then', async () => {
    const el = await openAt('self-report', 3, true);
    expect(root(el).querySelector('#f-incident-placeKindOther')).to.equal(null);
    await tabTo(el, 'Type of place');
    await type('Other');
    await el.updateComplete;
    expect(root(el).querySelector('#f-incident-placeKindOther')).to.exist;
    await pressNext(el);
    expect(root(el).querySelector('.error-summary a')?.textContent).to.equal(
      'Other place: Describe it in a few words.',
    );
    await expect(el).to.be.accessible();
  });

  it('flags contact details given without consent to be contacted on the group', async () => {
    const el = await openAt('self-report', 2, true);
    await tabTo(el, 'Phone number');
    await type('+7 701 234 5678');
    await pressNext(el);
    const summary = root(el).querySelector('.error-summary a')?.textContent ?? '';
    expect(summary).to.match(/^How we can reach you safely: Contact details can only be kept/);
    expect(root(el).querySelector('#f-client-contact')?.getAttribute('aria-describedby')).to.equal(
      'f-client-contact-message',
    );
    await expect(el).to.be.accessible();
  });

  it('sends the person back to the first step with a problem when the review is submitted', async () => {
    const el = await openAt('self-report', 5);
    expect(heading(el)).to.equal('Check your answers');
    await tabTo(el, 'Send my report');
    await press('Enter');
    await el.updateComplete;
    expect(heading(el)).to.equal('Before you start');
    expect(focused(el)?.classList.contains('error-summary')).to.equal(true);
  });

  it('requires the answers the configuration requires', async () => {
    const el = await fixture<TalapIntakeForm>(
      html`<talap-intake-form
        draft="r"
        .draftStore=${memoryDraftStore({ r: draftAt('self-report', 2, true) })}
        .config=${{ require: ['client.age'] }}
      ></talap-intake-form>`,
    );
    await waitUntil(() => heading(el) === 'About you');
    expect(root(el).querySelector('label[for="f-client-age"]')?.textContent).to.contain(
      '(required)',
    );
    await pressNext(el);
    expect(root(el).querySelector('.error-summary a')?.textContent).to.equal(
      'Your age: Fill in this field.',
    );
  });
});
