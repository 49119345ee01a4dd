// The html-embed example end to end: the single-file bundle built into a folder of its own, the
// plain page served with its hub and key filled in, and a self-report typed in Chromium that the
// hub then holds.
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describeExamplePage } from '../../scripts/test-kit/example-page-suite.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

describeExamplePage('the html-embed example', {
  async build({ hubUrl, intakeKey, outDir }) {
    // Its own copy of the bundle: other tests serve packages/intake-form/dist meanwhile.
    const script = 'packages/intake-form/scripts/build-bundle.ts';
    const node = ['--import', 'tsx', '--conditions', '@talap/source'];
    await promisify(execFile)(process.execPath, [...node, script, '--outdir', outDir], {
      cwd: root,
    });
    // What a person setting up the page does: write the hub's address and the key into it.
    const page = readFileSync(join(here, 'index.html'), 'utf8')
      .replaceAll('%TALAP_HUB%', hubUrl)
      .replaceAll('%TALAP_KEY%', intakeKey);
    writeFileSync(join(outDir, 'index.html'), page);
    copyFileSync(join(here, 'style.css'), join(outDir, 'style.css'));
  },
  confirmation: (page) => page.getByText('Thank you. Your report has been sent.'),
});
