/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { type Case, caseSchema } from '@talap/core';
import { decryptCase, identifyingPaths } from '@talap/core/crypto';
import { executeServerCommand } from '@web/test-runner-commands';
// @ts-expect-error served by the test runner (scripts/wtr-hub-plugin.mjs)
import { testHub } from '/__talap/test-hub.js';
import { frozenPrivateKey } from '../../core/src/test-kit/encryption-vectors.js';
import type { TalapErrorDetail } from './events.js';
import './intake-form.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import { buildFormModel } from './model/form-model.js';
import { withValueAt } from './model/form-values.js';
import {
  type Draft,
  type DraftStore,
  draftDatabaseName,
  indexedDbDraftStore,
} from './storage/draft-store.js';
import { hubConnection, outboxDatabaseName } from './submit/hub-connection.js';
import { draftAt, memoryDraftStore, stepCount } from './test-kit/drafts.js';
import { press, tabTo, type } from './test-kit/keyboard.js';

const hub = testHub as {
  url: string;
  keys: Record<string, string>;
  encryption: {
    fingerprint: string;
    keyId: string;
    swappedFingerprint: string;
    swappedKeys: { intake: string; admin: string };
  };
};

// What a person types that must never be stored on the device or sent in plain text.
const secrets = {
  phone: '+7 701 555 0142',
  email: 'dana.secret@example.org',
  account: 'Two officers at the Medeu district station took my medicines and my phone.',
};

function root(el: TalapIntakeForm): ShadowRoot {
  return el.shadowRoot as ShadowRoot;
}

function status(el: TalapIntakeForm): string {
  return root(el).querySelector('[role="status"]')?.textContent?.trim() ?? '';
}

function expectNoSecretIn(text: string): void {
  for (const value of Object.values(secrets)) expect(text).not.to.contain(value);
}

/** A complete self-report draft on its review step, with contact details and an account. */
function secretDraft(): Draft {
  const draft = draftAt('self-report', stepCount('self-report'), true);
  let values = draft.values;
  values = withValueAt(values, ['consent', 'contact', 'given'], true);
  values = withValueAt(values, ['client', 'contact', 'phone'], secrets.phone);
  values = withValueAt(values, ['client', 'contact', 'email'], secrets.email);
  values = withValueAt(values, ['incident', 'account'], secrets.account);
  return { ...draft, values };
}

/** Everything in an IndexedDB database, as text: what a thief of the device could read. */
async function databaseText(name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    const stores = [...db.objectStoreNames];
    if (stores.length === 0) return '';
    const tx = db.transaction(stores, 'readonly');
    const rows = await Promise.all(
      stores.map(
        (store) =>
          new Promise<unknown[]>((resolve, reject) => {
            const request = tx.objectStore(store).getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          }),
      ),
    );
    return JSON.stringify(rows);
  } finally {
    db.close();
  }
}

async function caseOnHub(caseId: string, key = hub.keys.admin as string) {
  const response = await fetch(`${hub.url}/v1/cases/${caseId}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return {
    status: response.status,
    text: await response.clone().text(),
    body: await response.json(),
  };
}

/** Every request the page sends, with its body, to show that no plaintext leaves the device. */
const sent: { method: string; url: string; body: string }[] = [];

describe('<talap-intake-form> with key-fingerprint', () => {
  before(async () => {
    const original = window.fetch.bind(window);
    window.fetch = (input, init) => {
      sent.push({
        method: init?.method ?? 'GET',
        url: String(input instanceof Request ? input.url : input),
        body: typeof init?.body === 'string' ? init.body : '',
      });
      return original(input, init);
    };
    // Load the sync client, the encryption part and axe before any test cuts the network.
    await Promise.all([
      import('@talap/sync'),
      import('@talap/sync/indexeddb'),
      import('@talap/core/crypto'),
      import('./encryption/encryption-part.js'),
    ]);
    await expect(await fixture(html`<p>Loading axe</p>`)).to.be.accessible();
  });

  afterEach(async () => {
    await executeServerCommand('set-offline', { offline: false });
  });

  it('encrypts contact details and the account before the outbox and the hub, and the organisation decrypts them', async () => {
    const el = await fixture<TalapIntakeForm>(html`<talap-intake-form
      hub=${hub.url}
      key=${hub.keys.intake}
      key-fingerprint=${hub.encryption.fingerprint}
      draft="secret"
      .draftStore=${memoryDraftStore({ secret: secretDraft() })}
      .config=${{ organisation: 'browser-tests' }}
    ></talap-intake-form>`);
    await waitUntil(() => root(el).querySelector('.review'), 'the answers were not restored');
    expect(el.value, 'the restored answers make a valid case').not.to.equal(null);
    // The form fetched and checked the key when it connected (the same client it uses).
    const client = await hubConnection({
      hub: hub.url,
      key: hub.keys.intake as string,
      locale: 'en',
      fingerprint: hub.encryption.fingerprint,
    });
    expect(await client.encryptionKey()).to.deep.equal({
      ok: true,
      keyId: hub.encryption.keyId,
      fingerprint: hub.encryption.fingerprint,
    });

    await executeServerCommand('set-offline', { offline: true });
    await waitUntil(() => !navigator.onLine, 'the page did not go offline');
    await tabTo(el, 'Send my report');
    const queued = oneEvent(el, 'talap-queued');
    await press('Enter');
    const { caseId } = (await queued).detail as { caseId: string };
    await waitUntil(() => status(el).startsWith('You are offline.'));

    const outbox = await databaseText(outboxDatabaseName(hub.url));
    expect(outbox).to.contain(caseId);
    expect(outbox).to.contain('"$enc":"talap-e2e/1"');
    expectNoSecretIn(outbox);

    const synced = oneEvent(el, 'talap-synced');
    await executeServerCommand('set-offline', { offline: false });
    expect((await synced).detail.caseId).to.equal(caseId);
    for (const request of sent) expectNoSecretIn(request.body);
    expect(sent.some((request) => request.url.endsWith('/v1/push'))).to.equal(true);

    const stored = await caseOnHub(caseId);
    expect(stored.status).to.equal(200);
    expectNoSecretIn(stored.text);
    const record = stored.body.case as Case;
    expect(identifyingPaths(record).map((found) => [found.pointer, found.encrypted])).to.deep.equal(
      [
        ['/client/code', true],
        ['/client/contact/phone', true],
        ['/client/contact/email', true],
        ['/incident/account', true],
      ],
    );
    const opened = await decryptCase(record, [await frozenPrivateKey()]);
    if (!opened.ok) throw new Error(opened.issues[0]?.message);
    expect(opened.value.client.contact?.phone).to.equal(secrets.phone);
    expect(opened.value.client.contact?.email).to.equal(secrets.email);
    expect(opened.value.incident.account).to.equal(secrets.account);
  });

  it('sends nothing, stores nothing and says so when the hub serves another key than the pinned one', async () => {
    const errors: TalapErrorDetail[] = [];
    const before = sent.length;
    const el = await fixture<TalapIntakeForm>(html`<talap-intake-form
      hub=${hub.url}
      key=${hub.encryption.swappedKeys.intake}
      key-fingerprint=${hub.encryption.fingerprint}
      draft="swapped"
      .draftStore=${memoryDraftStore({ swapped: secretDraft() })}
      @talap-error=${(event: CustomEvent<TalapErrorDetail>) => errors.push(event.detail)}
    ></talap-intake-form>`);
    const mismatch =
      'This form cannot protect your answers: the organisation’s key does not match. Nothing was sent. Please tell the organisation.';
    await waitUntil(() => status(el) === mismatch, 'the form did not warn about the key');
    expect(errors[0]?.kind).to.equal('encryption');
    expect(errors[0]?.message).to.contain(hub.encryption.swappedFingerprint);
    await expect(el).to.be.accessible();

    await waitUntil(() => root(el).querySelector('.review'), 'the answers were not restored');
    let submitted: Case | undefined;
    el.addEventListener('talap-submit', (event) => {
      submitted = (event as CustomEvent<{ case: Case }>).detail.case;
    });
    let queued = false;
    el.addEventListener('talap-queued', () => {
      queued = true;
    });
    await tabTo(el, 'Send my report');
    await press('Enter');
    await waitUntil(() => submitted !== undefined && status(el) === mismatch);
    expect(queued).to.equal(false);
    expect(root(el).querySelector('.review'), 'the answers stay on screen').to.exist;
    expect(el.value).not.to.equal(null);

    const requests = sent.slice(before);
    expect(requests.some((request) => request.url.endsWith('/v1/push'))).to.equal(false);
    for (const request of requests) expectNoSecretIn(request.body);
    expect(await databaseText(outboxDatabaseName(hub.url))).not.to.contain(submitted?.id ?? 'none');
    expect(
      (await caseOnHub(submitted?.id ?? '', hub.encryption.swappedKeys.admin)).status,
    ).to.equal(404);
  });

  it('refuses to send while the key has never been fetched (offline on first use), then sends once online', async () => {
    await executeServerCommand('set-offline', { offline: true });
    await waitUntil(() => !navigator.onLine, 'the page did not go offline');
    const el = await fixture<TalapIntakeForm>(html`<talap-intake-form
      hub=${hub.url}
      key=${hub.keys.documenter2}
      key-fingerprint=${hub.encryption.fingerprint}
      draft="first-use"
      .draftStore=${memoryDraftStore({ 'first-use': secretDraft() })}
    ></talap-intake-form>`);
    const unavailable =
      'The form could not load the organisation’s key to protect your answers, so nothing was sent. Connect to the internet and try again.';
    await waitUntil(() => status(el) === unavailable, 'the form did not say the key is missing');
    await waitUntil(() => root(el).querySelector('.review'), 'the answers were not restored');
    let queued = false;
    el.addEventListener('talap-queued', () => {
      queued = true;
    });
    await tabTo(el, 'Send my report');
    const refused = oneEvent(el, 'talap-error');
    await press('Enter');
    expect((await refused).detail.kind).to.equal('encryption');
    await waitUntil(() => status(el) === unavailable);
    expect(queued).to.equal(false);
    expect(root(el).querySelector('.review'), 'the answers stay on screen').to.exist;

    await executeServerCommand('set-offline', { offline: false });
    await waitUntil(() => navigator.onLine, 'the page did not come back online');
    // Coming back online starts a sync of its own: let it end, so the next one carries the case.
    const client = await hubConnection({
      hub: hub.url,
      key: hub.keys.documenter2 as string,
      locale: 'en',
      fingerprint: hub.encryption.fingerprint,
    });
    await client.sync();
    const synced = oneEvent(el, 'talap-synced');
    await tabTo(el, 'Send my report');
    await press('Enter');
    const { caseId } = (await synced).detail as { caseId: string };
    const opened = await decryptCase((await caseOnHub(caseId)).body.case as Case, [
      await frozenPrivateKey(),
    ]);
    expect(opened.ok && opened.value.incident.account).to.equal(secrets.account);
  });

  it('gives a host form and the browser’s saved form state no plain answers', async () => {
    const host = await fixture<HTMLFormElement>(html`<form>
      <talap-intake-form
        name="case"
        hub=${hub.url}
        key=${hub.keys.intake}
        key-fingerprint=${hub.encryption.fingerprint}
        draft="host"
        .draftStore=${memoryDraftStore({ host: secretDraft() })}
      ></talap-intake-form>
    </form>`);
    const el = host.querySelector('talap-intake-form') as TalapIntakeForm;
    await waitUntil(() => root(el).querySelector('.review'), 'the answers were not restored');
    expect(el.value, 'the answers make a valid case').not.to.equal(null);
    expect(el.checkValidity()).to.equal(true);
    expect(new FormData(host).get('case')).to.equal(null);
  });

  it('keeps only ciphertext of identifying answers in a draft, and sends them intact after a restore', async () => {
    const idb = indexedDbDraftStore();
    await idb.clear('kept');
    const seeded = secretDraft();
    // The first form starts from answers in memory and keeps its draft in IndexedDB.
    const store: DraftStore = {
      load: memoryDraftStore({ kept: seeded }).load,
      save: (key, draft) => idb.save(key, draft),
      clear: (key) => idb.clear(key),
    };
    const first = await fixture<TalapIntakeForm>(html`<talap-intake-form
      hub=${hub.url}
      key=${hub.keys.intake}
      key-fingerprint=${hub.encryption.fingerprint}
      draft="kept"
      .draftStore=${store}
    ></talap-intake-form>`);
    await waitUntil(() => root(first).querySelector('.review'), 'the answers were not restored');
    // Going back a step and forward again saves the draft.
    await tabTo(first, 'Back');
    await press('Enter');
    await tabTo(first, 'Next');
    await press('Enter');
    await waitUntil(async () => (await idb.load('kept')) !== undefined, 'no draft was kept');
    const kept = await databaseText(draftDatabaseName);
    expectNoSecretIn(kept);
    const draft = (await idb.load('kept')) as Draft;
    const contact = (draft.values.client as { contact: Record<string, { $enc?: string }> }).contact;
    expect(contact.phone?.$enc).to.equal('talap-e2e/1');
    expect(contact.email?.$enc).to.equal('talap-e2e/1');
    expect((draft.values.incident as { account: { $enc?: string } }).account.$enc).to.equal(
      'talap-e2e/1',
    );
    expect(draft.caseId).to.equal(seeded.caseId);
    first.remove();

    const again = await fixture<TalapIntakeForm>(html`<talap-intake-form
      hub=${hub.url}
      key=${hub.keys.intake}
      key-fingerprint=${hub.encryption.fingerprint}
      draft="kept"
    ></talap-intake-form>`);
    await waitUntil(() => root(again).querySelector('.review'), 'the draft was not restored');
    const review = root(again).querySelector('.review')?.textContent ?? '';
    expect(review).to.contain('Saved encrypted: type to replace it.');
    expectNoSecretIn(review);
    await expect(again).to.be.accessible();

    await tabTo(again, 'Send my report');
    const synced = oneEvent(again, 'talap-synced');
    await press('Enter');
    const { caseId } = (await synced).detail as { caseId: string };
    expect(caseId).to.equal(seeded.caseId);
    await waitUntil(
      async () => (await idb.load('kept')) === undefined,
      'the draft was not removed',
    );
    const opened = await decryptCase((await caseOnHub(caseId)).body.case as Case, [
      await frozenPrivateKey(),
    ]);
    if (!opened.ok) throw new Error(opened.issues[0]?.message);
    expect(opened.value.client.contact?.phone).to.equal(secrets.phone);
    expect(opened.value.incident.account).to.equal(secrets.account);
  });

  it('shows a restored encrypted answer as kept, and lets the person replace it by typing', async () => {
    const idb = indexedDbDraftStore();
    await idb.clear('typed');
    const seeded = secretDraft();
    const clientStep = buildFormModel(caseSchema, 'self-report').steps.findIndex(
      (step) => step.section === 'client',
    );
    const store: DraftStore = {
      load: memoryDraftStore({ typed: { ...seeded, step: clientStep } }).load,
      save: (key, draft) => idb.save(key, draft),
      clear: (key) => idb.clear(key),
    };
    const first = await fixture<TalapIntakeForm>(html`<talap-intake-form
      hub=${hub.url}
      key=${hub.keys.intake}
      key-fingerprint=${hub.encryption.fingerprint}
      draft="typed"
      .draftStore=${store}
    ></talap-intake-form>`);
    await waitUntil(() => phoneInput(first), 'not on the step with contact details');
    await tabTo(first, 'Next');
    await press('Enter');
    await waitUntil(
      async () => (await idb.load('typed'))?.step === clientStep + 1,
      'no draft kept',
    );
    first.remove();

    const again = await fixture<TalapIntakeForm>(html`<talap-intake-form
      hub=${hub.url}
      key=${hub.keys.intake}
      key-fingerprint=${hub.encryption.fingerprint}
      draft="typed"
    ></talap-intake-form>`);
    await waitUntil(() => status(again) === 'We restored the answers saved on this device.');
    await tabTo(again, 'Back');
    await press('Enter');
    await waitUntil(() => phoneInput(again), 'Back did not lead to the contact details');
    const input = phoneInput(again) as HTMLInputElement;
    expect(input.value).to.equal('');
    expect(input.placeholder).to.equal('Saved encrypted: type to replace it.');
    const before = JSON.stringify((await idb.load('typed'))?.values);

    await tabTo(again, /^Phone/);
    await type('+7 702 000 1234');
    await waitUntil(
      async () => JSON.stringify((await idb.load('typed'))?.values) !== before,
      'the typed answer was not kept',
    );
    expect(input.value).to.equal('+7 702 000 1234');
    const kept = await databaseText(draftDatabaseName);
    expect(kept).not.to.contain('+7 702 000 1234');
    expectNoSecretIn(kept);
    await idb.clear('typed');
  });
});

function phoneInput(el: TalapIntakeForm): HTMLInputElement | null {
  return root(el).querySelector<HTMLInputElement>('#f-client-contact-phone');
}
