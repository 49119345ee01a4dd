// Every fenced code block of the docs is checked, as its marker says (see CONTRIBUTING.md, "Code in
// the docs"): TypeScript runs in Node or Chromium, shell commands run with the workspace's
// `talap-hub` and `talap`, SQL runs on a PostgreSQL server, HTTP requests go to a real hub, JSON is
// validated against the protocol and case schemas, and app code must appear in a file a test
// exercises. Set TALAP_DOCS_FILES=docs/hub.md,README.md to check only some files while writing.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Case, validateCase } from '../packages/core/src/index.js';
import {
  caseResponseSchema,
  configResponseSchema,
  healthResponseSchema,
  mutationResultSchema,
  parseMessage,
  problemSchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  statisticsResponseSchema,
} from '../packages/core/src/protocol/index.js';
import { createHub, type Hub } from '../packages/hub/src/hub.js';
import { createKey, createOrganisation } from '../packages/hub/src/store/organisations.js';
import { makeCase } from '../packages/hub/src/test-kit/hub-fixture.js';
import {
  createTestDatabase,
  type PostgresServer,
  startPostgres,
} from '../packages/hub/src/test-kit/postgres-server.js';
import { assertChromium, chromiumArgs, chromiumPath } from './chromium.mjs';
import {
  type CodeBlock,
  documentationFiles,
  extractBlocks,
  fillPlaceholders,
  headerOnlyBlock,
  hubPlaceholder,
  type Marker,
  missingParagraph,
  type OutputSchema,
  outputMismatch,
  parseHttp,
  parseMarker,
  type SampleKeyRole,
  type ShellCommand,
  sampleKeyRoles,
  shellCommands,
  shellWords,
  usesHubPlaceholders,
} from './docs-samples.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsxLoader = join(root, 'node_modules/tsx/dist/loader.mjs');
const onlyFiles = process.env.TALAP_DOCS_FILES?.split(',')
  .map((file) => file.trim())
  .filter((file) => file !== '');
const files = documentationFiles(root).filter((file) => !onlyFiles || onlyFiles.includes(file));

/**
 * Files that `same-as` blocks may point to, and the test that exercises each (its path first): a
 * block copied from a file nobody runs would prove nothing.
 */
const exercisedBy: Readonly<Record<string, string>> = {
  'examples/html-embed/index.html':
    'examples/html-embed/html-embed.test.ts serves this page wired to a hub and types a report in Chromium',
  'examples/react/src/report-page.tsx':
    'examples/react/react-example.test.ts builds this page and types a report in Chromium',
  'examples/vue/src/report-page.vue':
    'examples/vue/vue-example.test.ts builds this page and types a report in Chromium',
  'examples/vue/vite.config.ts': 'examples/vue/vue-example.test.ts builds the page with it',
  'packages/intake-form/src/events.ts':
    'packages/intake-form/src/intake-form.hub.browser.test.ts receives these events from the element',
  'docs/deployment/talap-hub@.service':
    'scripts/docs-samples.test.ts starts a hub with its ExecStart ("the systemd unit …")',
  'docs/deployment/nginx.conf':
    'scripts/docs-samples.test.ts checks it against the unit and the hub ("the nginx configuration …")',
};

/** A command of the docs that this test does not run, why, and what it checks instead. */
interface NotRun {
  readonly pattern: RegExp;
  readonly why: string;
  /** Returns what is wrong with the command as the docs show it, or undefined. */
  readonly check: (match: RegExpExecArray) => string | undefined;
}

const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** The package.json of the workspace package named `name`. */
function workspacePackage(name: string): { json: Record<string, unknown> } | undefined {
  for (const parent of ['packages', 'examples']) {
    for (const dir of safeList(join(root, parent))) {
      const path = join(root, parent, dir, 'package.json');
      if (!existsSync(path)) continue;
      const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      if (json.name === name) return { json };
    }
  }
  return undefined;
}

function safeList(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

const rootScript = (name: string) =>
  rootPackage.scripts[name] ? undefined : `the root package.json has no "${name}" script`;

const notRun: readonly NotRun[] = [
  {
    pattern: /^npm run bootstrap$/,
    why: 'installs pnpm globally and, as root, Debian packages',
    check: () => rootScript('bootstrap'),
  },
  {
    pattern: /^pnpm install( --frozen-lockfile)?$/,
    why: 'downloads the dependencies from the registry',
    check: () =>
      existsSync(join(root, 'pnpm-lock.yaml')) ? undefined : 'there is no pnpm-lock.yaml',
  },
  {
    pattern: /^npm (?:i|install) (-g )?(@talap\/[a-z-]+)$/,
    why: 'installs a published package from the registry',
    check: (match) => {
      const found = workspacePackage(match[2] as string);
      if (!found || found.json.private === true)
        return `${match[2]} is not a published package of this workspace`;
      if (match[1] && typeof found.json.bin !== 'object')
        return `${match[2]} has no command to install globally (no "bin")`;
      return undefined;
    },
  },
  {
    pattern: /^cp node_modules\/(@talap\/[a-z-]+)\/(dist\/[\w.-]*)\*?([\w.-]*) \.\/$/,
    why: 'copies files of a package installed from the registry (the line before)',
    check: (match) => {
      const json = workspacePackage(match[1] as string)?.json;
      if (!json) return `there is no package ${match[1]}`;
      if (!((json.files ?? []) as string[]).includes('dist'))
        return `${match[1]} does not publish dist/`;
      const targets = JSON.stringify(json.exports ?? {});
      return targets.includes(`./${match[2]}`) && targets.includes(match[3] as string)
        ? undefined
        : `no export of ${match[1]} is a file ${match[2]}*${match[3]}`;
    },
  },
  {
    pattern: /^pnpm (check|test)$/,
    why: 'runs the whole check or test suite, this test among them',
    check: (match) => rootScript(match[1] as string),
  },
  {
    pattern: /^pnpm changeset( status)?$/,
    why: 'asks questions (changeset), or depends on the changesets of the branch (status)',
    check: () => rootScript('changeset'),
  },
  {
    pattern: /^pnpm --filter "?(@talap\/[a-z-]+)(\^\.\.\.)?"? (build|generate)$/,
    why: 'rewrites the files of packages that other tests read while they run (pnpm check builds)',
    check: (match) => {
      const found = workspacePackage(match[1] as string);
      if (!found) return `there is no package ${match[1]}`;
      const scripts = (found.json.scripts ?? {}) as Record<string, string>;
      return match[2] || scripts[match[3] as string]
        ? undefined
        : `${match[1]} has no "${match[3]}" script`;
    },
  },
  {
    pattern: /^pnpm --filter (@talap\/example-[a-z-]+) (dev|preview)$/,
    why: "serves an example until stopped; the example's own test builds and serves the page",
    check: (match) => {
      const scripts = (workspacePackage(match[1] as string)?.json.scripts ?? {}) as Record<
        string,
        string
      >;
      return scripts[match[2] as string] ? undefined : `${match[1]} has no "${match[2]}" script`;
    },
  },
  {
    pattern:
      /^sudo systemctl (?:daemon-reload|(?:enable --now|start|stop|restart) ((?:'?talap-hub@[\d*]+'? ?)+))$/,
    why: "starts and stops services of the machine; this test starts the unit's ExecStart itself",
    check: (match) => {
      const upstream = readFileSync(join(root, 'docs/deployment/nginx.conf'), 'utf8');
      const ports = (match[1] ?? '').match(/\d+/g) ?? [];
      const missing = ports.filter((port) => !upstream.includes(`127.0.0.1:${port}`));
      return missing.length > 0
        ? `nginx.conf sends nothing to port ${missing.join(', ')}`
        : undefined;
    },
  },
  {
    pattern: /^sudo systemctl reload nginx$/,
    why: 'reloads a service of the machine; this test checks nginx.conf itself',
    check: () => undefined,
  },
  {
    pattern: /^sudo (?:cp|install -m \d+) (\S+) (\/etc\/\S+)$/,
    why: 'writes into /etc; checked that the file it copies is one of docs/deployment',
    check: (match) =>
      existsSync(join(root, 'docs/deployment', match[1] as string))
        ? undefined
        : `docs/deployment has no ${match[1]}`,
  },
];

/** Where this run keeps its files: inside the workspace, so samples resolve `@talap/*` like its own code. */
let runDir = '';
let binDir = '';
let pageServer: Server | undefined;
let pageOrigin = '';
const pages = new Map<string, { js?: string; css?: string; csp: string }>();

beforeAll(() => {
  const cacheDir = join(root, 'node_modules/.cache');
  mkdirSync(cacheDir, { recursive: true });
  runDir = mkdtempSync(join(cacheDir, 'docs-samples-'));
  writeFileSync(join(runDir, 'package.json'), '{ "private": true, "type": "module" }\n');
  mkdirSync(join(runDir, 'node_modules/@talap'), { recursive: true });
  for (const name of ['core', 'sync', 'hub', 'intake-form', 'cli']) {
    symlinkSync(join(root, 'packages', name), join(runDir, 'node_modules/@talap', name));
  }
  binDir = join(runDir, 'bin');
  mkdirSync(binDir);
  const wrapper = (name: string, bin: string) => {
    const path = join(binDir, name);
    writeFileSync(
      path,
      `#!/bin/sh\nexec "${process.execPath}" --import "${tsxLoader}" --conditions @talap/source "${join(root, bin)}" "$@"\n`,
    );
    chmodSync(path, 0o755);
  };
  wrapper('talap-hub', 'packages/hub/src/bin.ts');
  wrapper('talap', 'packages/cli/src/bin.ts');

  // Serves the pages of browser samples, each under its own path.
  pageServer = createServer((request, response) => {
    if (request.url === '/favicon.ico') {
      response.statusCode = 204;
      response.end();
      return;
    }
    const [, id = '', name = ''] = /^\/([^/]+)\/([^/?]*)/.exec(request.url ?? '') ?? [];
    const page = pages.get(id);
    if (!page) {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.setHeader('Content-Security-Policy', page.csp);
    if (name === '' || name === 'index.html') {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sample</title>${page.css ? '<link rel="stylesheet" href="sample.css">' : ''}</head><body><talap-intake-form></talap-intake-form>${page.js ? '<script type="module" src="sample.js"></script>' : ''}</body></html>`,
      );
    } else if (name === 'sample.js' && page.js) {
      response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      response.end(page.js);
    } else if (name === 'sample.css' && page.css) {
      response.setHeader('Content-Type', 'text/css; charset=utf-8');
      response.end(page.css);
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  return new Promise<void>((resolve) => {
    pageServer?.listen(0, '127.0.0.1', () => {
      const address = pageServer?.address();
      pageOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      resolve();
    });
  });
});

afterAll(async () => {
  await (await sharedHub.peek())?.hub.close();
  await (await sharedBrowser.peek())?.close();
  (await ownPostgres.peek())?.stop();
  for (const [child, group] of children) {
    if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  }
  await new Promise<void>((resolve) =>
    pageServer ? pageServer.close(() => resolve()) : resolve(),
  );
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}, 60_000);

/** A value made once, on first use. */
function once<T>(make: () => Promise<T>) {
  let made: Promise<T> | undefined;
  return {
    get: () => {
      made ??= make();
      return made;
    },
    peek: () => made?.catch(() => undefined),
  };
}

/** The priority of the work of the page being checked: lower goes first. */
const pagePriority = new AsyncLocalStorage<number>();

/**
 * Lets at most `size` tasks run at once (the machine has two cores, shared with other work). A
 * waiting task of a page with more work to do goes first, so the longest chains of commands do
 * not wait behind short ones.
 */
function limiter(size: number) {
  let running = 0;
  const waiting: Array<{ priority: number; start: () => void }> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= size) {
      // Wait for a running task to hand its slot over.
      const priority = pagePriority.getStore() ?? 0;
      await new Promise<void>((start) => {
        const at = waiting.findIndex((entry) => entry.priority > priority);
        waiting.splice(at < 0 ? waiting.length : at, 0, { priority, start });
      });
    } else {
      running++;
    }
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next.start();
      else running--;
    }
  };
}
const processSlots = limiter(2);

/** One hub for every sample that needs one (on the test PostgreSQL); each sample gets its own organisation. */
const sharedHub = once(async () => {
  const databaseUrl = await createTestDatabase(inject('postgresUrl'));
  const hub = await createHub({ databaseUrl, logger: false, dashboardDir: false });
  const url = await hub.listen({ port: 0, host: '127.0.0.1' });
  // The page origin is allowed from the start, so CORS preflights of browser samples pass at once.
  await createOrganisation(hub.db, 'docs samples', [pageOrigin]);
  return { hub, url };
});

let organisations = 0;
async function sampleOrganisation(): Promise<{
  hub: Hub;
  url: string;
  keys: Record<SampleKeyRole, string>;
}> {
  const { hub, url } = await sharedHub.get();
  const organisation = await createOrganisation(hub.db, `docs sample ${++organisations}`, [
    pageOrigin,
  ]);
  const keys = {} as Record<SampleKeyRole, string>;
  for (const role of sampleKeyRoles)
    keys[role] = (await createKey(hub.db, organisation.id, role)).key;
  return { hub, url, keys };
}

/** A PostgreSQL server of this test alone, for pages that create roles (roles are cluster-wide). */
const ownPostgres = once<PostgresServer>(() => startPostgres());

const sharedBrowser = once<Browser>(async () => {
  assertChromium();
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
});

/** The processes this test started and has not seen end, and whether each leads a process group. */
const children = new Map<ChildProcess, boolean>();

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of every command and sample: no color, no inherited database or test runner settings. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_OPTIONS' || name === 'DATABASE_URL' || name.startsWith('VITEST')) continue;
    env[name] = value;
  }
  return {
    ...env,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    // The wrappers first; PostgreSQL's client programs of the test server's version next.
    PATH: `${binDir}:${inject('postgresBin') || '/usr/bin'}:${process.env.PATH}`,
    ...extra,
  };
}

/** Runs a program to its end (at most `timeoutMs`, then it is killed) and collects its output. */
function runToEnd(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Finished> {
  return processSlots(
    () =>
      new Promise((resolve) => {
        const child = spawn(command, args, {
          cwd: options.cwd,
          env: options.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.set(child, false);
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
          stdout += text;
        });
        child.stderr.setEncoding('utf8').on('data', (text: string) => {
          stderr += text;
        });
        const timer = setTimeout(() => {
          stderr += `\n(killed after ${(options.timeoutMs ?? 60_000) / 1000} s)`;
          child.kill('SIGKILL');
        }, options.timeoutMs ?? 60_000);
        child.once('close', (code) => {
          clearTimeout(timer);
          children.delete(child);
          resolve({ code, stdout, stderr });
        });
      }),
  );
}

/**
 * Runs a server until it answers: waits for `findUrl` to see its address in what it printed,
 * asks `GET /v1/health` (and `extraProbe`) until the answer is 200, then stops it with SIGTERM
 * (its whole process group when `group`). Resolves with what went wrong, or undefined.
 */
function runServer(
  command: string,
  args: readonly string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    findUrl: (stdout: string) => string | undefined;
    group?: boolean;
    extraProbe?: (stdout: string) => string | undefined;
    exitCode?: number | undefined;
  },
): Promise<{ problem?: string; stdout: string; stderr: string }> {
  return processSlots(async () => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.group === true,
    });
    children.set(child, options.group === true);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('close', (code) => {
        children.delete(child);
        resolve(code);
      }),
    );
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    const stop = (signal: NodeJS.Signals) => {
      if (gone || child.pid === undefined) return;
      if (options.group) process.kill(-child.pid, signal);
      else child.kill(signal);
    };
    const deadline = Date.now() + 90_000;
    let problem: string | undefined;
    try {
      let url: string | undefined;
      while (!url && !gone && Date.now() < deadline) {
        url = options.findUrl(stdout);
        if (!url) await sleep(100);
      }
      if (!url) throw new Error('it stopped, or never printed its address');
      const probes = [`${url}/v1/health`];
      const extra = options.extraProbe?.(stdout);
      if (extra) probes.push(extra);
      for (const probe of probes) {
        let status = 0;
        while (status !== 200 && !gone && Date.now() < deadline) {
          status = await fetch(probe).then(
            (response) => response.status,
            () => 0,
          );
          if (status !== 200) await sleep(200);
        }
        if (status !== 200) throw new Error(`GET ${probe} never answered 200`);
      }
    } catch (error) {
      problem = (error as Error).message;
    }
    stop('SIGTERM');
    const killer = setTimeout(() => stop('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(killer);
    if (!problem && options.exitCode !== undefined && code !== options.exitCode) {
      problem = `it exited with ${code} after SIGTERM, not ${options.exitCode}`;
    }
    return problem ? { problem, stdout, stderr } : { stdout, stderr };
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Commands that run once however many pages show them (`pnpm start`), by their text. */
const sharedCommands = {
  runs: new Map<string, Promise<{ problem?: string; stdout: string; stderr: string }>>(),
  get(text: string, start: () => Promise<{ problem?: string; stdout: string; stderr: string }>) {
    let running = this.runs.get(text);
    if (!running) {
      running = start();
      this.runs.set(text, running);
    }
    return running;
  },
};

const urlIn = (text: string) => /https?:\/\/[^\s"]+/.exec(text)?.[0];

/** What one Markdown file's samples share while they run, in the order of the file. */
class FileRun {
  readonly failures: string[] = [];
  readonly scratch: string;
  /** Variables set by `export NAME=value` lines of the file's shell samples. */
  readonly exported: Record<string, string> = {};
  /** What the last sample printed, for an `output` block after it. */
  lastOutput: string | undefined;
  readonly ownsDatabase: boolean;
  #database: Promise<string> | undefined;

  constructor(
    readonly file: string,
    readonly blocks: readonly CodeBlock[],
  ) {
    this.scratch = join(runDir, file.replace(/[^\w.-]+/g, '_'));
    mkdirSync(this.scratch, { recursive: true });
    // Commands the docs give "from the repository root" find its folders here too.
    for (const name of ['packages', 'examples', 'docs', 'scripts']) {
      symlinkSync(join(root, name), join(this.scratch, name));
    }
    this.ownsDatabase = blocks.some((block) => block.marker.kind === 'sql');
  }

  fail(block: CodeBlock, message: string, line = 0): void {
    this.failures.push(
      `${this.file}:${block.line + line} (${block.lang || 'no language'}): ${message}`,
    );
  }

  /**
   * The database a `DATABASE_URL=…` of the docs stands for. On a page that creates its own roles
   * (an `sql` sample), the page's user, password and database on this test's own server; elsewhere
   * a new database of the test PostgreSQL server, as its superuser.
   */
  async databaseUrl(shown: string): Promise<string> {
    if (this.ownsDatabase) {
      const server = await ownPostgres.get();
      const target = new URL(server.url);
      const given = new URL(shown);
      given.host = target.host;
      return given.toString();
    }
    this.#database ??= createTestDatabase(inject('postgresUrl'));
    return this.#database;
  }
}

async function checkFile(file: string): Promise<string[]> {
  const text = readFileSync(join(root, file), 'utf8');
  const blocks = extractBlocks(file, text);
  const run = new FileRun(file, blocks);
  for (const block of blocks) {
    const marker = block.marker;
    if (marker.kind === 'error') {
      run.fail(block, marker.message);
      continue;
    }
    try {
      await checkBlock(run, block, marker);
    } catch (error) {
      run.fail(block, `the check failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
  return run.failures;
}

async function checkBlock(run: FileRun, block: CodeBlock, marker: Marker): Promise<void> {
  switch (marker.kind) {
    case 'illustration':
      return;
    case 'same-as':
      return checkSameAs(run, block, marker.path);
    case 'file':
      writeFileSync(join(run.scratch, marker.name), block.code);
      if (block.lang === 'json') checkJson(run, block, undefined, block.code);
      return;
    case 'shell':
      if (!['sh', 'bash', 'shell', 'console'].includes(block.lang)) {
        return run.fail(block, 'a shell sample is a sh block');
      }
      return checkShell(run, block);
    case 'sql':
      if (block.lang !== 'sql') return run.fail(block, 'an sql sample is an sql block');
      return checkSql(run, block);
    case 'run':
      if (marker.browser) return checkBrowserRun(run, block, marker);
      if (!['ts', 'js', 'typescript', 'javascript'].includes(block.lang)) {
        return run.fail(
          block,
          'only ts and js blocks run in Node (css, html, tsx and vue: same-as)',
        );
      }
      return checkNodeRun(run, block, marker);
    case 'output':
      return checkOutput(run, block, marker);
  }
}

function checkSameAs(run: FileRun, block: CodeBlock, path: string) {
  const full = join(root, path);
  if (!existsSync(full)) return run.fail(block, `same-as ${path}: there is no such file`);
  const exercise = exercisedBy[path];
  if (!exercise) {
    return run.fail(
      block,
      `same-as ${path}: no test is known to exercise that file; add it, with the test that runs it, to exercisedBy in scripts/docs-samples.test.ts`,
    );
  }
  const testFile = exercise.split(' ')[0] as string;
  if (!existsSync(join(root, testFile))) {
    return run.fail(block, `same-as ${path}: ${testFile}, the test that exercises it, is gone`);
  }
  const missing = missingParagraph(readFileSync(full, 'utf8'), block.code);
  if (missing !== undefined) {
    run.fail(
      block,
      `same-as ${path}: these lines are not in the file (or not in this order):\n${missing}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Shell

async function checkShell(run: FileRun, block: CodeBlock): Promise<void> {
  let filled = block.code;
  if (usesHubPlaceholders(filled)) {
    const organisation = await sampleOrganisation();
    filled = fillPlaceholders(filled, organisation.url, organisation.keys.documenter);
  }
  for (const command of shellCommands(filled)) {
    const problem = await runShellCommand(run, command);
    if (problem) run.fail(block, `${command.text}\n${problem}`, command.line);
  }
}

const envPrefix = /^((?:[A-Z_][A-Z0-9_]*=(?:'[^']*'|"[^"]*"|\S*)\s+)*)(.*)$/s;

/** The commands of this repository run from source (`npx tsx … bin.ts`) are `talap-hub` and `talap`. */
function fromSource(text: string): string {
  return text
    .replace(/npx tsx --conditions @talap\/source packages\/hub\/src\/bin\.ts\b/g, 'talap-hub')
    .replace(/npx tsx --conditions @talap\/source packages\/cli\/src\/bin\.ts\b/g, 'talap');
}

async function rewriteCommand(run: FileRun, text: string): Promise<string> {
  let rewritten = text;
  // Every PostgreSQL connection string points at a test database.
  for (const match of text.matchAll(/(['"]?)(postgres(?:ql)?:\/\/[^\s'"]+)\1/g)) {
    rewritten = rewritten.replace(match[0], `'${await run.databaseUrl(match[2] as string)}'`);
  }
  // Absolute folders of a server (/srv/…) live in the scratch folder.
  rewritten = rewritten.replace(/(^|[\s=])\/srv\//g, `$1${run.scratch}/srv/`);
  // `npx tsx script` and `node script` run against the workspace's sources, as the examples' own
  // tests do (npx would otherwise look for tsx in the registry).
  rewritten = rewritten.replace(
    /^((?:[A-Z_][A-Z0-9_]*=(?:'[^']*'|"[^"]*"|\S*)\s+)*)npx tsx\s/,
    '$1node ',
  );
  rewritten = rewritten.replace(
    /^((?:[A-Z_][A-Z0-9_]*=(?:'[^']*'|"[^"]*"|\S*)\s+)*)node\s/,
    `$1node --import "${tsxLoader}" --conditions @talap/source `,
  );
  return rewritten;
}

async function runShellCommand(run: FileRun, command: ShellCommand): Promise<string | undefined> {
  const text = fromSource(command.text);
  const withoutEnv = envPrefix.exec(text)?.[2] ?? text;
  for (const entry of notRun) {
    const match = entry.pattern.exec(withoutEnv);
    if (match) return entry.check(match);
  }
  const exported = /^export ([A-Z_][A-Z0-9_]*)=(.*)$/s.exec(text);
  if (exported) {
    const [, name = '', rawValue = ''] = exported;
    const value = shellWords(rawValue)[0] ?? '';
    run.exported[name] = name === 'DATABASE_URL' ? await run.databaseUrl(value) : value;
    return undefined;
  }
  const [, prefix = '', rest = ''] = envPrefix.exec(text) ?? [];
  const words = shellWords(rest);
  const env = childEnv(run.exported);

  if (words[0] === 'pnpm' && words[1] === 'start') {
    // Several pages show the same `pnpm start`: it runs once (it builds the form and the pages).
    const result = await sharedCommands.get(text, () =>
      runServer(
        'pnpm',
        [...words.slice(1), '--port', '0', '--hub-port', '0', '--data', join(run.scratch, 'demo')],
        {
          cwd: root,
          env,
          group: true,
          findUrl: (stdout) => /the hub's API:\s+(\S+)\/v1\/openapi\.json/.exec(stdout)?.[1],
          extraProbe: (stdout) => /the form \(a self-report page\):\s+(\S+)/.exec(stdout)?.[1],
        },
      ),
    );
    run.lastOutput = result.stdout;
    return result.problem && `${result.problem}\n${result.stderr.slice(-2000)}`;
  }

  if ((words[0] === 'talap-hub' && words[1] === 'serve') || command.background) {
    const [, serveEnv = '', serveCommand = ''] =
      envPrefix.exec(await rewriteCommand(run, `${prefix}${rest}`)) ?? [];
    // Servers listen on a free loopback port, whatever the docs chose.
    let serve = serveCommand
      .replace(/--port(\s+|=)\S+/, '--port 0')
      .replace(/--host(\s+|=)\S+/, '--host 127.0.0.1');
    if (!/--port\b/.test(serve) && words[0] === 'talap-hub') serve += ' --port 0';
    const result = await runServer('bash', ['-c', `${serveEnv}exec ${serve}`], {
      cwd: run.scratch,
      env,
      findUrl: (stdout) => urlIn(stdout.split('\n')[0] ?? ''),
      exitCode: 0,
    });
    run.lastOutput = result.stdout;
    return result.problem && `${result.problem}\n${result.stderr.slice(-2000)}`;
  }

  const finished = await runToEnd('bash', ['-c', await rewriteCommand(run, text)], {
    cwd: run.scratch,
    env,
  });
  run.lastOutput = finished.stdout;
  if (finished.code !== command.exitCode) {
    return `exited with ${finished.code}, not ${command.exitCode}:\n${(finished.stderr || finished.stdout).slice(-2000)}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// SQL

async function checkSql(run: FileRun, block: CodeBlock): Promise<void> {
  const server = await ownPostgres.get();
  const path = join(run.scratch, `sample-${block.line}.sql`);
  writeFileSync(path, block.code);
  const finished = await runToEnd(
    join(server.binDir, 'psql'),
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.url, '-f', path],
    { cwd: run.scratch, env: childEnv() },
  );
  if (finished.code !== 0)
    run.fail(block, `psql exited with ${finished.code}:\n${finished.stderr}`);
}

// ---------------------------------------------------------------------------------------------
// TypeScript in Node

async function checkNodeRun(
  run: FileRun,
  block: CodeBlock,
  marker: Extract<Marker, { kind: 'run' }>,
): Promise<void> {
  let code = block.code;
  if (usesHubPlaceholders(code)) {
    if (!marker.withHub) {
      return run.fail(
        block,
        `it uses ${hubPlaceholder} or a key placeholder: mark it run with-hub`,
      );
    }
  }
  if (marker.withHub) {
    const organisation = await sampleOrganisation();
    code = fillPlaceholders(code, organisation.url, organisation.keys[marker.role]);
  }
  const path = join(run.scratch, `sample-${block.line}.ts`);
  writeFileSync(path, code);
  const args = [
    '--import',
    tsxLoader,
    '--conditions',
    '@talap/source',
    '--no-warnings=ExperimentalWarning',
    path,
  ];
  if (marker.serves) {
    const port = await freePort();
    const result = await runServer(process.execPath, args, {
      cwd: run.scratch,
      env: childEnv({ PORT: String(port) }),
      findUrl: () => `http://127.0.0.1:${port}`,
      exitCode: 0,
    });
    run.lastOutput = result.stdout;
    if (result.problem) return run.fail(block, `${result.problem}\n${result.stderr}`);
    if (result.stderr !== '') return run.fail(block, `it wrote to stderr:\n${result.stderr}`);
    return;
  }
  const finished = await runToEnd(process.execPath, args, { cwd: run.scratch, env: childEnv() });
  run.lastOutput = finished.stdout;
  if (finished.code !== 0) {
    return run.fail(block, `it exited with ${finished.code}:\n${finished.stderr.slice(-3000)}`);
  }
  if (finished.stderr !== '')
    run.fail(block, `it wrote to stderr:\n${finished.stderr.slice(-3000)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Browser samples

const manifest = JSON.parse(
  readFileSync(join(root, 'packages/intake-form/custom-elements.json'), 'utf8'),
) as {
  modules: Array<{
    declarations?: Array<{
      cssProperties?: Array<{ name: string }>;
      cssParts?: Array<{ name: string }>;
    }>;
  }>;
};
const declarations = manifest.modules.flatMap((module) => module.declarations ?? []);
const cssProperties = new Set(
  declarations.flatMap((d) => d.cssProperties ?? []).map((p) => p.name),
);
const cssParts = new Set(declarations.flatMap((d) => d.cssParts ?? []).map((p) => p.name));

/**
 * Loads a page holding one registered `<talap-intake-form>` in Chromium, with the sample's
 * script or style, under `csp`; resolves with the errors the page reported (script errors,
 * console errors, Content Security Policy violations).
 */
async function loadPage(page: { js?: string; css?: string; csp: string }): Promise<string[]> {
  const id = randomUUID();
  pages.set(id, page);
  const browser = await sharedBrowser.get();
  const context = await browser.newContext();
  const tab = await context.newPage();
  const errors: string[] = [];
  let failed: () => void = () => {};
  const failure = new Promise<void>((resolve) => {
    failed = resolve;
  });
  tab.on('pageerror', (error) => {
    errors.push(`page error: ${error.message}`);
    failed();
  });
  tab.on('console', (message) => {
    if (message.type() !== 'error') return;
    errors.push(`console error: ${message.text()}`);
    failed();
  });
  try {
    await tab.goto(`${pageOrigin}/${id}/`);
    // The sample's script has run to its end (or there is none and the form has rendered).
    await Promise.race([
      tab.waitForFunction(
        (hasScript) =>
          hasScript
            ? (globalThis as { talapSampleDone?: boolean }).talapSampleDone === true
            : document
                .querySelector('talap-intake-form')
                ?.shadowRoot?.querySelector('[part~="form"]') !== null,
        page.js !== undefined,
        { timeout: 30_000 },
      ),
      failure,
    ]);
    if (errors.length > 0) return errors;
    const rendered = await tab.evaluate(
      () =>
        document.querySelector('talap-intake-form')?.shadowRoot?.querySelector('[part~="form"]') !==
        null,
    );
    if (!rendered) errors.push('the form did not render');
  } catch (error) {
    errors.push(`the page did not finish: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await context.close();
    pages.delete(id);
  }
  return errors;
}

const strictCsp = (hub: string) =>
  `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ${hub}; base-uri 'none'`;

async function checkBrowserRun(
  run: FileRun,
  block: CodeBlock,
  marker: Extract<Marker, { kind: 'run' }>,
): Promise<void> {
  if (block.lang === 'css') {
    for (const [, name] of block.code.matchAll(/(--talap-[\w-]+)\s*:/g)) {
      if (!cssProperties.has(name as string))
        run.fail(block, `${name} is not a custom property of the form`);
    }
    for (const [, name] of block.code.matchAll(/::part\(([\w-]+)\)/g)) {
      if (!cssParts.has(name as string))
        run.fail(block, `::part(${name}) is not a part of the form`);
    }
    const errors = await loadPage({
      js: await formOnlyBundle(),
      css: block.code,
      csp: strictCsp(''),
    });
    if (errors.length > 0) run.fail(block, errors.join('\n'));
    return;
  }
  if (!['ts', 'js'].includes(block.lang))
    return run.fail(block, 'a browser sample is a ts, js or css block');
  let code = block.code;
  let hubOrigin = '';
  if (usesHubPlaceholders(code) && !marker.withHub) {
    return run.fail(
      block,
      `it uses ${hubPlaceholder} or a key placeholder: mark it run browser with-hub`,
    );
  }
  if (marker.withHub) {
    const organisation = await sampleOrganisation();
    hubOrigin = organisation.url;
    code = fillPlaceholders(code, organisation.url, organisation.keys[marker.role]);
  }
  const path = join(run.scratch, `sample-${block.line}.ts`);
  writeFileSync(path, code);
  const bundle = await build({
    stdin: {
      contents: `import '@talap/intake-form';\nimport './sample-${block.line}.ts';\nglobalThis.talapSampleDone = true;\n`,
      resolveDir: run.scratch,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@talap/source'],
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'silent',
  }).catch((error: Error) => error);
  if (bundle instanceof Error) return run.fail(block, `it does not bundle: ${bundle.message}`);
  const errors = await loadPage({
    js: bundle.outputFiles[0]?.text ?? '',
    csp: strictCsp(hubOrigin),
  });
  if (errors.length > 0) run.fail(block, errors.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Output and data

const schemas = {
  case: undefined,
  'push-request': pushRequestSchema,
  'push-response': pushResponseSchema,
  'pull-response': pullResponseSchema,
  'case-response': caseResponseSchema,
  config: configResponseSchema,
  stats: statisticsResponseSchema,
  problem: problemSchema,
  'mutation-result': mutationResultSchema,
  health: healthResponseSchema,
} as const satisfies Record<OutputSchema, unknown>;

/** The JSON Pointers of the objects a sample shortened with a `"…"` key: nothing under them is checked. */
function elided(value: unknown, pointer = ''): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => elided(item, `${pointer}/${index}`));
  if (value === null || typeof value !== 'object') return [];
  if ('…' in value) return [pointer];
  return Object.entries(value).flatMap(([key, item]) => elided(item, `${pointer}/${key}`));
}

/** Issues that are not under a shortened object. */
function realIssues(
  issues: readonly { path: string; message: string }[],
  shortened: readonly string[],
): string[] {
  return issues
    .filter(
      (issue) =>
        !shortened.some(
          (pointer) => issue.path === pointer || issue.path.startsWith(`${pointer}/`),
        ),
    )
    .map((issue) => `${issue.path || '/'}: ${issue.message}`);
}

/** Every whole case inside a protocol message, with its pointer. */
function casesInside(schema: OutputSchema, value: unknown): Array<[string, unknown]> {
  const record = value as Record<string, unknown> & {
    mutations?: Array<{ case?: unknown }>;
    changes?: Array<{ case?: unknown }>;
    results?: Array<{ current?: unknown }>;
  };
  switch (schema) {
    case 'push-request':
      return (record.mutations ?? []).map((m, i) => [`/mutations/${i}/case`, m.case]);
    case 'pull-response':
      return (record.changes ?? [])
        .filter((c) => c.case !== null)
        .map((c, i) => [`/changes/${i}/case`, c.case]);
    case 'case-response':
      return [['/case', record.case]];
    case 'push-response':
      return (record.results ?? [])
        .filter((r) => r.current)
        .map((r, i) => [`/results/${i}/current`, r.current]);
    case 'mutation-result':
      return record.current ? [['/current', record.current]] : [];
    default:
      return [];
  }
}

function checkJson(
  run: FileRun,
  block: CodeBlock,
  schema: OutputSchema | undefined,
  text: string,
  line = 0,
) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return run.fail(block, `not JSON: ${(error as Error).message}`, line);
  }
  if (!schema) return;
  const shortened = elided(value);
  const problems: string[] = [];
  if (schema === 'case') {
    const result = validateCase(value);
    if (!result.ok) problems.push(...realIssues(result.issues, shortened));
  } else {
    const parsed = parseMessage(schemas[schema], value);
    if (!parsed.ok) problems.push(...realIssues(parsed.issues, shortened));
    for (const [pointer, inner] of casesInside(schema, value)) {
      if (elided(inner).length > 0) continue;
      const result = validateCase(inner);
      if (!result.ok)
        problems.push(...result.issues.map((issue) => `${pointer}${issue.path}: ${issue.message}`));
    }
  }
  if (problems.length > 0) run.fail(block, `not a valid ${schema}:\n${problems.join('\n')}`, line);
}

async function checkOutput(
  run: FileRun,
  block: CodeBlock,
  marker: Extract<Marker, { kind: 'output' }>,
): Promise<void> {
  if (block.lang === 'json') {
    checkJson(run, block, marker.schema, block.code);
    if (marker.printed) checkPrintedJson(run, block);
    return;
  }
  if (block.lang === 'ndjson') {
    block.code.split('\n').forEach((line, index) => {
      if (line.trim() !== '') checkJson(run, block, marker.schema, line, index + 1);
    });
    return;
  }
  if (block.lang === 'http') return checkHttp(run, block, marker);
  if (marker.schema && block.lang !== 'json') {
    return run.fail(block, 'a schema is only checked in json or ndjson blocks');
  }
  if (run.lastOutput === undefined) {
    return run.fail(
      block,
      'an output block shows what the sample before it printed, and no sample ran before it',
    );
  }
  const mismatch = outputMismatch(block.code, run.lastOutput);
  if (mismatch) run.fail(block, mismatch);
}

/** A json block marked `printed` holds the same value as the JSON the sample before it printed. */
function checkPrintedJson(run: FileRun, block: CodeBlock) {
  if (run.lastOutput === undefined)
    return run.fail(block, 'no sample ran before this printed block');
  let shown: unknown;
  let printed: unknown;
  try {
    shown = JSON.parse(block.code);
    printed = JSON.parse(run.lastOutput);
  } catch {
    return run.fail(
      block,
      `the sample before it did not print JSON:\n${run.lastOutput.slice(0, 2000)}`,
    );
  }
  if (!isDeepStrictEqual(shown, printed)) {
    run.fail(block, `the sample printed another value:\n${JSON.stringify(printed, null, 2)}`);
  }
}

async function checkHttp(
  run: FileRun,
  block: CodeBlock,
  marker: Extract<Marker, { kind: 'output' }>,
): Promise<void> {
  const headersOnly = headerOnlyBlock(block.code);
  if (headersOnly) {
    for (const [name, value] of headersOnly) {
      if (name.toLowerCase() !== 'content-security-policy') {
        run.fail(block, `${name}: only a Content-Security-Policy can be shown without a request`);
        continue;
      }
      const { url } = await sharedHub.get();
      const errors = await loadPage({
        js: await formOnlyBundle(),
        csp: value.replaceAll(hubPlaceholder, url),
      });
      if (errors.length > 0)
        run.fail(block, `the form does not work under this policy:\n${errors.join('\n')}`);
    }
    return;
  }
  const exchange = parseHttp(block.code);
  if ('error' in exchange) return run.fail(block, exchange.error);
  const status = exchange.response?.status ?? marker.status;
  if (status === undefined) {
    return run.fail(
      block,
      'show the response line (HTTP/1.1 200 OK) or give status=NNN in the marker',
    );
  }
  const organisation = await sampleOrganisation();
  const key = organisation.keys[marker.role];
  // A request about one case finds that case in its organisation.
  const caseId = /^\/v1\/cases\/([0-9a-f-]{36})/.exec(exchange.path)?.[1];
  if (caseId && exchange.method !== 'POST') {
    const made = makeCase((record: Case) => {
      (record as { id: string }).id = caseId;
    });
    const created = await fetch(`${organisation.url}/v1/push`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${organisation.keys.admin}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        clientId: 'docs-samples',
        mutations: [{ id: randomUUID(), op: 'create', caseId, case: made }],
      }),
    });
    if (created.status !== 200)
      return run.fail(block, `could not make case ${caseId} first: ${created.status}`);
  }
  const headers = new Headers();
  for (const [name, value] of exchange.headers) {
    if (name.toLowerCase() === 'host') continue;
    headers.set(name, fillPlaceholders(value, organisation.url, key));
  }
  const response = await fetch(`${organisation.url}${exchange.path}`, {
    method: exchange.method,
    headers,
    ...(exchange.body === ''
      ? {}
      : { body: fillPlaceholders(exchange.body, organisation.url, key) }),
  });
  const body = await response.text();
  run.lastOutput = body;
  if (response.status !== status) {
    return run.fail(
      block,
      `the hub answered ${response.status}, not ${status}:\n${body.slice(0, 2000)}`,
    );
  }
  for (const [name, value] of exchange.response?.headers ?? []) {
    const got = response.headers.get(name);
    if (got === null || outputMismatch(value, got) !== undefined) {
      run.fail(block, `the response's ${name} is ${got ?? 'missing'}, not ${value}`);
    }
  }
  if (
    exchange.headers.some(
      ([name, value]) => name.toLowerCase() === 'content-type' && value.includes('json'),
    )
  ) {
    try {
      JSON.parse(exchange.body);
    } catch (error) {
      run.fail(block, `the request body is not JSON: ${(error as Error).message}`);
    }
  }
}

const formOnly = once(async () => {
  const bundle = await build({
    stdin: {
      contents: `import '@talap/intake-form';\nglobalThis.talapSampleDone = true;\n`,
      resolveDir: runDir,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@talap/source'],
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'silent',
  });
  return bundle.outputFiles[0]?.text ?? '';
});
const formOnlyBundle = () => formOnly.get();

// ---------------------------------------------------------------------------------------------
// The tests

describe('reading the docs', () => {
  it('finds the blocks, their markers and the commands of a shell block', () => {
    const blocks = extractBlocks(
      'x.md',
      [
        '<!-- sample: run with-hub key=admin -->',
        '```ts',
        'const a = 1;',
        '```',
        '',
        '```sh',
        'npm run bootstrap && pnpm install   # once',
        'talap-hub serve &',
        'node check.mjs in.ndjson # exits 1: one line is invalid',
        '```',
      ].join('\n'),
    );
    expect(blocks.map((block) => [block.line, block.lang, block.marker.kind])).toEqual([
      [2, 'ts', 'run'],
      [6, 'sh', 'error'],
    ]);
    expect(blocks[0]?.marker).toMatchObject({ withHub: true, role: 'admin', browser: false });
    expect(shellCommands(blocks[1]?.code ?? '')).toEqual([
      { text: 'npm run bootstrap', line: 1, exitCode: 0, background: false },
      { text: 'pnpm install', line: 1, exitCode: 0, background: false },
      { text: 'talap-hub serve', line: 2, exitCode: 0, background: true },
      { text: 'node check.mjs in.ndjson', line: 3, exitCode: 1, background: false },
    ]);
  });

  it('refuses an illustration without a reason and an unknown kind', () => {
    expect(parseMarker('illustration')).toMatchObject({ kind: 'error' });
    expect(parseMarker('maybe later')).toMatchObject({ kind: 'error' });
  });

  it('finds a block in a file paragraph by paragraph, in order, with the page placeholders', () => {
    const page =
      '<head>\n  <script src="./x.js"></script>\n</head>\n<body>\n  <x-form\n    hub="%TALAP_HUB%"\n  ></x-form>\n</body>\n';
    expect(
      missingParagraph(
        page,
        '<script src="./x.js"></script>\n\n<x-form\n  hub="https://hub.example.org"\n></x-form>\n',
      ),
    ).toBeUndefined();
    expect(
      missingParagraph(
        page,
        '<x-form\n  hub="https://hub.example.org"\n></x-form>\n\n<script src="./x.js"></script>\n',
      ),
    ).toBe('<script src="./x.js"></script>');
  });

  it('matches shown output against printed output, … standing for any text', () => {
    expect(
      outputMismatch(
        'pushed 1, pulled …\nstill waiting: 0',
        'sent 1 of 1\npushed 1, pulled 4\nstill waiting: 0\n',
      ),
    ).toBeUndefined();
    expect(outputMismatch('still waiting: 0', 'still waiting: 1')).toContain('still waiting: 1');
  });
});

/** How much a page's samples run: its commands and programs, the heaviest first. */
function weight(file: string): number {
  return extractBlocks(file, readFileSync(join(root, file), 'utf8')).reduce((sum, block) => {
    const kind = block.marker.kind;
    if (kind === 'shell') return sum + 3 * shellCommands(block.code).length;
    return sum + (kind === 'run' ? 2 : kind === 'sql' || kind === 'output' ? 1 : 0);
  }, 0);
}

/** Every page's check, all started at once; each test below waits for its page's. */
const checks = new Map<string, Promise<string[]>>();

describe('the code blocks of the docs', () => {
  beforeAll(() => {
    const byWeight = [...files].sort((a, b) => weight(b) - weight(a));
    byWeight.forEach((file, priority) => {
      checks.set(
        file,
        pagePriority
          .run(priority, () => checkFile(file))
          .catch((error: Error) => [`${file}: ${error.stack ?? error.message}`]),
      );
    });
  });

  for (const file of files) {
    it(`${file}: every block has a marker and passes its check`, async () => {
      const failures = await checks.get(file);
      expect(failures?.join('\n\n')).toBe('');
    }, 300_000);
  }
});

const unitPath = join(root, 'docs/deployment/talap-hub@.service');
const nginxPath = join(root, 'docs/deployment/nginx.conf');

// Checked with docs/deployment.md, whose same-as blocks point to them.
if (!onlyFiles || onlyFiles.includes('docs/deployment.md')) {
  describe('the deployment files of docs/deployment.md', () => {
    it('the systemd unit starts a hub on PostgreSQL with its ExecStart', async ({ expect }) => {
      const unit = readFileSync(unitPath, 'utf8');
      const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1];
      expect(execStart, 'the unit has an ExecStart').toBeDefined();
      const [binary = '', ...args] = shellWords(execStart ?? '');
      expect(binary).toMatch(/\/talap-hub$/);
      const scratch = mkdtempSync(join(runDir, 'unit-'));
      const command = ['talap-hub', ...args.map((arg) => arg.replaceAll('%i', '0'))];
      const result = await runServer(
        'bash',
        ['-c', `exec ${command.map((word) => `'${word}'`).join(' ')}`],
        {
          cwd: scratch,
          env: childEnv({ DATABASE_URL: await createTestDatabase(inject('postgresUrl')) }),
          findUrl: (stdout) => urlIn(stdout.split('\n')[0] ?? ''),
          exitCode: 0,
        },
      );
      expect(result.problem, result.stderr).toBeUndefined();
    }, 120_000);

    it('the nginx configuration lets the hub work behind it', ({ expect }) => {
      const nginx = readFileSync(nginxPath, 'utf8');
      const unit = readFileSync(unitPath, 'utf8');
      const maxBody = Number(/--max-body-bytes[ =](\d+)/.exec(unit)?.[1] ?? 4 * 1024 * 1024);
      const size = /client_max_body_size\s+(\d+)([kKmM]?)\s*;/.exec(nginx);
      expect(size, 'client_max_body_size is set').not.toBeNull();
      const factor = { '': 1, k: 1024, K: 1024, m: 1024 ** 2, M: 1024 ** 2 }[size?.[2] ?? ''] ?? 1;
      expect(
        Number(size?.[1]) * factor,
        'nginx lets every body the hub accepts through',
      ).toBeGreaterThanOrEqual(maxBody);
      expect(nginx, 'the Host header reaches the hub (same-origin pages)').toMatch(
        /proxy_set_header\s+Host\s+\$(http_)?host\s*;/,
      );
      const upstreams = [...nginx.matchAll(/^\s*server\s+127\.0\.0\.1:(\d+)/gm)].map(
        (match) => match[1],
      );
      expect(upstreams.length, 'several hub processes').toBeGreaterThan(1);
      const keepalive = /keepalive_timeout\s+(\d+)s\s*;/.exec(
        /upstream[^{]*\{[^}]*\}/s.exec(nginx)?.[0] ?? '',
      );
      expect(
        keepalive,
        'idle upstream connections close before the hub closes them',
      ).not.toBeNull();
      expect(Number(keepalive?.[1]), "below Node's 5 s keep-alive").toBeLessThan(5);
      const exportBlock = /location[^{]*\/v1\/export[^{]*\{[^}]*\}/s.exec(nginx)?.[0] ?? '';
      expect(exportBlock, 'exports stream without buffering').toMatch(/proxy_buffering\s+off\s*;/);
    });
  });
}
