// Runs every test: Vitest in Node, then @web/test-runner in Chromium, and prints one closing
// line `total: N passed, N failed`. Exits non-zero when anything failed or when no test ran.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const results = '.test-results';
rmSync(results, { recursive: true, force: true });

function run(command, args) {
  const child = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return child.status ?? 1;
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

const nodeExit = run('pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}/node.json`,
]);
const nodeReport = readJson(`${results}/node.json`);
const node = { passed: 0, failed: 0 };
if (nodeReport) {
  node.passed = nodeReport.numPassedTests;
  node.failed = nodeReport.numFailedTests;
  // A test file that fails to load has no tests of its own: count it as one failure.
  for (const file of nodeReport.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) node.failed += 1;
  }
}
if (nodeExit !== 0 && node.failed === 0) node.failed = 1;

const browserExit = run('pnpm', ['exec', 'wtr']);
const browser = readJson(`${results}/browser.json`) ?? { passed: 0, failed: 0 };
if (browserExit !== 0 && browser.failed === 0) browser.failed = 1;

const passed = node.passed + browser.passed;
const failed = node.failed + browser.failed;
console.log('');
console.log(`node (vitest): ${node.passed} passed, ${node.failed} failed`);
console.log(`chromium (web-test-runner): ${browser.passed} passed, ${browser.failed} failed`);
if (passed + failed === 0) console.log('no test ran: that is a failure');
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
