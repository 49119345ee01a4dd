#!/usr/bin/env node
import { removeTemporaryFiles } from './cli/output.js';
import { runCli } from './cli/program.js';

// Interrupted mid-write: leave no temporary file of case data behind, then end as interrupted.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    removeTemporaryFiles();
    process.exit(code);
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  interactive: process.stderr.isTTY === true && !process.env.CI,
});
