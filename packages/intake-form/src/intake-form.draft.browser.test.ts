/// <reference types="mocha" />
import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import './intake-form.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { indexedDbDraftStore } from './storage/draft-store.js';
import { draftAt, memoryDraftStore, stepCount } from './test-kit/drafts.js';
import { focused, press, tabTo, type } from './test-kit/keyboard.js';

function root(el: TalapIntakeForm): ShadowRoot {
  return el.shadowRoot as ShadowRoot;
}

function heading(el: TalapIntakeForm): string {
  return root(el).querySelector('#step-heading')?.textContent?.trim() ?? '';
}

describe('<talap-intake-form> drafts', () => {
  const store = indexedDbDraftStore();

  it('keeps unfinished answers on the device when draft is set, and restores them', async () => {
    await store.clear('restore');
    const el = await fixture<TalapIntakeForm>(
      html`<talap-intake-form draft="restore"></talap-intake-form>`,
    );
    await tabTo(el, 'I agree that my report is recorded');
    await press('Space');
    for (const title of ['Who is reporting', 'About you']) {
      await tabTo(el, 'Next');
      await press('Enter');
      await el.updateComplete;
      expect(heading(el)).to.equal(title);
    }
    await tabTo(el, 'Your age');
    await type('41');
    await waitUntil(
      async () => (await store.load('restore'))?.step === 2,
      'the draft was not saved',
    );
    await waitUntil(async () => {
      const saved = await store.load('restore');
      return (saved?.values.client as { age?: string } | undefined)?.age === '41';
    });
    el.remove();

    const again = await fixture<TalapIntakeForm>(
      html`<talap-intake-form draft="restore"></talap-intake-form>`,
    );
    await waitUntil(() => heading(again) === 'About you', 'the draft was not restored');
    expect(root(again).querySelector<HTMLInputElement>('#f-client-age')?.value).to.equal('41');
    expect(root(again).querySelector('[role="status"]')?.textContent?.trim()).to.equal(
      'We restored the answers saved on this device.',
    );
    await expect(again).to.be.accessible();

    await tabTo(again, 'Start again');
    await press('Enter');
    await again.updateComplete;
    expect(heading(again)).to.equal('Before you start');
    expect(focused(again)?.id).to.equal('step-heading');
    await waitUntil(async () => (await store.load('restore')) === undefined);
  });

  it('keeps nothing on the device when draft is not set', async () => {
    const spy = memoryDraftStore();
    const el = await fixture<TalapIntakeForm>(
      html`<talap-intake-form .draftStore=${spy}></talap-intake-form>`,
    );
    await tabTo(el, 'I agree that my report is recorded');
    await press('Space');
    await tabTo(el, 'Next');
    await press('Enter');
    await aTimeout(400);
    expect(spy.drafts.size).to.equal(0);
  });

  it('removes the draft once the report is submitted', async () => {
    await store.save('submit', draftAt('self-report', stepCount('self-report'), true));
    const el = await fixture<TalapIntakeForm>(
      html`<talap-intake-form draft="submit"></talap-intake-form>`,
    );
    await waitUntil(() => heading(el) === 'Check your answers');
    await tabTo(el, 'Send my report');
    const submitted = oneEvent(el, 'talap-submit');
    await press('Enter');
    await submitted;
    await waitUntil(
      async () => (await store.load('submit')) === undefined,
      'the draft is still there',
    );
    await el.updateComplete;
    expect(heading(el)).to.equal('Thank you');
  });
});
