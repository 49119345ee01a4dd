// How this project starts Chromium (browser tests, screenshots): Debian's chromium package, or
// CHROME_PATH; test tools cannot download browsers of their own here.
import { existsSync } from 'node:fs';

/** The Chromium binary. */
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Flags for a headless Chromium in a container or CI: no sandbox, GPU or background traffic. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Throws an error that says how to get Chromium when there is none at `chromiumPath`. */
export function assertChromium() {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium found at ${chromiumPath}. Install Debian's chromium package ` +
        '(apt-get install chromium, or run `npm run bootstrap` as root) or set CHROME_PATH to a Chromium or Chrome binary.',
    );
  }
}
