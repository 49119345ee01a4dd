// A @web/test-runner plugin that runs a Talap hub for browser tests and serves its address and
// keys to them as the module /__talap/test-hub.js. For encryption tests it also serves
// `encryption`: the fingerprint and key id of the organisation's public key (the frozen test
// vector's, whose private key is in packages/core/test-vectors), and the keys of a second
// organisation whose hub serves another public key, as a hub that swapped the key would.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(
  new URL('../packages/hub/src/test-kit/serve-for-tests.ts', import.meta.url),
);

/** Starts the hub when the test server starts and stops it when the test server stops. */
export function testHubPlugin() {
  let child;
  let info;
  return {
    name: 'talap-test-hub',
    async serverStart({ config }) {
      const origins = [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
      child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--conditions',
          '@talap/source',
          script,
          ...origins.flatMap((o) => ['--origin', o]),
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      const lines = createInterface({ input: child.stdout });
      info = await new Promise((resolve, reject) => {
        lines.once('line', (line) => resolve(JSON.parse(line)));
        child.once('exit', (code) =>
          reject(new Error(`The test hub exited (${code}) before it started.`)),
        );
      });
    },
    async serverStop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    serve(context) {
      if (context.path === '/__talap/test-hub.js') {
        return { body: `export const testHub = ${JSON.stringify(info)};`, type: 'js' };
      }
    },
  };
}
