/**
 * The page a browser test opens in a same-origin iframe to stand for another tab, or for a page
 * that reloads: it loads its own copy of the sync client and offers it as `window.talap`.
 */
import type { Case } from '@talap/core';
import { createSyncClient } from '../client/sync-client.js';
import { openIndexedDbStore } from '../store/indexeddb.js';
import { newCase } from './new-case.js';

/** When a push to the hub starts, and when its whole answer has arrived. */
export type PushPhase = 'start' | 'end';

/** What the page offers the test that embeds it; everything here belongs to the page's own realm. */
export interface TalapTestPage {
  readonly createSyncClient: typeof createSyncClient;
  readonly openIndexedDbStore: typeof openIndexedDbStore;
  /** A valid documenter case with a fresh id. */
  newCase(): Case;
  /** This page's `fetch`, telling `report` when each push to the hub starts and ends. */
  pushReportingFetch(report: (phase: PushPhase) => void): typeof fetch;
}

declare global {
  interface Window {
    talap?: TalapTestPage;
  }
}

function pushReportingFetch(report: (phase: PushPhase) => void): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!new URL(url).pathname.endsWith('/v1/push')) return fetch(input, init);
    report('start');
    try {
      const response = await fetch(input, init);
      await response.clone().arrayBuffer();
      return response;
    } finally {
      report('end');
    }
  };
}

window.talap = { createSyncClient, openIndexedDbStore, newCase, pushReportingFetch };
