import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { assertChromium, chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { countingReporter } from './scripts/wtr-counting-reporter.mjs';
import { testHubPlugin } from './scripts/wtr-hub-plugin.mjs';
import { networkPlugin } from './scripts/wtr-network-plugin.mjs';
import { reactPlugin } from './scripts/wtr-react-plugin.mjs';

assertChromium();

/** One @web/test-runner configuration for every package: browser tests are `*.browser.test.ts`. */
export default {
  files: ['packages/*/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['@talap/source', 'browser', 'import', 'default'] },
  plugins: [
    esbuildPlugin({ ts: true, json: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    reactPlugin(),
    testHubPlugin(),
    networkPlugin(),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter(), countingReporter()],
};
