/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import './intake-form.js';
import type { TalapIntakeForm } from './intake-form.component.js';

describe('<talap-intake-form>', () => {
  it('is accessible and starts with consent in self-report mode', async () => {
    const el = await fixture<TalapIntakeForm>(html`<talap-intake-form></talap-intake-form>`);
    await expect(el).to.be.accessible();
    const heading = el.shadowRoot?.querySelector('#step-heading');
    expect(heading?.textContent?.trim()).to.equal('Before you start');
  });
});
