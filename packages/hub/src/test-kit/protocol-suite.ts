import type { Case } from '@talap/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withOrganisation } from '../store/database.js';
import { createKey, revokeKey, rotateEpoch, setAllowedOrigins } from '../store/organisations.js';
import {
  createPush,
  type HubFixture,
  makeCase,
  newCaseId,
  type StoreKind,
  startHubFixture,
} from './hub-fixture.js';

const problemPrefix = 'https://talap.dev/problems/';

function withoutRevision(record: Case): Omit<Case, 'revision'> {
  const { revision: _revision, ...rest } = record;
  return rest;
}

function update(record: Case, baseRevision: number, id: string = crypto.randomUUID()) {
  return { id, op: 'update' as const, caseId: record.id, baseRevision, case: record };
}

/** The /v1 protocol contract: every store the hub runs on must pass it. */
export function describeProtocolSuite(kind: StoreKind): void {
  describe(`the /v1 protocol on ${kind}`, () => {
    let fixture: HubFixture;
    beforeAll(async () => {
      fixture = await startHubFixture(
        kind,
        kind === 'postgres' ? inject('postgresUrl') : undefined,
      );
    });
    afterAll(async () => {
      await fixture?.close();
    });

    const push = (key: string, body: unknown) => fixture.request('/v1/push', { key, body });

    it('creates a case, answers with revision 1 and returns it on read', async () => {
      const record = makeCase();
      const pushed = await push(fixture.orgA.keys.documenter, createPush([record]));
      expect(pushed.status).toBe(200);
      expect(pushed.body.results).toEqual([
        { id: expect.any(String), status: 'created', revision: 1 },
      ]);
      expect(typeof pushed.body.epoch).toBe('string');
      const read = await fixture.request(`/v1/cases/${record.id}`, {
        key: fixture.orgA.keys.documenter,
      });
      expect(read.status).toBe(200);
      expect(read.body.revision).toBe(1);
      expect(read.body.case).toEqual({ ...record, revision: 1 });
    });

    it('answers a replayed push with unchanged and the original revision, writing nothing new', async () => {
      const record = makeCase();
      const body = createPush([record]);
      const key = fixture.orgA.keys.documenter;
      expect((await push(key, body)).body.results[0].status).toBe('created');
      const before = await fixture.request('/v1/pull?since=0&limit=1000', { key });
      const replay = await push(key, body);
      expect(replay.body.results).toEqual([
        { id: body.mutations[0]?.id, status: 'unchanged', revision: 1 },
      ]);
      const after = await fixture.request(`/v1/pull?since=${before.body.cursor}`, { key });
      expect(after.body.changes).toEqual([]);
    });

    it('refuses a reused mutation id with a different payload as mismatch', async () => {
      const record = makeCase();
      const key = fixture.orgA.keys.documenter;
      const body = createPush([record]);
      await push(key, body);
      const changed = structuredClone(body);
      (changed.mutations[0]?.case as Case).updatedAt = '2025-01-01T00:00:00Z';
      const answer = await push(key, changed);
      expect(answer.body.results[0]).toEqual({ id: body.mutations[0]?.id, status: 'mismatch' });
      const read = await fixture.request(`/v1/cases/${record.id}`, { key });
      expect(read.body.case.updatedAt).toBe(record.updatedAt);
    });

    it('applies an update made on the current revision and refuses a stale one with the server’s version', async () => {
      const record = makeCase();
      const key = fixture.orgA.keys.documenter;
      await push(key, createPush([record]));
      const edited = { ...record, updatedAt: '2024-05-01T10:00:00Z' };
      const updated = await push(key, { clientId: 'c', mutations: [update(edited, 1)] });
      expect(updated.body.results[0]).toMatchObject({ status: 'updated', revision: 2 });
      const stale = { ...record, updatedAt: '2024-06-01T10:00:00Z' };
      const conflict = await push(key, { clientId: 'c', mutations: [update(stale, 1)] });
      expect(conflict.body.results[0]).toMatchObject({ status: 'conflict', revision: 2 });
      expect(withoutRevision(conflict.body.results[0].current)).toEqual(withoutRevision(edited));
      const read = await fixture.request(`/v1/cases/${record.id}`, { key });
      expect(read.body.case.updatedAt).toBe('2024-05-01T10:00:00Z');
    });

    it('keeps going past an invalid mutation and stores nothing for it', async () => {
      const good = makeCase();
      const bad = makeCase((record) => {
        (record.incident as { country: string }).country = 'Kazakhstan';
      });
      const key = fixture.orgA.keys.documenter;
      const answer = await push(key, createPush([bad, good]));
      expect(answer.body.results.map((result: { status: string }) => result.status)).toEqual([
        'invalid',
        'created',
      ]);
      expect(answer.body.results[0].issues).toEqual([
        expect.objectContaining({ path: '/incident/country', code: 'invalid_format' }),
      ]);
      const read = await fixture.request(`/v1/cases/${bad.id}`, { key });
      expect(read.status).toBe(404);
    });

    it('explains an invalid case in the language the client asks for', async () => {
      const bad = makeCase((record) => {
        (record.incident as { country: string }).country = 'Kazakhstan';
      });
      const answer = await fixture.request('/v1/push', {
        key: fixture.orgA.keys.documenter,
        body: createPush([bad]),
        headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' },
      });
      expect(answer.body.results[0].issues[0].message).toMatch(/[а-яА-Я]/);
    });

    it('refuses a case whose id differs from the mutation’s caseId', async () => {
      const record = makeCase();
      const answer = await push(fixture.orgA.keys.documenter, {
        clientId: 'c',
        mutations: [{ id: crypto.randomUUID(), op: 'create', caseId: newCaseId(), case: record }],
      });
      expect(answer.body.results[0]).toMatchObject({ status: 'invalid' });
      expect(answer.body.results[0].issues[0].path).toBe('/id');
    });

    it('applies two mutations of one case in one batch in order', async () => {
      const record = makeCase();
      const edited = { ...record, updatedAt: '2024-07-01T00:00:00Z' };
      const key = fixture.orgA.keys.documenter;
      const answer = await push(key, {
        clientId: 'c',
        mutations: [createPush([record]).mutations[0], update(edited, 1)],
      });
      expect(answer.body.results.map((result: { status: string }) => result.status)).toEqual([
        'created',
        'updated',
      ]);
      const read = await fixture.request(`/v1/cases/${record.id}`, { key });
      expect(read.body).toMatchObject({ revision: 2, case: { updatedAt: '2024-07-01T00:00:00Z' } });
    });

    it('pulls changes in commit order, page by page, and nothing after the last cursor', async () => {
      const key = fixture.orgB.keys.documenter;
      const cases = Array.from({ length: 7 }, () => makeCase());
      await push(key, createPush(cases.slice(0, 4)));
      await push(key, createPush(cases.slice(4)));
      const seen: string[] = [];
      let cursor = '0';
      let pages = 0;
      for (;;) {
        const page = await fixture.request(`/v1/pull?since=${cursor}&limit=3`, { key });
        expect(page.status).toBe(200);
        pages++;
        seen.push(...page.body.changes.map((change: { caseId: string }) => change.caseId));
        expect(BigInt(page.body.cursor)).toBeGreaterThanOrEqual(BigInt(cursor));
        cursor = page.body.cursor;
        if (!page.body.hasMore) break;
      }
      expect(seen).toEqual(cases.map((record) => record.id));
      expect(pages).toBe(3);
      const after = await fixture.request(`/v1/pull?since=${cursor}`, { key });
      expect(after.body).toMatchObject({ changes: [], cursor, hasMore: false });
    });

    it('moves an updated case to the end of the pull feed with its latest state', async () => {
      const key = fixture.orgA.keys.documenter;
      const first = makeCase();
      const second = makeCase();
      await push(key, createPush([first, second]));
      const start = (await fixture.request('/v1/pull?since=0&limit=1000', { key })).body.cursor;
      await push(key, {
        clientId: 'c',
        mutations: [update({ ...first, updatedAt: '2024-08-01T00:00:00Z' }, 1)],
      });
      const page = await fixture.request(`/v1/pull?since=${start}`, { key });
      expect(page.body.changes).toEqual([
        expect.objectContaining({ caseId: first.id, revision: 2, deleted: false }),
      ]);
      expect(page.body.changes[0].case.updatedAt).toBe('2024-08-01T00:00:00Z');
    });

    it('purges a case: gone from reads, export and statistics, a tombstone in pulls, and replays do not bring it back', async () => {
      const admin = fixture.orgA.keys.admin;
      const record = makeCase();
      const body = createPush([record]);
      await push(fixture.orgA.keys.documenter, body);
      const statsBefore = await fixture.request('/v1/stats', { key: admin });
      const start = (await fixture.request('/v1/pull?since=0&limit=1000', { key: admin })).body
        .cursor;

      const purged = await fixture.request(`/v1/cases/${record.id}`, {
        key: admin,
        method: 'DELETE',
      });
      expect(purged.status).toBe(204);

      expect((await fixture.request(`/v1/cases/${record.id}`, { key: admin })).status).toBe(404);
      const exported = await fixture.request('/v1/export', { key: admin });
      expect(exported.text).not.toContain(record.id);
      const statsAfter = await fixture.request('/v1/stats', { key: admin });
      expect(statsAfter.body.total).toBe(statsBefore.body.total - 1);
      const pulled = await fixture.request(`/v1/pull?since=${start}`, { key: admin });
      expect(pulled.body.changes).toEqual([
        { caseId: record.id, revision: 2, deleted: true, case: null },
      ]);

      const replay = await push(fixture.orgA.keys.documenter, body);
      expect(replay.body.results[0].status).toBe('unchanged');
      expect((await fixture.request(`/v1/cases/${record.id}`, { key: admin })).status).toBe(404);
      const again = await fixture.request(`/v1/cases/${record.id}`, {
        key: admin,
        method: 'DELETE',
      });
      expect(again.status).toBe(404);
    });

    it('lets an intake key create and replay, and nothing else', async () => {
      const intake = fixture.orgA.keys.intake;
      const record = makeCase();
      const body = createPush([record]);
      expect((await push(intake, body)).body.results[0]).toMatchObject({ status: 'created' });
      expect((await push(intake, body)).body.results[0]).toMatchObject({ status: 'unchanged' });
      for (const path of ['/v1/pull', `/v1/cases/${record.id}`, '/v1/export', '/v1/stats']) {
        const answer = await fixture.request(path, { key: intake });
        expect(answer.status, path).toBe(403);
        expect(answer.text).not.toContain(record.id);
      }
      expect(
        (await fixture.request(`/v1/cases/${record.id}`, { key: intake, method: 'DELETE' })).status,
      ).toBe(403);
    });

    it('tells an intake key nothing about a case it did not make', async () => {
      const record = makeCase();
      await push(fixture.orgA.keys.documenter, createPush([record]));
      const intake = fixture.orgA.keys.intake;
      const create = await push(
        intake,
        createPush([{ ...record, updatedAt: '2030-01-01T00:00:00Z' }]),
      );
      expect(create.body.results[0]).toEqual({ id: expect.any(String), status: 'conflict' });
      const edit = await push(intake, { clientId: 'c', mutations: [update(record, 1)] });
      expect(edit.body.results[0].status).toBe('invalid');
      expect(JSON.stringify(edit.body)).not.toContain(record.client.code ?? 'no-code');
    });

    it('gives an analyst statistics only, with small counts suppressed, and the admin exact counts', async () => {
      const analyst = fixture.orgB.keys.analyst;
      expect((await fixture.request('/v1/pull', { key: analyst })).status).toBe(403);
      expect((await push(analyst, createPush([makeCase()]))).status).toBe(403);
      const consented = Array.from({ length: 6 }, () =>
        makeCase((record) => {
          record.incident.country = 'MD';
          record.incident.date = '2023-02-10';
        }),
      );
      const fewer = Array.from({ length: 5 }, () =>
        makeCase((record) => {
          record.incident.country = 'UA';
          record.incident.date = '2023-02-10';
        }),
      );
      const rare = makeCase((record) => {
        record.incident.country = 'AM';
        record.incident.date = '2023-02-11';
      });
      const notConsented = makeCase((record) => {
        record.incident.country = 'GE';
        record.incident.date = '2023-02-12';
        delete record.consent.statistics;
      });
      await push(
        fixture.orgB.keys.documenter,
        createPush([...consented, ...fewer, rare, notConsented]),
      );
      const query = '/v1/stats?from=2023-02&to=2023-02';
      const asAnalyst = await fixture.request(query, { key: analyst });
      expect(asAnalyst.status).toBe(200);
      expect(asAnalyst.body.suppressedBelow).toBe(5);
      expect(asAnalyst.body.total).toBe(12);
      // AM's single case is hidden; UA is hidden too, or 12 − 6 − 5 would give AM's count away.
      expect(asAnalyst.body.byCountry).toEqual([
        { key: 'MD', count: 6 },
        { key: 'AM', count: null },
        { key: 'UA', count: null },
      ]);
      expect(asAnalyst.body.byMonth).toEqual([{ key: '2023-02', count: 12 }]);
      const asAdmin = await fixture.request(query, { key: fixture.orgB.keys.admin });
      expect(asAdmin.body.suppressedBelow).toBe(0);
      expect(asAdmin.body.byCountry).toEqual([
        { key: 'MD', count: 6 },
        { key: 'UA', count: 5 },
        { key: 'AM', count: 1 },
      ]);
      expect(asAdmin.body.byViolationType).toEqual([{ key: 'health_care_denied', count: 12 }]);
      expect(asAdmin.body.byPerpetrator).toEqual([{ key: 'health_worker', count: 12 }]);
      expect(asAdmin.body.byKeyPopulation).toEqual([{ key: 'people_living_with_hiv', count: 12 }]);
    });

    it('exports NDJSON for admins, redacted by the chosen policy', async () => {
      const admin = fixture.orgA.keys.admin;
      const record = makeCase();
      await push(fixture.orgA.keys.documenter, createPush([record]));
      const internal = await fixture.request('/v1/export', { key: admin });
      expect(internal.status).toBe(200);
      expect(internal.headers.get('content-type')).toContain('application/x-ndjson');
      const lines = internal.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.find((line) => line.id === record.id)?.client.contact.phone).toBe(
        record.client.contact?.phone,
      );
      const partner = await fixture.request('/v1/export?policy=partner', { key: admin });
      const shared = partner.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const mine = shared.find((line) => line.id === record.id);
      expect(mine).toBeDefined();
      expect(mine.client.contact).toBeUndefined();
      expect(mine.incident.account).toBeUndefined();
      expect(partner.text).not.toContain(record.incident.account ?? 'no account');
      expect(
        (await fixture.request('/v1/export', { key: fixture.orgA.keys.documenter })).status,
      ).toBe(403);
      expect((await fixture.request('/v1/export?policy=everything', { key: admin })).status).toBe(
        400,
      );
    });

    it('answers config with the protocol, the epoch, the role and the limits', async () => {
      const config = await fixture.request('/v1/config', { key: fixture.orgA.keys.intake });
      expect(config.status).toBe(200);
      expect(config.body).toMatchObject({
        protocol: 1,
        protocols: [1],
        role: 'intake',
        limits: fixture.hub.limits,
        publicKeys: [],
      });
      const health = await fixture.request('/v1/health');
      expect(health.body).toEqual({ ok: true });
    });

    it('changes the epoch it reports when the database is marked as restored', async () => {
      const key = fixture.orgA.keys.documenter;
      const before = (await fixture.request('/v1/config', { key })).body.epoch;
      const rotated = await rotateEpoch(fixture.hub.db);
      expect(rotated).not.toBe(before);
      expect((await fixture.request('/v1/config', { key })).body.epoch).toBe(rotated);
      expect((await push(key, createPush([makeCase()]))).body.epoch).toBe(rotated);
    });

    it('answers errors as problem+json with a stable type', async () => {
      const key = fixture.orgA.keys.documenter;
      const cases: [string, Parameters<HubFixture['request']>[1], number, string][] = [
        ['/v1/push', { body: createPush([makeCase()]) }, 401, 'unauthorized'],
        ['/v1/push', { key: 'tlk_nope', body: createPush([makeCase()]) }, 401, 'unauthorized'],
        [
          '/v1/push',
          { key, body: 'x=1', headers: { 'content-type': 'text/plain' } },
          415,
          'unsupported-media-type',
        ],
        ['/v1/push', { key, body: '{"clientId":"c","mutations":[' }, 400, 'invalid-json'],
        [
          '/v1/push',
          { key, body: { clientId: 'c', mutations: [], extra: 1 } },
          400,
          'invalid-request',
        ],
        [
          '/v1/push',
          { key, body: '{"clientId":"c","clientId":"d","mutations":[]}' },
          400,
          'invalid-json',
        ],
        [
          '/v1/push',
          { key, body: '{"clientId":"\\u0000","mutations":[]}' },
          400,
          'unsupported-text',
        ],
        [
          '/v1/push',
          { key, body: '{"clientId":"\\ud800","mutations":[]}' },
          400,
          'unsupported-text',
        ],
        [
          '/v1/push',
          { key, body: `${'['.repeat(10_000)}${']'.repeat(10_000)}` },
          400,
          'invalid-json',
        ],
        ['/v1/push', { key, method: 'GET' }, 405, 'method-not-allowed'],
        ['/v1/pull?since=abc', { key }, 400, 'invalid-request'],
        ['/v1/pull?limit=0', { key }, 400, 'invalid-request'],
        ['/v1/pull?cursor=1', { key }, 400, 'invalid-request'],
        ['/v1/cases/not-an-id', { key }, 400, 'invalid-request'],
        ['/v1/stats?from=2024', { key: fixture.orgA.keys.admin }, 400, 'invalid-request'],
        ['/v2/push', { key }, 404, 'not-found'],
      ];
      for (const [path, options, status, slug] of cases) {
        const answer = await fixture.request(path, options);
        expect(answer.status, `${path} ${slug}`).toBe(status);
        expect(answer.headers.get('content-type')).toBe('application/problem+json');
        expect(answer.body).toMatchObject({ type: `${problemPrefix}${slug}`, status });
        expect(answer.body.detail.length).toBeGreaterThan(10);
      }
    });

    it('refuses a body over the size limit before reading it all, with or without Content-Length', async () => {
      const key = fixture.orgA.keys.documenter;
      const big = `{"clientId":"c","mutations":[],"pad":"${'x'.repeat(fixture.hub.limits.maxBodyBytes)}"}`;
      const declared = await fixture.request('/v1/push', { key, body: big });
      expect(declared.status).toBe(413);
      const chunk = new TextEncoder().encode('x'.repeat(1 << 20));
      let sent = 0;
      const streamed = await fetch(`${fixture.url}/v1/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: new ReadableStream({
          pull(controller) {
            if (sent++ < 10) controller.enqueue(chunk);
            else controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect((await streamed.json()).type).toBe(`${problemPrefix}body-too-large`);
    });

    it('refuses a revoked key at once', async () => {
      const made = await createKey(fixture.hub.db, fixture.orgA.id, 'documenter');
      const before = await fixture.request('/v1/config', { key: made.key });
      expect(before.status).toBe(200);
      expect(await revokeKey(fixture.hub.db, made.id)).toBe(true);
      const after = await fixture.request('/v1/config', { key: made.key });
      expect(after.status).toBe(401);
    });

    it('answers CORS preflights for allowed origins only, and refuses a key used from another organisation’s origin', async () => {
      const preflight = (origin: string) =>
        fetch(`${fixture.url}/v1/push`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        });
      const allowed = await preflight('https://ngo.example');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ngo.example');
      const unknown = await preflight('https://evil.example');
      expect(unknown.headers.get('access-control-allow-origin')).toBeNull();

      await setAllowedOrigins(fixture.hub.db, fixture.orgB.id, [
        'https://ngo.example',
        'https://b-only.example',
      ]);
      // The hub refreshes its list of allowed origins every few seconds; the key check reads it live.
      const fromB = await fixture.request('/v1/config', {
        key: fixture.orgA.keys.documenter,
        headers: { origin: 'https://b-only.example' },
      });
      expect(fromB.status).toBe(403);
      expect(fromB.body.type).toBe(`${problemPrefix}origin-not-allowed`);
      const fromA = await fixture.request('/v1/config', {
        key: fixture.orgA.keys.documenter,
        headers: { origin: 'https://ngo.example' },
      });
      expect(fromA.status).toBe(200);
      expect(fromA.headers.get('access-control-allow-origin')).toBe('https://ngo.example');
    });

    it('keeps an audit log of who did what to which case, without the contents', async () => {
      const record = makeCase();
      await push(fixture.orgA.keys.documenter, createPush([record]));
      const rows = await withOrganisation(fixture.hub.db, fixture.orgA.id, (tx) =>
        tx.query<Record<string, unknown>>('select * from audit_log where case_id = $1', [
          record.id,
        ]),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'case.create', revision: 1 });
      expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
        ['action', 'at', 'case_id', 'id', 'key_id', 'organisation_id', 'revision'].sort(),
      );
      expect(JSON.stringify(rows)).not.toContain(record.client.code ?? 'no-code');
    });

    it('lets row-level security hide other organisations’ rows even from a query without a filter', async () => {
      await push(fixture.orgA.keys.documenter, createPush([makeCase()]));
      await push(fixture.orgB.keys.documenter, createPush([makeCase()]));
      for (const organisation of [fixture.orgA, fixture.orgB]) {
        const seen = await withOrganisation(fixture.hub.db, organisation.id, async (tx) => ({
          cases: await tx.query<{ organisation_id: string }>('select organisation_id from cases'),
          receipts: await tx.query<{ organisation_id: string }>(
            'select organisation_id from receipts',
          ),
        }));
        const keys = withOrganisation(fixture.hub.db, organisation.id, (tx) =>
          tx.query('select id from api_keys'),
        );
        await expect(keys).rejects.toThrow(/permission denied/);
        expect(seen.cases.length).toBeGreaterThan(0);
        expect(new Set(seen.cases.map((row) => row.organisation_id))).toEqual(
          new Set([organisation.id]),
        );
        expect(new Set(seen.receipts.map((row) => row.organisation_id))).toEqual(
          new Set([organisation.id]),
        );
      }
      const other = fixture.orgB.id;
      const write = withOrganisation(fixture.hub.db, fixture.orgA.id, (tx) =>
        tx.query(
          `insert into cases (organisation_id, case_id, revision, record, created_by_key, commit_seq)
           values ($1, $2, 1, '{}', $1, 999999)`,
          [other, newCaseId()],
        ),
      );
      await expect(write).rejects.toThrow(/row-level security/);
    });
  });
}
