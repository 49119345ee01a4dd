/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import type { TalapIntakeForm } from './intake-form.component.js';
import { indexedDbDraftStore } from './storage/draft-store.js';
import { focused, press, tabTo } from './test-kit/keyboard.js';

interface EmbeddingPage {
  readonly frame: HTMLIFrameElement;
  readonly window: Window & { cspViolations?: string[] };
  readonly el: TalapIntakeForm;
}

/** Opens test-kit/strict-csp.html (a strict CSP, the form with a draft) in a frame and focuses it. */
async function openPage(): Promise<EmbeddingPage> {
  const frame = document.createElement('iframe');
  frame.title = 'A page that embeds the form';
  frame.src = new URL('./test-kit/strict-csp.html', import.meta.url).href;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as EmbeddingPage['window'];
  await waitUntil(
    () =>
      win.document.querySelector('talap-intake-form')?.shadowRoot?.querySelector('#step-heading'),
    'the form did not render in the frame',
  );
  const el = win.document.querySelector('talap-intake-form') as TalapIntakeForm;
  win.focus();
  return { frame, window: win, el };
}

function nextLoad(frame: HTMLIFrameElement): Promise<unknown> {
  return new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
}

describe('<talap-intake-form> safety', () => {
  const drafts = indexedDbDraftStore();

  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('works under a strict CSP: no violation, no inline style, no request at all without a hub', async () => {
    const page = await openPage();
    await tabTo(page.el, 'I agree that my report is recorded');
    await press('Space');
    await tabTo(page.el, 'Next');
    await press('Enter');
    await page.el.updateComplete;
    expect(page.el.shadowRoot?.querySelector('#step-heading')?.textContent?.trim()).to.equal(
      'Who is reporting',
    );
    expect(page.window.cspViolations).to.deep.equal([]);
    expect(page.el.shadowRoot?.querySelectorAll('[style]').length).to.equal(0);
    const exit = page.el.shadowRoot?.querySelector('.quick-exit') as HTMLElement;
    expect(page.window.getComputedStyle(exit).backgroundColor).to.equal('rgb(140, 29, 24)');
    const requests = page.window.performance
      .getEntriesByType('resource')
      .map((entry) => entry as PerformanceResourceTiming);
    for (const request of requests) {
      expect(new URL(request.name).origin, request.name).to.equal(location.origin);
      expect(['fetch', 'xmlhttprequest', 'beacon'], request.name).not.to.include(
        request.initiatorType,
      );
    }
  });

  it('quick exit replaces the page without a history entry and clears the draft', async () => {
    const page = await openPage();
    await tabTo(page.el, 'I agree that my report is recorded');
    await press('Space');
    await waitUntil(async () => (await drafts.load('csp-page')) !== undefined, 'no draft was kept');
    const historyBefore = history.length;

    await press('Shift+Tab');
    expect(focused(page.el)?.textContent?.trim()).to.equal('Quick exit');
    const left = nextLoad(page.frame);
    await press('Enter');
    await left;
    expect(page.frame.contentWindow?.location.pathname).to.match(/\/test-kit\/exit-target\.html$/);
    expect(history.length, 'a history entry was added').to.equal(historyBefore);
    expect(await drafts.load('csp-page')).to.equal(undefined);
  });

  it('Escape pressed twice leaves the same way', async () => {
    const page = await openPage();
    await tabTo(page.el, 'I agree that my report is recorded');
    await press('Space');
    await waitUntil(async () => (await drafts.load('csp-page')) !== undefined, 'no draft was kept');
    const historyBefore = history.length;
    const left = nextLoad(page.frame);
    await press('Escape');
    await press('Escape');
    await left;
    expect(page.frame.contentWindow?.location.pathname).to.match(/\/test-kit\/exit-target\.html$/);
    expect(history.length).to.equal(historyBefore);
    expect(await drafts.load('csp-page')).to.equal(undefined);
  });

  it('a single Escape does nothing', async () => {
    const page = await openPage();
    await tabTo(page.el, 'I agree that my report is recorded');
    await press('Escape');
    await page.el.updateComplete;
    expect(page.frame.contentWindow?.location.pathname).to.match(/\/test-kit\/strict-csp\.html$/);
    expect(page.el.shadowRoot?.querySelector('#step-heading')).to.exist;
  });
});
