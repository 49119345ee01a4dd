/// <reference types="mocha" />

import { expect } from '@open-wc/testing';
import type { Case } from '@talap/core';
import { executeServerCommand } from '@web/test-runner-commands';
// @ts-expect-error served by the test runner (scripts/wtr-hub-plugin.mjs); TypeScript cannot resolve a rooted path
import { testHub as servedHub } from '/__talap/test-hub.js';
import { openIndexedDbStore } from '../store/indexeddb.js';
import type { PushPhase, TalapTestPage } from '../test-kit/browser-page.js';
import { newCase } from '../test-kit/new-case.js';
import type { SyncEvents } from './events.js';
import { createSyncClient, type SyncClient } from './sync-client.js';

/** The hub the test runner started; its organisation allows this page's origin. */
const testHub: {
  readonly url: string;
  readonly keys: Readonly<
    Record<'intake' | 'documenter' | 'documenter2' | 'admin' | 'analyst', string>
  >;
  readonly organisationId: string;
} = servedHub;

const pageUrl = new URL('../test-kit/browser-page.html', import.meta.url).href;

/** Nothing listens on port 9 (discard): connecting fails at once, as with a hub out of reach. */
const unreachableHub = 'http://127.0.0.1:9';

/** Retries without waiting, and a retry timer too far away to fire during a test. */
const noRetryWaits = {
  sleep: async () => {},
  retry: { attempts: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 },
};

const clients: SyncClient[] = [];
const frames: HTMLIFrameElement[] = [];
const databases: string[] = [];

function track(client: SyncClient): SyncClient {
  clients.push(client);
  return client;
}

function newDatabaseName(): string {
  const name = `talap-sync-client-test-${crypto.randomUUID()}`;
  databases.push(name);
  return name;
}

/** Cuts or restores the network of this page and its frames (scripts/wtr-network-plugin.mjs). */
async function setOffline(offline: boolean): Promise<void> {
  await executeServerCommand('set-offline', { offline });
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/** The outbox rows of a database, read with IndexedDB itself rather than through the client. */
async function outboxRows(name: string): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      const request = db.transaction('outbox').objectStore('outbox').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** The test page's `window.talap`, once its module has run. */
function talapOf(frame: HTMLIFrameElement): TalapTestPage {
  const talap = frame.contentWindow?.talap;
  if (!talap) throw new Error(`The test page ${frame.src} loaded without setting window.talap.`);
  return talap;
}

function nextLoad(frame: HTMLIFrameElement): Promise<void> {
  return new Promise((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
}

/** Opens the test page in a same-origin iframe: a document of its own, as another tab has. */
async function openPage(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = pageUrl;
  const loaded = nextLoad(frame);
  document.body.append(frame);
  frames.push(frame);
  await loaded;
  return frame;
}

/** Reloads the page in `frame`, as a person pressing reload does, and waits for the new page. */
async function reload(frame: HTMLIFrameElement): Promise<TalapTestPage> {
  const loaded = nextLoad(frame);
  frame.contentWindow?.location.reload();
  await loaded;
  return talapOf(frame);
}

function once<K extends keyof SyncEvents>(client: SyncClient, event: K): Promise<SyncEvents[K]> {
  return new Promise((resolve) => {
    const stop = client.on(event, (detail) => {
      stop();
      resolve(detail);
    });
  });
}

/** Reads a case on the hub with the admin key. */
async function hubCase(
  caseId: string,
): Promise<{ status: number; revision?: number; case?: Case }> {
  const response = await fetch(`${testHub.url}/v1/cases/${caseId}`, {
    headers: { authorization: `Bearer ${testHub.keys.admin}` },
  });
  return { status: response.status, ...(await response.json()) };
}

/** Checks that the hub holds each case as its first revision: one mutation applied, no more. */
async function expectOnHubOnce(caseIds: readonly string[]): Promise<void> {
  for (const caseId of caseIds) {
    const stored = await hubCase(caseId);
    expect({ caseId, status: stored.status, revision: stored.revision }).to.deep.equal({
      caseId,
      status: 200,
      revision: 1,
    });
  }
}

afterEach(async () => {
  await setOffline(false);
  for (const client of clients.splice(0)) await client.close();
  for (const frame of frames.splice(0)) frame.remove();
  for (const name of databases.splice(0)) await deleteDatabase(name);
});

describe('createSyncClient in Chromium', () => {
  it('saves a case to IndexedDB and delivers it to a hub of another origin', async () => {
    expect(new URL(testHub.url).origin).not.to.equal(location.origin);
    const name = newDatabaseName();
    const client = track(
      createSyncClient({
        hub: testHub.url,
        key: testHub.keys.documenter,
        store: await openIndexedDbStore(name),
      }),
    );
    const item = newCase();
    expect((await client.save(item)).ok).to.equal(true);
    expect(await outboxRows(name)).to.have.length(1);

    const report = await client.sync();
    expect(report.error).to.equal(undefined);
    expect(report.pushed).to.equal(1);
    expect(await outboxRows(name)).to.deep.equal([]);
    const stored = await hubCase(item.id);
    expect(stored.status).to.equal(200);
    expect(stored.revision).to.equal(1);
    expect(stored.case).to.deep.equal({ ...item, revision: 1 });
  });

  it('keeps the outbox through a page reload and delivers it once afterwards', async () => {
    const name = newDatabaseName();
    const frame = await openPage();
    let page = talapOf(frame);
    const before = page.createSyncClient({
      hub: unreachableHub,
      key: testHub.keys.documenter,
      store: await page.openIndexedDbStore(name),
      autoSync: false,
      ...noRetryWaits,
    });
    const caseIds: string[] = [];
    for (let n = 0; n < 3; n++) {
      const item = page.newCase();
      expect((await before.save(item)).ok).to.equal(true);
      caseIds.push(item.id);
    }
    expect((await before.sync()).error?.kind).to.equal('network');
    const queued = (await before.pending()).map(({ id, caseId }) => ({ id, caseId }));
    expect(queued.map((entry) => entry.caseId)).to.deep.equal(caseIds);

    // The page goes away as a closed tab does: its client and database connection still open.
    page = await reload(frame);
    const after = track(
      page.createSyncClient({
        hub: testHub.url,
        key: testHub.keys.documenter,
        store: await page.openIndexedDbStore(name),
        autoSync: false,
      }),
    );
    expect((await after.pending()).map(({ id, caseId }) => ({ id, caseId }))).to.deep.equal(queued);
    const statuses: string[] = [];
    after.on('pushed', (event) => statuses.push(event.status));

    const report = await after.sync();
    expect(report.error).to.equal(undefined);
    expect(statuses).to.deep.equal(['created', 'created', 'created']);
    expect(await after.pending()).to.deep.equal([]);
    expect((await after.sync()).pushed).to.equal(0);
    await expectOnHubOnce(caseIds);
  });

  it('syncs on its own when the browser comes back online, having sent nothing while offline', async () => {
    const requests: { path: string; offline: boolean; answered: boolean }[] = [];
    const watchingFetch: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      const request = { path: new URL(url).pathname, offline: !navigator.onLine, answered: false };
      requests.push(request);
      const response = await fetch(input, init);
      request.answered = true;
      return response;
    };
    const client = track(
      createSyncClient({
        hub: testHub.url,
        key: testHub.keys.documenter,
        store: await openIndexedDbStore(newDatabaseName()),
        fetch: watchingFetch,
        ...noRetryWaits,
      }),
    );
    const wentOffline = once(client, 'offline');
    await setOffline(true);
    await wentOffline;
    expect(navigator.onLine).to.equal(false);

    const item = newCase();
    expect((await client.save(item)).ok).to.equal(true);
    const failed = await client.sync();
    expect(failed.error?.kind).to.equal('network');
    // Its own retry comes much later, so only the `online` event can start the next sync.
    expect(failed.error?.retryInMs).to.be.greaterThan(20_000);
    expect(requests.length).to.be.greaterThan(0);
    expect(requests.filter((request) => !request.offline || request.answered)).to.deep.equal([]);
    expect((await client.status()).pending).to.equal(1);

    const synced = once(client, 'synced');
    const cameOnline = once(client, 'online');
    const offlineRequests = requests.length;
    await setOffline(false);
    await cameOnline;
    const report = await synced;
    expect(report.error).to.equal(undefined);
    expect(report.pushed).to.equal(1);
    expect(requests.slice(offlineRequests).every((request) => request.answered)).to.equal(true);
    expect((await client.status()).pending).to.equal(0);
    await expectOnHubOnce([item.id]);
  });

  it('lets one tab push at a time when two tabs sync together, and delivers every case once', async () => {
    const name = newDatabaseName();
    let inFlight = 0;
    let mostInFlight = 0;
    let pushes = 0;
    const countPushes = (phase: PushPhase) => {
      if (phase === 'end') {
        inFlight--;
        return;
      }
      pushes++;
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
    };
    const pages = (await Promise.all([openPage(), openPage()])).map(talapOf);
    const tabs = await Promise.all(
      pages.map(async (page) =>
        track(
          page.createSyncClient({
            hub: testHub.url,
            key: testHub.keys.documenter,
            store: await page.openIndexedDbStore(name),
            autoSync: false,
            fetch: page.pushReportingFetch(countPushes),
          }),
        ),
      ),
    );
    const acknowledged: { mutationId: string; status: string }[] = [];
    for (const tab of tabs) {
      tab.on('pushed', ({ mutationId, status }) => acknowledged.push({ mutationId, status }));
    }

    const caseIds: string[] = [];
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      for (const [index, tab] of tabs.entries()) {
        for (let n = 0; n < 2; n++) {
          const item = (pages[index] as TalapTestPage).newCase();
          expect((await tab.save(item)).ok).to.equal(true);
          caseIds.push(item.id);
        }
      }
      const reports = await Promise.all(tabs.map((tab) => tab.sync()));
      expect(reports.map((report) => report.error)).to.deep.equal([undefined, undefined]);
    }

    expect(pushes).to.be.at.least(rounds);
    expect(mostInFlight).to.equal(1);
    expect(acknowledged.map((ack) => ack.status)).to.deep.equal(caseIds.map(() => 'created'));
    expect(new Set(acknowledged.map((ack) => ack.mutationId)).size).to.equal(caseIds.length);
    for (const tab of tabs) {
      expect(await tab.status()).to.include({ pending: 0, rejected: 0, conflicts: 0 });
    }
    await expectOnHubOnce(caseIds);
  });
});
