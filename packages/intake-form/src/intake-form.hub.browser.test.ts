/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { Case } from '@talap/core';
import { executeServerCommand } from '@web/test-runner-commands';
// @ts-expect-error served by the test runner (scripts/wtr-hub-plugin.mjs)
import { testHub } from '/__talap/test-hub.js';
import type { TalapErrorDetail } from './events.js';
import './intake-form.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { draftAt, memoryDraftStore, stepCount } from './test-kit/drafts.js';
import { press, tabTo } from './test-kit/keyboard.js';

const hub = testHub as { url: string; keys: Record<string, string> };

function root(el: TalapIntakeForm): ShadowRoot {
  return el.shadowRoot as ShadowRoot;
}

function status(el: TalapIntakeForm): string {
  return root(el).querySelector('[role="status"]')?.textContent?.trim() ?? '';
}

async function caseOnHub(caseId: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${hub.url}/v1/cases/${caseId}`, {
    headers: { authorization: `Bearer ${hub.keys.documenter}` },
  });
  return { status: response.status, body: await response.json() };
}

/** A form at its review step with every required answer, sending to the test hub with the intake key. */
async function readyToSend(mode: 'self-report' | 'documenter' = 'self-report') {
  const store = memoryDraftStore({ h: draftAt(mode, stepCount(mode), true) });
  const el = await fixture<TalapIntakeForm>(html`<talap-intake-form
    mode=${mode}
    hub=${hub.url}
    key=${hub.keys.intake}
    draft="h"
    .draftStore=${store}
    .config=${{ organisation: 'browser-tests' }}
  ></talap-intake-form>`);
  await waitUntil(() => root(el).querySelector('.review'), 'the answers were not restored');
  return el;
}

describe('<talap-intake-form> with a hub', () => {
  before(async () => {
    // Load the sync client and axe before any test cuts the network (the dev server is offline too then).
    await Promise.all([import('@talap/sync'), import('@talap/sync/indexeddb')]);
    await expect(await fixture(html`<p>Loading axe</p>`)).to.be.accessible();
  });

  afterEach(async () => {
    await executeServerCommand('set-offline', { offline: false });
  });

  it('saves through the outbox and reports the case queued, then synced', async () => {
    const el = await readyToSend('documenter');
    await expect(el).to.be.accessible();
    await tabTo(el, 'Submit the case');
    const submitted = oneEvent(el, 'talap-submit');
    const queued = oneEvent(el, 'talap-queued');
    const synced = oneEvent(el, 'talap-synced');
    await press('Enter');
    const record = (await submitted).detail.case as Case;
    expect((await queued).detail.caseId).to.equal(record.id);
    expect((await synced).detail).to.deep.equal({ caseId: record.id, revision: 1 });
    await waitUntil(() => status(el) === 'The case has been sent.');
    const stored = await caseOnHub(record.id);
    expect(stored.status).to.equal(200);
    expect((stored.body as { case: Case }).case.client).to.deep.equal(record.client);
  });

  it('keeps a report made offline on the device and sends it when the connection returns', async () => {
    const el = await readyToSend();
    const errors: TalapErrorDetail[] = [];
    el.addEventListener('talap-error', (event) => errors.push(event.detail));
    await executeServerCommand('set-offline', { offline: true });
    await waitUntil(() => !navigator.onLine, 'the page did not go offline');

    await tabTo(el, 'Send my report');
    const submitted = oneEvent(el, 'talap-submit');
    const queued = oneEvent(el, 'talap-queued');
    await press('Enter');
    const record = (await submitted).detail.case as Case;
    expect((await queued).detail.caseId).to.equal(record.id);
    await waitUntil(() => status(el).startsWith('You are offline.'));
    expect(errors).to.deep.include({
      kind: 'network',
      message:
        'The device is offline: the case is queued on the device and is sent when the connection returns.',
      caseId: record.id,
      willRetry: true,
    });
    await expect(el).to.be.accessible();

    const synced = oneEvent(el, 'talap-synced');
    await executeServerCommand('set-offline', { offline: false });
    expect((await synced).detail.caseId).to.equal(record.id);
    await waitUntil(() => status(el) === 'Thank you. Your report has been sent.');
    const stored = await caseOnHub(record.id);
    expect(stored.status).to.equal(200);
    expect((stored.body as { case: Case }).case.incident).to.deep.equal(record.incident);
  });

  it('sends nothing when the host handles the submission itself', async () => {
    const el = await readyToSend();
    el.addEventListener('talap-submit', (event) => event.preventDefault());
    let queued = false;
    el.addEventListener('talap-queued', () => {
      queued = true;
    });
    await tabTo(el, 'Send my report');
    const submitted = oneEvent(el, 'talap-submit');
    await press('Enter');
    const record = (await submitted).detail.case as Case;
    await el.updateComplete;
    expect(queued).to.equal(false);
    expect(root(el).querySelector('.review')).to.exist;
    expect((await caseOnHub(record.id)).status).to.equal(404);
  });
});
