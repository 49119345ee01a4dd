import { mkdirSync, writeFileSync } from 'node:fs';

function countTests(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite?.suites ?? []) countTests(child, counts);
}

/** A @web/test-runner reporter that writes pass/fail counts to .test-results/browser.json. */
export function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, files: 0 };
      for (const session of sessions) {
        counts.files += 1;
        countTests(session.testResults, counts);
        // A file that failed to load or threw outside a test has no test results: count it as failed.
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += 1;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync('.test-results/browser.json', JSON.stringify(counts));
    },
  };
}
