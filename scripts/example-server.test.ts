import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { buildExample, serveExample } from './example-server.mjs';

let server: Server;
let url: string;

beforeAll(async () => {
  await buildExample();
  ({ server, url } = await serveExample({ port: 0 }));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the example page `pnpm start` serves', () => {
  it('serves the page under a strict Content-Security-Policy', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'",
    );
    const html = await response.text();
    expect(html).toContain('<form id="check">');
    expect(html).not.toMatch(/<script>(?!<)/);
  });

  it('serves the bundled validator, with other locales in separate chunks', async () => {
    const script = await (await fetch(`${url}main.js`)).text();
    expect(script).toContain('unknown_property');
    expect(script).not.toMatch(/[\u0400-\u04ff]/);
  });

  it('answers 404 for a missing file', async () => {
    expect((await fetch(`${url}nope.js`)).status).toBe(404);
  });
});
