import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { countingReporter } from './scripts/wtr-counting-reporter.mjs';
import { testHubPlugin } from './scripts/wtr-hub-plugin.mjs';
import { networkPlugin } from './scripts/wtr-network-plugin.mjs';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  throw new Error(
    `No Chromium found at ${executablePath}. Install Debian's chromium package ` +
      '(apt-get install chromium, or run `npm run bootstrap` as root) or set CHROME_PATH to a Chromium or Chrome binary.',
  );
}

/** One @web/test-runner configuration for every package: browser tests are `*.browser.test.ts`. */
export default {
  files: ['packages/*/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['@talap/source', 'browser', 'import', 'default'] },
  plugins: [
    esbuildPlugin({ ts: true, json: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    testHubPlugin(),
    networkPlugin(),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter(), countingReporter()],
};
