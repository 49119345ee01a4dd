// The Vue example end to end: built with Vite and its own vite.config.ts against a real hub,
// served, and a self-report typed in Chromium that the hub then holds.
import { fileURLToPath } from 'node:url';
import * as vite from 'vite';
import { buildWithVite, describeExamplePage } from '../../scripts/test-kit/example-page-suite.js';

describeExamplePage('the Vue example', {
  build: buildWithVite(vite, fileURLToPath(new URL('.', import.meta.url))),
  confirmation: (page) =>
    page.getByRole('status').getByRole('heading', { name: 'Thank you for telling us' }),
});
