import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newCaseId } from '../packages/core/src/index.js';
import { dentalRefusalCase } from '../packages/core/src/test-kit/sample-cases.js';
import { buildDemo, type Demo, startDemo } from './demo.js';

const dataDir = mkdtempSync(join(tmpdir(), 'talap-demo-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function submit(demo: Demo) {
  const record = { ...dentalRefusalCase(), id: newCaseId() };
  delete (record as { revision?: number }).revision;
  const response = await fetch(`${demo.hubUrl}/v1/push`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${demo.intakeKey}`,
      'content-type': 'application/json',
      origin: new URL(demo.pageUrl).origin,
    },
    body: JSON.stringify({
      clientId: 'demo-test',
      mutations: [{ id: crypto.randomUUID(), op: 'create', caseId: record.id, case: record }],
    }),
  });
  return { response, record };
}

describe('the demo `pnpm start` runs', () => {
  it('serves the form wired to the hub, which takes a case from the page’s origin, and keeps everything across restarts', async () => {
    await buildDemo();
    const first = await startDemo({ dataDir, port: 0, hubPort: 0, skipBuild: true });
    let caseId: string;
    try {
      const page = await fetch(first.pageUrl);
      expect(page.headers.get('content-security-policy')).toContain(
        `connect-src 'self' ${first.hubUrl}`,
      );
      const html = await page.text();
      expect(html).toContain(`hub="${first.hubUrl}"`);
      expect(html).toContain(`key="${first.intakeKey}"`);
      expect(html).not.toContain('%TALAP_');
      const bundle = await fetch(`${first.pageUrl}talap-intake-form.bundle.js`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toContain('javascript');
      expect((await fetch(first.validateUrl)).status).toBe(200);
      expect((await fetch(first.dashboardUrl)).status).toBe(200);

      const preflight = await fetch(`${first.hubUrl}/v1/push`, {
        method: 'OPTIONS',
        headers: {
          origin: new URL(first.pageUrl).origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe(
        new URL(first.pageUrl).origin,
      );
      const { response, record } = await submit(first);
      expect((await response.json()).results[0].status).toBe('created');
      caseId = record.id;
      expect(statSync(join(dataDir, 'demo-keys.json')).mode & 0o777).toBe(0o600);
    } finally {
      await first.stop();
    }

    const second = await startDemo({ dataDir, port: 0, hubPort: 0, skipBuild: true });
    try {
      expect(second.intakeKey).toBe(first.intakeKey);
      const read = await fetch(`${second.hubUrl}/v1/cases/${caseId}`, {
        headers: { authorization: `Bearer ${second.adminKey}` },
      });
      expect(read.status).toBe(200);
      // The page moved to another port: the hub now allows that origin instead.
      expect((await (await submit(second)).response.json()).results[0].status).toBe('created');
    } finally {
      await second.stop();
    }
  });
});
