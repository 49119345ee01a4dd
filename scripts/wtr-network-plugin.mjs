// A @web/test-runner plugin that lets a browser test cut and restore the network of its own page,
// as a phone losing its signal would: `executeServerCommand('set-offline', { offline: true })`.

// Every HTTP request fails as with no connection; the test runner's own WebSocket (ws://) stays up,
// because Playwright's `context.setOffline()` also closes it and the runner then aborts the test.
const offlinePatterns = ['http://*:*/*', 'https://*:*/*'];

const noThrottling = { latency: 0, downloadThroughput: -1, uploadThroughput: -1 };

/** Handles `set-offline` ({ offline: boolean }): the page reports offline and its HTTP requests fail. */
export function networkPlugin() {
  const cdpSessions = new Map();
  return {
    name: 'talap-network',
    async executeCommand({ command, payload, session }) {
      if (command !== 'set-offline') return undefined;
      if (typeof payload?.offline !== 'boolean') {
        throw new Error(
          `set-offline expects a payload { offline: boolean }, and got ${JSON.stringify(payload)}.`,
        );
      }
      if (session.browser.type !== 'playwright' || session.browser.name !== 'Chromium') {
        throw new Error(
          `set-offline needs Chromium under Playwright, and this session runs ${session.browser.name}.`,
        );
      }
      const page = session.browser.getPage(session.id);
      let cdp = cdpSessions.get(session.id);
      if (!cdp) {
        cdp = await page.context().newCDPSession(page);
        await cdp.send('Network.enable');
        cdpSessions.set(session.id, cdp);
      }
      const { offline } = payload;
      await cdp.send('Network.emulateNetworkConditionsByRule', {
        matchedNetworkConditions: offline
          ? offlinePatterns.map((urlPattern) => ({ urlPattern, offline: true, ...noThrottling }))
          : [],
      });
      // navigator.onLine follows, and the page gets its `offline` or `online` event.
      await cdp.send('Network.overrideNetworkState', { offline, ...noThrottling });
      return true;
    },
  };
}
