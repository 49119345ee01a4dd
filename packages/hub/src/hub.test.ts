import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createHub } from './hub.js';
import { migrate, migrations } from './store/migrations.js';
import { openDatabase } from './store/open.js';
import { createKey, createOrganisation } from './store/organisations.js';
import { createPush, makeCase, startHubFixture } from './test-kit/hub-fixture.js';
import { createTestDatabase } from './test-kit/postgres-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function pushRequest(key: string, body: unknown): Request {
  return new Request('http://hub.test/v1/push', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the hub', () => {
  it('finishes requests in flight when it is closed, then refuses new ones with 503', async () => {
    const databaseUrl = await createTestDatabase(inject('postgresUrl'));
    const hub = await createHub({ databaseUrl, logger: false });
    const organisation = await createOrganisation(hub.db, 'Drain');
    const { key } = await createKey(hub.db, organisation.id, 'documenter');
    const cases = Array.from({ length: 150 }, () => makeCase());
    const inFlight = hub.fetch(pushRequest(key, createPush(cases)));
    const closing = hub.close();
    const late = await hub.fetch(pushRequest(key, createPush([makeCase()])));
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('5');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(
      (await answer.json()).results.every((r: { status: string }) => r.status === 'created'),
    ).toBe(true);
    await closing;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query('select count(*)::int as n from cases');
    await client.end();
    expect(rows[0].n).toBe(150);
  });

  it('answers 429 with Retry-After once a key exceeds its rate', async () => {
    const fixture = await startHubFixture('pglite', undefined, {
      limits: { requestsPerMinute: 6 },
    });
    cleanups.push(() => fixture.close());
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const answer = await fixture.request('/v1/config', { key: fixture.orgA.keys.documenter });
      statuses.push(answer.status);
      if (answer.status === 429) {
        retryAfter = answer.headers.get('retry-after');
        expect(answer.body.type).toBe('https://talap.dev/problems/rate-limited');
      }
    }
    expect(statuses).toEqual([200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const otherKey = await fixture.request('/v1/config', { key: fixture.orgA.keys.admin });
    expect(otherKey.status).toBe(200);
  });

  it('refuses limits outside what it can honour', async () => {
    await expect(createHub({ limits: { maxJsonDepth: 0 }, logger: false })).rejects.toThrow(
      /maxJsonDepth must be a whole number from 1/,
    );
  });

  it('applies migrations once, and refuses a database migrated by a newer hub', async () => {
    const databaseUrl = await createTestDatabase(inject('postgresUrl'));
    const db = await openDatabase({ databaseUrl });
    expect(await migrate(db)).toEqual([]);
    const newest = migrations.at(-1)?.version ?? 0;
    await db.query('insert into talap_migrations (version, name) values ($1, $2)', [
      newest + 1,
      'future',
    ]);
    await db.close();
    await expect(openDatabase({ databaseUrl })).rejects.toThrow(/newer than this talap-hub knows/);
  });

  it('runs as a database user that is not a superuser once it may use the scoped role', async () => {
    const serverUrl = inject('postgresUrl');
    const name = `talap_owner_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`create role ${name} login`);
      await admin.query(`create database ${name} owner ${name}`);
      // The scoped role exists on this cluster already (other tests made it): the new user is no member.
      await admin.query('create role talap_hub_scoped nologin').catch(() => {});
      const url = new URL(serverUrl);
      url.username = name;
      url.pathname = `/${name}`;
      await expect(openDatabase({ databaseUrl: url.toString() })).rejects.toThrow(
        /GRANT talap_hub_scoped TO/,
      );
      await admin.query(`grant talap_hub_scoped to ${name}`);
      const hub = await createHub({ databaseUrl: url.toString(), logger: false });
      cleanups.push(() => hub.close());
      const organisation = await createOrganisation(hub.db, 'Not a superuser');
      const { key } = await createKey(hub.db, organisation.id, 'documenter');
      const answer = await hub.fetch(pushRequest(key, createPush([makeCase()])));
      expect((await answer.json()).results[0].status).toBe('created');
    } finally {
      await admin.end();
    }
  });

  it('serves one PostgreSQL database from several hub processes with one gap-free commit order', async () => {
    const databaseUrl = await createTestDatabase(inject('postgresUrl'));
    const hubs = await Promise.all(
      [1, 2, 3].map(() => createHub({ databaseUrl, logger: false, poolSize: 4 })),
    );
    cleanups.push(async () => {
      await Promise.all(hubs.map((hub) => hub.close()));
    });
    const first = hubs[0];
    if (!first) throw new Error('no hub');
    const organisation = await createOrganisation(first.db, 'Shared');
    const { key } = await createKey(first.db, organisation.id, 'documenter');
    const sent = await Promise.all(
      hubs.flatMap((hub) =>
        Array.from({ length: 4 }, async () => {
          const cases = Array.from({ length: 10 }, () => makeCase());
          const answer = await hub.fetch(pushRequest(key, createPush(cases)));
          expect(answer.status).toBe(200);
          return cases.map((record) => record.id);
        }),
      ),
    );
    const pulled: string[] = [];
    let cursor = '0';
    for (;;) {
      const page = await (
        await hubs[1]?.fetch(
          new Request(`http://hub.test/v1/pull?since=${cursor}&limit=7`, {
            headers: { authorization: `Bearer ${key}` },
          }),
        )
      )?.json();
      pulled.push(...page.changes.map((change: { caseId: string }) => change.caseId));
      expect(BigInt(page.cursor)).toBeGreaterThan(BigInt(cursor));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pulled).toHaveLength(120);
    expect(new Set(pulled)).toEqual(new Set(sent.flat()));
    expect(cursor).toBe('120');
  });
});
