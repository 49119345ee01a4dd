import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StorageOptions } from '../store/open.js';

const binPath = fileURLToPath(new URL('../bin.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const running = new Set<ChildProcess>();

/** Kills every hub process a test started that is still running (call it in afterAll). */
export function killHubProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** A `talap-hub serve` child process and the base URL it printed. */
export interface HubProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<void>;
}

/** Runs `talap-hub serve` as a child process and resolves once it prints its URL. */
export function startHubProcess(
  storage: StorageOptions,
  onLogLine: (line: string) => void = () => {},
  port = 0,
): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions',
      '@talap/source',
      binPath,
      'serve',
      '--port',
      String(port),
      '--json',
      ...(storage.dataDir ? ['--data', storage.dataDir] : []),
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    // Every line after the first is a log line: keep reading so the child never blocks on a full pipe.
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    let first = true;
    lines.on('line', (line) => {
      if (!first) return onLogLine(line);
      first = false;
      try {
        const { url } = JSON.parse(line) as { url: string };
        resolve({ child, url, exited });
      } catch {
        reject(new Error(`talap-hub serve printed ${line.slice(0, 200)} instead of its URL`));
      }
    });
    void exited.then(() => {
      if (first) reject(new Error(`talap-hub serve exited before listening:\n${stderr}`));
    });
  });
}
