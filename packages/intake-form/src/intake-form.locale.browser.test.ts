/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { hasCatalog } from '@talap/core';
import './intake-form.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { press, tabTo, type } from './test-kit/keyboard.js';

function root(el: TalapIntakeForm): ShadowRoot {
  return el.shadowRoot as ShadowRoot;
}

function heading(el: TalapIntakeForm): string {
  return root(el).querySelector('#step-heading')?.textContent?.trim() ?? '';
}

describe('<talap-intake-form> languages', () => {
  it('loads other languages only when asked, and switches at run time keeping the answers and errors', async () => {
    expect(hasCatalog('ru'), 'Russian loaded before it was asked for').to.equal(false);
    const el = await fixture<TalapIntakeForm>(html`<talap-intake-form></talap-intake-form>`);
    await tabTo(el, 'You may count my report');
    await press('Space');
    await tabTo(el, 'Next');
    await press('Enter');
    await el.updateComplete;
    expect(root(el).querySelector('.error-summary a')?.textContent).to.equal(
      'I agree that my report is recorded: Tick this box to continue.',
    );

    el.setAttribute('locale', 'ru');
    await waitUntil(() => heading(el) === 'Прежде чем начать', 'Russian did not load');
    expect(hasCatalog('ru')).to.equal(true);
    expect(root(el).querySelector('.frame')?.getAttribute('lang')).to.equal('ru');
    expect(root(el).querySelector('.error-summary a')?.textContent).to.equal(
      'Я даю согласие на запись моего сообщения: Отметьте, чтобы продолжить.',
    );
    expect(
      root(el).querySelector<HTMLInputElement>('#f-consent-statistics-given')?.checked,
    ).to.equal(true);
    expect(root(el).querySelector('.progress')?.textContent?.trim()).to.equal('Шаг 1 из 6');
    await expect(el).to.be.accessible();

    el.locale = 'kk';
    await waitUntil(() => heading(el) === 'Бастамас бұрын', 'Kazakh did not load');
    expect(root(el).querySelector('.quick-exit')?.textContent?.trim()).to.equal('Жылдам шығу');

    el.locale = 'uk';
    await waitUntil(() => heading(el) === 'Перш ніж почати', 'Ukrainian did not load');
    expect(root(el).querySelector('label[for="f-consent-record-given"]')?.textContent).to.contain(
      'Я даю згоду на запис мого повідомлення',
    );
  });

  it('names choices, countries and months in the chosen language', async () => {
    const el = await fixture<TalapIntakeForm>(
      html`<talap-intake-form mode="documenter" locale="ru"></talap-intake-form>`,
    );
    await waitUntil(() => heading(el) === 'Согласие');
    await tabTo(el, 'Клиент даёт согласие на запись этого случая');
    await press('Space');
    for (let step = 0; step < 3; step++) {
      await tabTo(el, 'Далее');
      await press('Enter');
      await el.updateComplete;
      if (heading(el) === 'О пострадавшем человеке') {
        await tabTo(el, 'Код клиента');
        await type('KZ-1');
      }
    }
    expect(heading(el)).to.equal('Что произошло');
    const country = root(el).querySelector('#f-incident-country');
    expect(country?.textContent).to.contain('Казахстан');
    expect(root(el).querySelector('#f-incident-date-month')?.textContent).to.contain('март');
    expect(root(el).querySelector('#f-incident-placeKind')?.textContent).to.contain(
      'Отдел полиции',
    );
  });

  it('falls back to English for a language it has no catalog for', async () => {
    const el = await fixture<TalapIntakeForm>(
      html`<talap-intake-form locale="xx"></talap-intake-form>`,
    );
    await el.updateComplete;
    expect(heading(el)).to.equal('Before you start');
    expect(root(el).querySelector('.frame')?.getAttribute('lang')).to.equal('en');
  });
});
