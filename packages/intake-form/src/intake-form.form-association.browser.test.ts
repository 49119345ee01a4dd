/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { validateCase } from '@talap/core';
import './intake-form.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { draftAt, memoryDraftStore, stepCount } from './test-kit/drafts.js';
import { press, tabTo } from './test-kit/keyboard.js';

function root(el: TalapIntakeForm): ShadowRoot {
  return el.shadowRoot as ShadowRoot;
}

describe('<talap-intake-form> inside a <form>', () => {
  it('is a form-associated element that reports validity and contributes no value while invalid', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><talap-intake-form name="case"></talap-intake-form></form>`,
    );
    const el = form.querySelector('talap-intake-form') as TalapIntakeForm;
    await el.updateComplete;
    await expect(el).to.be.accessible();
    expect(el.form).to.equal(form);
    expect(el.willValidate).to.equal(true);
    expect(form.checkValidity()).to.equal(false);
    expect(el.validity.customError).to.equal(true);
    expect(el.validationMessage).to.equal('There is a problem');
    expect(new FormData(form).has('case')).to.equal(false);
  });

  it('contributes the case as JSON once it is valid, and resets with the form', async () => {
    const store = memoryDraftStore({ f: draftAt('self-report', stepCount('self-report'), true) });
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <talap-intake-form name="case" draft="f" .draftStore=${store}></talap-intake-form>
      </form>`,
    );
    const el = form.querySelector('talap-intake-form') as TalapIntakeForm;
    await waitUntil(() => form.checkValidity(), 'the restored answers never made the form valid');
    const value = new FormData(form).get('case');
    expect(typeof value).to.equal('string');
    const record = JSON.parse(value as string);
    expect(validateCase(record).ok).to.equal(true);
    expect(el.value?.id).to.equal(record.id);

    form.reset();
    await el.updateComplete;
    expect(root(el).querySelector('#step-heading')?.textContent?.trim()).to.equal(
      'Before you start',
    );
    expect(form.checkValidity()).to.equal(false);
    expect(new FormData(form).has('case')).to.equal(false);
    expect(el.value).to.equal(null);
    expect(store.drafts.size, 'the draft is cleared on reset').to.equal(0);
  });

  it('submits the host form with the case when the person submits', async () => {
    const store = memoryDraftStore({ s: draftAt('self-report', stepCount('self-report'), true) });
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <talap-intake-form name="case" draft="s" .draftStore=${store}></talap-intake-form>
      </form>`,
    );
    const el = form.querySelector('talap-intake-form') as TalapIntakeForm;
    await waitUntil(() => root(el).querySelector('.review'));
    const submitted = new Promise<FormData>((resolve) =>
      form.addEventListener(
        'submit',
        (event) => {
          event.preventDefault();
          resolve(new FormData(form));
        },
        { once: true },
      ),
    );
    const caseEvent = oneEvent(el, 'talap-submit');
    await tabTo(el, 'Send my report');
    await press('Enter');
    const { detail } = await caseEvent;
    const data = await submitted;
    expect(JSON.parse(data.get('case') as string).id).to.equal(detail.case.id);
  });

  it('is disabled by a disabled host fieldset, and by its own attribute, except for the quick exit', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <fieldset disabled><talap-intake-form name="case"></talap-intake-form></fieldset>
      </form>`,
    );
    const fieldset = form.querySelector('fieldset') as HTMLFieldSetElement;
    const el = form.querySelector('talap-intake-form') as TalapIntakeForm;
    await waitUntil(() => root(el).querySelector('fieldset.body:disabled'));
    const controls = () =>
      [...root(el).querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')].filter(
        (control) => !control.classList.contains('quick-exit'),
      );
    const box = () => root(el).querySelector<HTMLInputElement>('#f-consent-record-given');
    expect(el.matches(':disabled')).to.equal(true);
    expect(controls().length).to.be.greaterThan(1);
    expect(controls().every((control) => control.matches(':disabled'))).to.equal(true);
    expect(root(el).querySelector<HTMLButtonElement>('.quick-exit')?.matches(':disabled')).to.equal(
      false,
    );
    await expect(el).to.be.accessible();

    // Nothing can be answered or submitted while disabled.
    box()?.click();
    root(el).querySelector('form')?.requestSubmit();
    await el.updateComplete;
    expect(box()?.checked).to.equal(false);
    expect(root(el).querySelector('.error-summary')).to.equal(null);

    fieldset.disabled = false;
    await waitUntil(
      () => !controls().some((control) => control.matches(':disabled')),
      'the form stayed disabled after its fieldset was enabled',
    );
    box()?.click();
    await waitUntil(() => box()?.checked, 'the consent box could not be ticked');

    el.disabled = true;
    await waitUntil(() => box()?.matches(':disabled'), 'the disabled attribute did not disable it');
    expect(el.hasAttribute('disabled')).to.equal(true);
    expect(box()?.checked, 'the answers are kept while disabled').to.equal(true);
    el.disabled = false;
    await waitUntil(() => !box()?.matches(':disabled'), 'the form stayed disabled');
  });

  it('restores its answers from the state the browser kept', async () => {
    const el = await fixture<TalapIntakeForm>(html`<talap-intake-form></talap-intake-form>`);
    const draft = draftAt('self-report', 2, true);
    el.formStateRestoreCallback(JSON.stringify({ values: draft.values, step: 2 }));
    await el.updateComplete;
    expect(root(el).querySelector('#step-heading')?.textContent?.trim()).to.equal('About you');
  });
});
