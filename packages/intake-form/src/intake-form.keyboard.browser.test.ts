/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { type Case, validateCase } from '@talap/core';
import './intake-form.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { focused, press, tabTo, type, watchForMouse } from './test-kit/keyboard.js';

function heading(el: TalapIntakeForm): string {
  return el.shadowRoot?.querySelector('#step-heading')?.textContent?.trim() ?? '';
}

async function next(el: TalapIntakeForm, expected: string): Promise<void> {
  await tabTo(el, 'Next');
  await press('Enter');
  await el.updateComplete;
  expect(heading(el)).to.equal(expected);
  expect(focused(el)?.id).to.equal('step-heading');
}

describe('<talap-intake-form> with the keyboard alone', () => {
  let mouse: ReturnType<typeof watchForMouse>;
  beforeEach(() => {
    mouse = watchForMouse();
  });
  afterEach(() => {
    mouse.stop();
    expect(mouse.events, 'mouse or pointer events').to.deep.equal([]);
  });

  it('takes a self-report from consent to submission', async () => {
    const el = await fixture<TalapIntakeForm>(
      html`<talap-intake-form .config=${{ organisation: 'kz-aman' }}></talap-intake-form>`,
    );
    await expect(el).to.be.accessible();
    expect(el.shadowRoot?.querySelector('[aria-current="step"]')?.textContent).to.equal(
      'Before you start',
    );

    await tabTo(el, 'Quick exit');
    await tabTo(el, 'I agree that my report is recorded');
    await press('Space');
    await tabTo(el, 'You may count my report');
    await press('Space');
    await next(el, 'Who is reporting');
    await next(el, 'About you');

    await tabTo(el, 'Your age');
    await type('29');
    await tabTo(el, 'People living with HIV');
    await press('Space');
    await next(el, 'When and where it happened');

    await tabTo(el, 'Year');
    await type('2024');
    await tabTo(el, 'Month');
    await type('March');
    await tabTo(el, 'Country where it happened');
    await type('Kazakhstan');
    await tabTo(el, 'Type of place');
    await type('Police station');
    await tabTo(el, 'What happened, in your own words');
    await type('They took my documents at the station.');
    await next(el, 'What happened');

    await tabTo(el, 'What was done to you');
    await type('Extortion');
    await tabTo(el, 'Who was responsible');
    await type('Police officer');
    await next(el, 'Check your answers');

    const review = el.shadowRoot?.querySelector('.review')?.textContent ?? '';
    expect(review).to.contain('Kazakhstan');
    expect(review).to.contain('March 2024');
    expect(review).to.contain('Extortion');

    await tabTo(el, 'Send my report');
    const submitted = oneEvent(el, 'talap-submit');
    await press('Enter');
    const { detail } = await submitted;
    const record = detail.case as Case;
    expect(validateCase(record).ok).to.equal(true);
    expect(record).to.deep.include({ organisation: 'kz-aman', channel: 'self_report' });
    expect(record.client.age).to.equal(29);
    expect(record.client.keyPopulations).to.deep.equal(['people_living_with_hiv']);
    expect(record.incident).to.deep.include({
      date: '2024-03',
      country: 'KZ',
      placeKind: 'police_station',
    });
    expect(record.incident.violations[0]?.type).to.equal('extortion');
    expect(record.incident.violations[0]?.perpetrators).to.deep.equal([{ type: 'police' }]);
    expect(record.consent.record.given).to.equal(true);
    expect(record.consent.statistics?.given).to.equal(true);
    expect(record.consent.refer?.given).to.equal(false);
    await el.updateComplete;
    expect(heading(el)).to.equal('Thank you');
    await expect(el).to.be.accessible();
  });

  it('takes a documenter case with two violations and a response to submission', async () => {
    const el = await fixture<TalapIntakeForm>(
      html`<talap-intake-form mode="documenter" .config=${{ organisation: 'kz-aman' }}></talap-intake-form>`,
    );
    await expect(el).to.be.accessible();
    await tabTo(el, 'The client agrees that this case is recorded');
    await press('Space');
    await tabTo(el, 'Written, signed consent');
    await press('Space');
    await next(el, 'Who is reporting');
    await next(el, 'About the person harmed');

    await tabTo(el, 'Client code');
    await type('KZ-0042');
    await tabTo(el, 'Sex workers');
    await press('Space');
    await next(el, 'What happened');

    await tabTo(el, 'Year');
    await type('2024');
    await tabTo(el, 'Country where it happened');
    await type('Kyrgyzstan');
    await tabTo(el, 'Type of place');
    await type('Street');
    await next(el, 'Violations');

    await tabTo(el, 'Type of violation');
    await type('Physical violence');
    await tabTo(el, 'Who was responsible');
    await type('Client (in');
    await tabTo(el, 'Add another violation');
    await press('Enter');
    await el.updateComplete;
    expect(el.shadowRoot?.querySelectorAll('fieldset.item > legend')[2]?.textContent).to.contain(
      'Violation 2',
    );
    await tabTo(el, 'Type of violation');
    await type('Economic violence');
    await tabTo(el, 'Who was responsible');
    await type('Client (in');
    await next(el, 'What was done');

    await tabTo(el, 'Add a response');
    await press('Enter');
    await el.updateComplete;
    await tabTo(el, 'Action taken');
    await type('Counselling');
    await next(el, 'Outcome');
    await tabTo(el, 'Resolved');
    await press('Space');
    await next(el, 'About the record');
    await next(el, 'Check your answers');

    await tabTo(el, 'Submit the case');
    const submitted = oneEvent(el, 'talap-submit');
    await press('Enter');
    const record = (await submitted).detail.case as Case;
    expect(validateCase(record).ok).to.equal(true);
    expect(record.channel).to.equal('documenter');
    expect(record.client.code).to.equal('KZ-0042');
    expect(record.incident.violations.map((violation) => violation.type)).to.deep.equal([
      'physical_violence',
      'economic_violence',
    ]);
    expect(record.responses?.map((response) => response.type)).to.deep.equal(['counselling']);
    expect(record.outcome?.status).to.equal('resolved');
    expect(record.consent.record.method).to.equal('written_signature');
  });
});
