/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
// @ts-expect-error served by the test runner (scripts/wtr-hub-plugin.mjs)
import { testHub } from '/__talap/test-hub.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { draftAt, stepCount } from './test-kit/drafts.js';

const hub = testHub as {
  url: string;
  keys: Record<string, string>;
  encryption: { fingerprint: string };
};

/** Opens the bundle's test page in a frame and resolves with its window and form once the element rendered. */
async function bundlePage() {
  const bundle = await fetch(new URL('../dist/talap-intake-form.bundle.js', import.meta.url));
  expect(bundle.ok, 'dist/talap-intake-form.bundle.js is missing: run the package build first').to
    .be.true;
  const frame = document.createElement('iframe');
  frame.title = 'A page with the bundle';
  frame.src = new URL('./test-kit/bundle-page.html', import.meta.url).href;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window & { cspViolations?: string[] };
  await waitUntil(
    () =>
      win.document.querySelector('talap-intake-form')?.shadowRoot?.querySelector('#step-heading'),
    'the bundle did not register the element',
  );
  const el = win.document.querySelector('talap-intake-form') as TalapIntakeForm;
  return { frame, win, el, root: el.shadowRoot as ShadowRoot };
}

/** The sibling files of the bundle the page has loaded. */
function siblingsLoaded(win: Window): string[] {
  return win.performance
    .getEntriesByType('resource')
    .map((entry) => /talap-intake-form\.(\w+)\.js$/.exec(entry.name)?.[1])
    .filter((name): name is string => name !== undefined);
}

/**
 * The single-file build (dist/talap-intake-form.bundle.js, made by `pnpm --filter
 * @talap/intake-form build`) in a page of its own: one script tag, its sibling files on demand.
 */
describe('the single-file bundle', () => {
  it('registers the element, loads a language and the sync client from its sibling files, and sends a case', async () => {
    const { frame, win, el, root } = await bundlePage();

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
    expect(siblingsLoaded(win)).not.to.include('crypto');
    frame.remove();
  });

  it('loads the crypto file only for a form with key-fingerprint, and sends the case encrypted', async () => {
    const { frame, win, el, root } = await bundlePage();
    const draft = draftAt('self-report', stepCount('self-report'), true);
    el.formStateRestoreCallback(JSON.stringify({ values: draft.values, step: draft.step }));
    el.hub = hub.url;
    el.key = hub.keys.intake as string;
    el.keyFingerprint = hub.encryption.fingerprint;
    await el.updateComplete;
    const synced = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('talap-synced', (event) => resolve(event as CustomEvent), { once: true }),
    );
    root.querySelector('form')?.requestSubmit();
    const { detail } = await synced;
    expect(siblingsLoaded(win)).to.include.members(['sync', 'crypto']);
    const stored = await fetch(`${hub.url}/v1/cases/${detail.caseId}`, {
      headers: { authorization: `Bearer ${hub.keys.documenter}` },
    });
    const { case: record } = await stored.json();
    expect(record.client.code).to.include({ $enc: 'talap-e2e/1' });
    expect(win.cspViolations).to.deep.equal([]);
    frame.remove();
  });
});
