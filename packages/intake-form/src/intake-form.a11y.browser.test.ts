/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './intake-form.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { draftAt, memoryDraftStore, stepCount } from './test-kit/drafts.js';

function root(el: TalapIntakeForm): ShadowRoot {
  return el.shadowRoot as ShadowRoot;
}

async function openAt(
  mode: 'self-report' | 'documenter',
  locale: string,
  step: number,
  complete: boolean,
) {
  const store = memoryDraftStore({ a: draftAt(mode, step, complete) });
  const el = await fixture<TalapIntakeForm>(
    html`<talap-intake-form mode=${mode} locale=${locale} draft="a" .draftStore=${store}></talap-intake-form>`,
  );
  await waitUntil(
    () =>
      root(el).querySelector('.status p') &&
      root(el).querySelector('.frame')?.getAttribute('lang') === locale,
    'the draft or the locale did not load',
  );
  return el;
}

function submitStep(el: TalapIntakeForm): Promise<boolean> {
  root(el).querySelector('form')?.requestSubmit();
  return el.updateComplete;
}

/** axe-core on every step of both modes, with and without errors shown, in English and Russian. */
describe('<talap-intake-form> accessibility (axe)', () => {
  for (const locale of ['en', 'ru']) {
    for (const mode of ['self-report', 'documenter'] as const) {
      const steps = stepCount(mode);
      for (let step = 0; step < steps; step++) {
        it(`has no violations on step ${step + 1} of ${mode} in ${locale}, before and with errors`, async () => {
          const el = await openAt(mode, locale, step, false);
          await expect(el).to.be.accessible();
          await submitStep(el);
          const summary = root(el).querySelector('.error-summary');
          const stayed = root(el).querySelector('[aria-current="step"]');
          if (summary) {
            expect(root(el).querySelectorAll('[aria-invalid="true"]').length).to.be.greaterThan(0);
          } else {
            // A step with nothing required moves on.
            expect(stayed?.textContent).to.not.equal('');
          }
          await expect(el).to.be.accessible();
        });
      }

      it(`has no violations on the review and after submitting in ${mode} in ${locale}`, async () => {
        const el = await openAt(mode, locale, steps, true);
        expect(root(el).querySelector('.review')).to.exist;
        await expect(el).to.be.accessible();
        el.addEventListener('talap-submit', (event) => event.preventDefault(), { once: true });
        await submitStep(el);
        expect(root(el).querySelector('.review')).to.exist;
        await submitStep(el);
        await waitUntil(() => root(el).querySelector('.review') === null);
        await expect(el).to.be.accessible();
      });

      it(`has no violations with every field in error on the review of ${mode} in ${locale}`, async () => {
        const el = await openAt(mode, locale, steps, false);
        await submitStep(el);
        expect(root(el).querySelector('.error-summary')).to.exist;
        await expect(el).to.be.accessible();
      });
    }
  }

  for (const theme of ['dark', 'light']) {
    it(`has no violations in the ${theme} theme, with errors shown`, async () => {
      const el = await fixture<TalapIntakeForm>(
        html`<talap-intake-form mode="documenter" theme=${theme}></talap-intake-form>`,
      );
      const frame = root(el).querySelector('.frame') as HTMLElement;
      const background = getComputedStyle(frame).backgroundColor;
      expect(background).to.equal(theme === 'dark' ? 'rgb(23, 23, 28)' : 'rgb(255, 255, 255)');
      await submitStep(el);
      expect(root(el).querySelector('.error-summary')).to.exist;
      await expect(el).to.be.accessible();
    });
  }

  it('is usable at 320 px wide: nothing is wider than the viewport', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 320px">
      <talap-intake-form mode="documenter"></talap-intake-form>
    </div>`);
    const el = wrapper.querySelector('talap-intake-form') as TalapIntakeForm;
    await el.updateComplete;
    for (const element of root(el).querySelectorAll<HTMLElement>('*')) {
      expect(element.getBoundingClientRect().width, element.outerHTML.slice(0, 80)).to.be.at.most(
        320,
      );
    }
  });
});
