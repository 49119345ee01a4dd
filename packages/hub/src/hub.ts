import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { loadLocale, shippedLocales } from '@talap/core';
import type { HubLimits } from '@talap/core/protocol';
import type { Hono } from 'hono';
import { type Logger, pino } from 'pino';
import { createApp } from './http/app.js';
import { defaultDashboardDir, readDashboard } from './http/dashboard.js';
import { resolveLimits } from './http/limits.js';
import { problemResponse } from './http/problem.js';
import type { Database } from './store/database.js';
import { openDatabase, type StorageOptions } from './store/open.js';

/** How to build a hub. */
export interface HubOptions extends StorageOptions {
  /** An already opened and migrated database, instead of `databaseUrl` or `dataDir`. */
  readonly database?: Database;
  /** Overrides of the default limits (see docs/hub.md). */
  readonly limits?: Partial<HubLimits>;
  /** Where structured logs go; `false` for none. Defaults to JSON lines on stdout. */
  readonly logger?: Logger | false;
  /** Statistics shown to analysts hide counts under this (default 5). */
  readonly suppressBelow?: number;
  /**
   * A folder holding a built dashboard (index.html, dashboard.js, dashboard.css) to serve at
   * /dashboard/; `false` to serve none. Defaults to the dashboard built with this package
   * (dist/dashboard), when it has been built.
   */
  readonly dashboardDir?: string | false;
  /** The clock, for rate limits. */
  readonly now?: () => number;
}

/** A running hub: its HTTP handler, its database, and a way to listen and to stop. */
export interface Hub {
  readonly db: Database;
  readonly limits: HubLimits;
  readonly app: Hono;
  /** Answers one request (no network needed). */
  fetch(request: Request): Promise<Response>;
  /** Listens on `host:port` (defaults 127.0.0.1 and a free port) and resolves with the base URL. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /** Stops taking requests, waits for those in flight (up to `timeoutMs`), then closes the database. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** Builds a hub on PGlite (a folder, or memory) or PostgreSQL, with migrations applied. */
export async function createHub(options: HubOptions = {}): Promise<Hub> {
  const limits = resolveLimits(options.limits);
  const suppressBelow = options.suppressBelow ?? 5;
  if (!Number.isInteger(suppressBelow) || suppressBelow < 0) {
    throw new RangeError('suppressBelow must be a whole number, 0 or more.');
  }
  await Promise.all(shippedLocales.map((locale) => loadLocale(locale)));
  const dashboard =
    options.dashboardDir === false
      ? undefined
      : options.dashboardDir !== undefined
        ? await readDashboard(options.dashboardDir)
        : // A build rewriting dist/dashboard while the hub starts must not stop the hub.
          await readDashboard(defaultDashboardDir()).catch(() => undefined);
  if (typeof options.dashboardDir === 'string' && !dashboard) {
    throw new Error(
      `No built dashboard in ${options.dashboardDir}: it has no index.html. Give the folder of a built dashboard (index.html, dashboard.js, dashboard.css), or leave dashboardDir out to serve the one built with @talap/hub.`,
    );
  }
  const logger = options.logger === false ? pino({ enabled: false }) : (options.logger ?? pino());
  const db = options.database ?? (await openDatabase(options));
  const app = createApp({
    db,
    limits,
    logger,
    suppressBelow,
    dashboard,
    ...(options.now ? { now: options.now } : {}),
  });

  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;
  const fetch = async (request: Request): Promise<Response> => {
    if (closing) {
      return problemResponse('unavailable', 'The hub is shutting down. Send again in a moment.', {
        headers: { 'retry-after': '5', connection: 'close' },
      });
    }
    inFlight++;
    try {
      return await app.fetch(request);
    } finally {
      inFlight--;
      if (closing && inFlight === 0) drained?.();
    }
  };

  let server: ReturnType<typeof serve> | undefined;
  return {
    db,
    limits,
    app: app as unknown as Hono,
    fetch,
    listen({ port = 0, host = '127.0.0.1' } = {}) {
      return new Promise((resolve, reject) => {
        const started = serve({ fetch, port, hostname: host }, (info: AddressInfo) => {
          const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
          resolve(`http://${shownHost}:${info.port}`);
        });
        started.once('error', reject);
        server = started;
      });
    },
    async close({ timeoutMs = 10_000 } = {}) {
      if (closing) return;
      closing = true;
      const deadline = Date.now() + timeoutMs;
      const timeLeft = () =>
        new Promise<void>((resolve) =>
          setTimeout(resolve, Math.max(0, deadline - Date.now())).unref(),
        );
      const stopped = server
        ? new Promise<void>((resolve) => server?.close(() => resolve()))
        : Promise.resolve();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          timeLeft(),
        ]);
      }
      // Idle keep-alive connections go now; a response still streaming (an export) may finish
      // until the deadline, then every connection is cut.
      if (server && 'closeIdleConnections' in server) server.closeIdleConnections();
      await Promise.race([stopped, timeLeft()]);
      if (server && 'closeAllConnections' in server) server.closeAllConnections();
      await stopped;
      if (!options.database) await db.close();
      logger.info({ event: 'stopped' }, 'hub stopped');
    },
  };
}
