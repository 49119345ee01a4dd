/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
// @ts-expect-error served by the test runner (scripts/wtr-hub-plugin.mjs)
import { testHub } from '/__talap/test-hub.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { draftAt, stepCount } from './test-kit/drafts.js';

const hub = testHub as { url: string; keys: Record<string, string> };

/**
 * The single-file build (dist/talap-intake-form.bundle.js, made by `pnpm --filter
 * @talap/intake-form build`) in a page of its own: one script tag, its sibling files on demand.
 */
describe('the single-file bundle', () => {
  it('registers the element, loads a language and the sync client from its sibling files, and sends a case', async () => {
    const bundle = await fetch(new URL('../dist/talap-intake-form.bundle.js', import.meta.url));
    expect(bundle.ok, 'dist/talap-intake-form.bundle.js is missing: run the package build first').to
      .be.true;
    const frame = document.createElement('iframe');
    frame.title = 'A page with the bundle';
    frame.src = new URL('./test-kit/bundle-page.html', import.meta.url).href;
    const loaded = new Promise((resolve) =>
      frame.addEventListener('load', resolve, { once: true }),
    );
    document.body.append(frame);
    await loaded;
    const win = frame.contentWindow as Window & { cspViolations?: string[] };
    await waitUntil(
      () =>
        win.document.querySelector('talap-intake-form')?.shadowRoot?.querySelector('#step-heading'),
      'the bundle did not register the element',
    );
    const el = win.document.querySelector('talap-intake-form') as TalapIntakeForm;
    const root = el.shadowRoot as ShadowRoot;

    el.locale = 'ru';
    await waitUntil(
      () => root.querySelector('#step-heading')?.textContent?.trim() === 'Прежде чем начать',
      'the Russian sibling file did not load',
    );

    const draft = draftAt('self-report', stepCount('self-report'), true);
    el.formStateRestoreCallback(JSON.stringify({ values: draft.values, step: draft.step }));
    el.config = { organisation: 'browser-tests' };
    el.hub = hub.url;
    el.key = hub.keys.intake as string;
    await el.updateComplete;
    const synced = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('talap-synced', (event) => resolve(event as CustomEvent), { once: true }),
    );
    root.querySelector('form')?.requestSubmit();
    const { detail } = await synced;
    expect(detail.revision).to.equal(1);
    await waitUntil(() =>
      root.querySelector('[role="status"]')?.textContent?.includes('отправлено'),
    );
    expect(win.cspViolations).to.deep.equal([]);
    frame.remove();
  });
});
