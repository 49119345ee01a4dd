import { createHash } from 'node:crypto';
import { allowsStatistics, type Case, redact, redactionPolicies, validateCase } from '@talap/core';
import {
  cursorPattern,
  type HubLimits,
  type KeyRole,
  type MutationResult,
  parseMessage,
  protocolVersion,
  pushRequestSchema,
  type StatisticsResponse,
} from '@talap/core/protocol';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { stream } from 'hono/streaming';
import type { Logger } from 'pino';
import { parseKey, secretMatches } from '../auth/keys.js';
import {
  type Actor,
  applyMutations,
  auditExport,
  type CheckedMutation,
  countCases,
  exportPage,
  getCase,
  pullChanges,
  purgeCase,
} from '../store/cases.js';
import { type Database, withOrganisation } from '../store/database.js';
import { allAllowedOrigins, findKey, readEpoch } from '../store/organisations.js';
import { organisationPublicKeys, servedPublicKey } from '../store/public-keys.js';
import { canonicalJson } from './canonical-json.js';
import { type DashboardFiles, serveDashboard } from './dashboard.js';
import { readJsonBody } from './json-body.js';
import { pickLocale } from './locale.js';
import { buildOpenApiDocument } from './openapi.js';
import { ProblemError, problemResponse } from './problem.js';
import { RateLimiter } from './rate-limit.js';

/** What the HTTP layer needs from the hub. */
export interface AppDependencies {
  readonly db: Database;
  readonly limits: HubLimits;
  readonly logger: Logger;
  /** Counts under this are hidden from analysts (never from the organisation's admins). */
  readonly suppressBelow: number;
  /** The built dashboard to serve at /dashboard/; undefined when there is none. */
  readonly dashboard?: DashboardFiles | undefined;
  readonly now?: () => number;
}

type Env = { Variables: { actor: Actor; locale: string } };

const caseIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

function requireRole(actor: Actor, roles: readonly KeyRole[], doing: string): void {
  if (!roles.includes(actor.role)) {
    throw new ProblemError(
      'forbidden',
      `A key with the role "${actor.role}" cannot ${doing}. Use a key with the role ${roles.map((role) => `"${role}"`).join(' or ')}.`,
    );
  }
}

function queryParams(url: string, allowed: readonly string[]): URLSearchParams {
  const params = new URL(url).searchParams;
  for (const name of params.keys()) {
    if (!allowed.includes(name)) {
      throw new ProblemError(
        'invalid-request',
        `Unknown query parameter "${name.slice(0, 40)}". This endpoint takes: ${allowed.join(', ') || 'none'}.`,
      );
    }
  }
  return params;
}

/**
 * Hides counts under `threshold`. Shown counts come largest first and hidden ones after them in
 * key order, so the order gives nothing away. For a dimension whose counts add up to the total
 * (each case has one country, one month), hidden counts must also add up to at least the
 * threshold, or the total minus the shown counts would give a small one away: the smallest shown
 * counts are hidden too until they do.
 */
function suppress(
  counts: ReadonlyMap<string, number>,
  threshold: number,
  addsUpToTotal: boolean,
): { key: string; count: number | null }[] {
  const ordered = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const hidden = new Set(ordered.filter(([, count]) => count < threshold).map(([key]) => key));
  if (addsUpToTotal && hidden.size > 0) {
    let hiddenSum = ordered.filter(([key]) => hidden.has(key)).reduce((sum, [, n]) => sum + n, 0);
    for (const [key, count] of [...ordered].reverse()) {
      if (hiddenSum >= threshold && hidden.size > 1) break;
      if (hidden.has(key)) continue;
      hidden.add(key);
      hiddenSum += count;
    }
  }
  return [
    ...ordered.filter(([key]) => !hidden.has(key)).map(([key, count]) => ({ key, count })),
    ...ordered
      .filter(([key]) => hidden.has(key))
      .map(([key]) => key)
      .sort()
      .map((key) => ({ key, count: null })),
  ];
}

/** The hub's HTTP API under /v1 and its statistics dashboard under /dashboard/, as a Hono app. */
export function createApp(deps: AppDependencies): Hono<Env> {
  const { db, limits, logger } = deps;
  const rateLimiter = new RateLimiter(limits.requestsPerMinute, deps.now);
  const openApi = buildOpenApiDocument(limits);
  let origins = { set: new Set<string>(), at: Number.NEGATIVE_INFINITY };
  const now = deps.now ?? Date.now;

  const app = new Hono<Env>();

  app.onError((error, c) => {
    if (error instanceof ProblemError) {
      return problemResponse(error.slug, error.detail, error.options);
    }
    // Never the message: a database error can quote the values it choked on.
    logger.error(
      {
        err: { name: error.name, code: (error as { code?: unknown }).code },
        route: c.req.routePath,
      },
      'request failed',
    );
    return problemResponse('internal', 'The hub could not finish the request. Try again later.');
  });
  app.notFound(() =>
    problemResponse('not-found', 'There is nothing at this address. The API lives under /v1.'),
  );

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const actor = c.get('actor') as Actor | undefined;
    logger.info(
      {
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        key: actor?.keyId,
        org: actor?.organisationId,
      },
      'request',
    );
  });

  // Health and the API description need no key, no origin check and no database beyond a ping.
  app.get('/v1/health', async (c) => {
    const reachable = await db.query('select 1').then(
      () => true,
      () => false,
    );
    if (!reachable) {
      return problemResponse('unavailable', 'The hub cannot reach its database.', {
        headers: { 'retry-after': '5' },
      });
    }
    return c.json({ ok: true as const });
  });
  app.get('/v1/openapi.json', (c) => c.json(openApi));
  // The statistics dashboard is static files: the key is typed into the page and sent to /v1/stats.
  serveDashboard(app, deps.dashboard);

  // Which web pages may call the hub is decided per organisation; a preflight carries no key,
  // so it is answered for any origin some organisation allows.
  app.use('/v1/*', async (_c, next) => {
    if (now() - origins.at > 5_000) origins = { set: await allAllowedOrigins(db), at: now() };
    await next();
  });
  app.use(
    '/v1/*',
    cors({
      origin: (origin) => (origins.set.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'DELETE'],
      allowHeaders: ['authorization', 'content-type', 'accept-language'],
      exposeHeaders: ['retry-after'],
      maxAge: 600,
    }),
  );

  app.use('/v1/*', async (c, next) => {
    c.set('locale', pickLocale(c.req.header('accept-language')));
    await next();
  });

  const authenticate = async (request: Request): Promise<Actor> => {
    const header = request.headers.get('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
    const refused = new ProblemError(
      'unauthorized',
      'Send a valid, unrevoked hub key as "Authorization: Bearer <key>". Ask your hub administrator for a key.',
      { headers: { 'www-authenticate': 'Bearer' } },
    );
    const parsed = match ? parseKey(match[1] as string) : undefined;
    if (!parsed) throw refused;
    const stored = await findKey(db, parsed.id);
    if (!stored || !secretMatches(parsed.secret, stored.secretHash) || stored.revoked)
      throw refused;
    const origin = request.headers.get('origin');
    if (origin !== null && !stored.allowedOrigins.includes(origin)) {
      const host = request.headers.get('host');
      const sameOrigin = host !== null && URL.canParse(origin) && new URL(origin).host === host;
      if (!sameOrigin) {
        throw new ProblemError(
          'origin-not-allowed',
          'This organisation has not allowed web pages from this origin to use its keys. Its administrator can add the origin with: talap-hub org origins.',
        );
      }
    }
    const wait = rateLimiter.take(stored.id);
    if (wait > 0) {
      throw new ProblemError(
        'rate-limited',
        `This key sent more than ${limits.requestsPerMinute} requests a minute. Wait ${wait} s and send again.`,
        { headers: { 'retry-after': String(wait) } },
      );
    }
    return { keyId: stored.id, organisationId: stored.organisationId, role: stored.role };
  };

  app.use('/v1/*', async (c, next) => {
    const path = c.req.path;
    if (c.req.method === 'OPTIONS' || path === '/v1/health' || path === '/v1/openapi.json') {
      return next();
    }
    c.set('actor', await authenticate(c.req.raw));
    return next();
  });

  app.get('/v1/config', async (c) => {
    queryParams(c.req.url, []);
    const actor = c.get('actor');
    // Public keys are public: every role may fetch its organisation's, an intake key included.
    const publicKeys = await withOrganisation(db, actor.organisationId, (tx) =>
      organisationPublicKeys(tx, actor.organisationId),
    );
    return c.json({
      protocol: protocolVersion,
      protocols: [protocolVersion],
      epoch: await readEpoch(db),
      role: actor.role,
      limits,
      publicKeys: publicKeys.map(servedPublicKey),
    });
  });

  app.post('/v1/push', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, ['intake', 'documenter', 'admin'], 'push cases');
    const locale = c.get('locale');
    const body = await readJsonBody(c.req.raw, limits);
    const parsed = parseMessage(pushRequestSchema, body, { locale });
    if (!parsed.ok) {
      throw new ProblemError(
        'invalid-request',
        'The push body does not match the protocol: see "issues" for each place to fix.',
        { issues: parsed.issues },
      );
    }
    const { mutations } = parsed.value;
    if (mutations.length > limits.maxMutationsPerPush) {
      throw new ProblemError(
        'invalid-request',
        `A push may carry at most ${limits.maxMutationsPerPush} mutations; this one has ${mutations.length}. Split it.`,
      );
    }
    const checked = mutations.map((mutation): CheckedMutation => {
      const result = validateCase(mutation.case, { locale });
      if (!result.ok) return { id: mutation.id, invalid: [...result.issues] };
      if (result.value.id !== mutation.caseId) {
        return {
          id: mutation.id,
          invalid: [
            {
              path: '/id',
              code: 'invalid_value',
              severity: 'error',
              message: 'The case id must be the same as the mutation\'s "caseId".',
            },
          ],
        };
      }
      const hash = createHash('sha256')
        .update(
          canonicalJson({
            op: mutation.op,
            caseId: mutation.caseId,
            baseRevision: mutation.op === 'update' ? mutation.baseRevision : null,
            case: mutation.case,
          }),
        )
        .digest();
      return {
        id: mutation.id,
        op: mutation.op,
        caseId: mutation.caseId,
        ...(mutation.op === 'update' ? { baseRevision: mutation.baseRevision } : {}),
        hash,
        record: result.value,
        countsInStatistics: allowsStatistics(result.value),
      };
    });
    const results: MutationResult[] = await applyMutations(db, actor, checked);
    return c.json({ epoch: await readEpoch(db), results });
  });

  app.get('/v1/pull', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, ['documenter', 'admin'], 'pull cases');
    const params = queryParams(c.req.url, ['since', 'limit']);
    const since = params.get('since') ?? '0';
    if (!cursorPattern.test(since)) {
      throw new ProblemError(
        'invalid-request',
        'The "since" parameter must be a cursor the hub returned, or 0 to start from the beginning.',
      );
    }
    const limitText = params.get('limit') ?? '100';
    const limit = /^\d{1,7}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(limit >= 1 && limit <= limits.maxChangesPerPull)) {
      throw new ProblemError(
        'invalid-request',
        `The "limit" parameter must be a whole number from 1 to ${limits.maxChangesPerPull}.`,
      );
    }
    const page = await pullChanges(db, actor, BigInt(since), limit);
    return c.json({ epoch: await readEpoch(db), ...page });
  });

  const caseIdParam = (value: string): string => {
    if (!caseIdPattern.test(value)) {
      throw new ProblemError(
        'invalid-request',
        'A case id is a lowercase UUID version 7, like 01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f70.',
      );
    }
    return value;
  };
  const noSuchCase = () =>
    new ProblemError('not-found', 'This organisation has no case with this id.');

  app.get('/v1/cases/:caseId', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, ['documenter', 'admin'], 'read cases');
    queryParams(c.req.url, []);
    const caseId = caseIdParam(c.req.param('caseId'));
    const found = await getCase(db, actor, caseId);
    if (!found) throw noSuchCase();
    return c.json({ caseId, revision: found.revision, case: found.record });
  });

  app.delete('/v1/cases/:caseId', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, ['admin'], 'purge cases');
    queryParams(c.req.url, []);
    const caseId = caseIdParam(c.req.param('caseId'));
    if (!(await purgeCase(db, actor, caseId))) throw noSuchCase();
    return c.body(null, 204);
  });

  app.get('/v1/export', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, ['admin'], 'export cases');
    const params = queryParams(c.req.url, ['policy']);
    const policy = params.get('policy') ?? 'internal';
    if (!Object.hasOwn(redactionPolicies, policy)) {
      throw new ProblemError(
        'invalid-request',
        `The "policy" parameter must be one of: ${Object.keys(redactionPolicies).join(', ')}.`,
      );
    }
    const chosen = policy as keyof typeof redactionPolicies;
    // A HEAD request sends no records, so it is not an export.
    if (c.req.method === 'GET') await auditExport(db, actor, chosen);
    c.header('content-type', 'application/x-ndjson; charset=utf-8');
    c.header('content-disposition', `attachment; filename="cases-${chosen}.ndjson"`);
    return stream(c, async (out) => {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const page = await exportPage(db, actor, after, 500);
        if (page.lastCaseId === undefined) break;
        after = page.lastCaseId;
        const lines = page.records
          .map((record: Case) => (chosen === 'internal' ? record : redact(record, chosen)))
          .filter((record) => record !== null)
          .map((record) => `${JSON.stringify(record)}\n`)
          .join('');
        if (lines) await out.write(lines);
        if (out.aborted) break;
      }
    });
  });

  app.get('/v1/stats', async (c) => {
    const actor = c.get('actor');
    requireRole(actor, ['analyst', 'admin'], 'see statistics');
    const params = queryParams(c.req.url, ['from', 'to']);
    const from = params.get('from');
    const to = params.get('to');
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== null && !monthPattern.test(value)) {
        throw new ProblemError('invalid-request', `The "${name}" parameter is a month: YYYY-MM.`);
      }
    }
    const raw = await countCases(db, actor, from, to);
    const threshold = actor.role === 'admin' ? 0 : deps.suppressBelow;
    const body: StatisticsResponse = {
      total: raw.total < threshold ? null : raw.total,
      suppressedBelow: threshold,
      from,
      to,
      byViolationType: suppress(raw.dimensions.violation, threshold, false),
      byPerpetrator: suppress(raw.dimensions.perpetrator, threshold, false),
      byKeyPopulation: suppress(raw.dimensions.keyPopulation, threshold, false),
      byCountry: suppress(raw.dimensions.country, threshold, true),
      byMonth: suppress(raw.dimensions.month, threshold, true).sort((a, b) =>
        a.key.localeCompare(b.key),
      ),
    };
    return c.json(body);
  });

  // A known address with the wrong method is a 405, not a 404.
  const methods: Record<string, string> = {
    '/v1/health': 'GET',
    '/v1/openapi.json': 'GET',
    '/v1/config': 'GET',
    '/v1/push': 'POST',
    '/v1/pull': 'GET',
    '/v1/cases/:caseId': 'GET, DELETE',
    '/v1/export': 'GET',
    '/v1/stats': 'GET',
  };
  for (const [path, allow] of Object.entries(methods)) {
    app.all(path, () =>
      problemResponse('method-not-allowed', `This address answers ${allow} only.`, {
        headers: { allow },
      }),
    );
  }

  return app;
}
