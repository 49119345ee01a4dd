import type { Case } from '@talap/core';
import type { KeyRole } from '@talap/core/protocol';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createPush,
  type HubFixture,
  makeCase,
  newCaseId,
  type StoreKind,
  startHubFixture,
  type TestResponse,
} from './test-kit/hub-fixture.js';

const roles: KeyRole[] = ['intake', 'documenter', 'admin', 'analyst'];

/** A response with the parts that may differ between two equivalent requests (ids sent) removed. */
function comparable(response: TestResponse, ...ids: string[]): string {
  let text = `${response.status} ${response.headers.get('content-type')} ${response.text}`;
  for (const id of ids) text = text.replaceAll(id, '<id>');
  return text;
}

describe.each<StoreKind>(['pglite', 'postgres'])('organisation isolation on %s', (kind) => {
  let fixture: HubFixture;
  let theirs: Case;
  const theirMutationIds = new Map<string, string>();

  beforeAll(async () => {
    fixture = await startHubFixture(kind, kind === 'postgres' ? inject('postgresUrl') : undefined);
    await fixture.request('/v1/push', {
      key: fixture.orgA.keys.documenter,
      body: createPush([makeCase()]),
    });
    theirs = await theirNewCase();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  /** A new case of organisation B, with a client code found nowhere else. */
  async function theirNewCase(): Promise<Case> {
    const record = makeCase((draft) => {
      draft.client.code = `B-ONLY-${Math.random().toString(36).slice(2, 8)}`;
    });
    const body = createPush([record]);
    theirMutationIds.set(record.id, body.mutations[0]?.id ?? '');
    const answer = await fixture.request('/v1/push', { key: fixture.orgB.keys.documenter, body });
    expect(answer.body.results[0].status).toBe('created');
    return record;
  }

  async function theirCaseIsIntact(record: Case = theirs): Promise<void> {
    const read = await fixture.request(`/v1/cases/${record.id}`, {
      key: fixture.orgB.keys.documenter,
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ caseId: record.id, revision: 1, case: { ...record, revision: 1 } });
  }

  it.each(roles)(
    'answers a %s key of another organisation about a case exactly as about a missing one',
    async (role) => {
      const key = fixture.orgA.keys[role];
      const missing = newCaseId();
      for (const method of ['GET', 'DELETE']) {
        const foreign = await fixture.request(`/v1/cases/${theirs.id}`, { key, method });
        const absent = await fixture.request(`/v1/cases/${missing}`, { key, method });
        expect(foreign.status).toBeGreaterThanOrEqual(400);
        expect(comparable(foreign, theirs.id)).toBe(comparable(absent, missing));
      }
      await theirCaseIsIntact();
    },
  );

  it.each(roles)(
    'lets a %s key of another organisation change nothing by pushing with a foreign case id',
    async (role) => {
      const key = fixture.orgA.keys[role];
      const missing = newCaseId();
      const target = await theirNewCase();
      const attempt = async (
        caseId: string,
        op: 'create' | 'update',
        mutationId = crypto.randomUUID(),
      ) => {
        const record = {
          ...target,
          id: caseId,
          updatedAt: '2030-01-01T00:00:00Z',
          client: { ...target.client, code: 'A-ATTEMPT' },
        };
        const mutation =
          op === 'create'
            ? { id: mutationId, op, caseId, case: record }
            : { id: mutationId, op, caseId, baseRevision: 1, case: record };
        const answer = await fixture.request('/v1/push', {
          key,
          body: { clientId: 'x', mutations: [mutation] },
        });
        return comparable(answer, caseId, mutationId);
      };
      expect(await attempt(target.id, 'update')).toBe(await attempt(missing, 'update'));
      // A create with their id makes a separate case in this organisation: the id space is per organisation.
      expect(await attempt(target.id, 'create')).toBe(await attempt(newCaseId(), 'create'));
      // Replaying their mutation id is a new mutation here, not their receipt.
      const replay = await fixture.request('/v1/push', {
        key,
        body: {
          clientId: 'x',
          mutations: [
            {
              id: theirMutationIds.get(target.id),
              op: 'create',
              caseId: target.id,
              case: target,
            },
          ],
        },
      });
      expect(replay.text).not.toContain('"unchanged"');
      await theirCaseIsIntact(target);
    },
  );

  it('never shows another organisation’s cases in pulls, exports or statistics', async () => {
    const pulled = await fixture.request('/v1/pull?since=0&limit=1000', {
      key: fixture.orgA.keys.admin,
    });
    expect(pulled.status).toBe(200);
    const exported = await fixture.request('/v1/export', { key: fixture.orgA.keys.admin });
    expect(exported.status).toBe(200);
    const theirsAgain = await fixture.request('/v1/pull?since=0&limit=1000', {
      key: fixture.orgB.keys.admin,
    });
    const foreignIds = new Set(
      theirsAgain.body.changes.map((change: { caseId: string }) => change.caseId),
    );
    const ownIds = pulled.body.changes.map(
      (change: { caseId: string; case: Case | null }) => change.caseId,
    );
    // A's own pushes above may reuse B's case id in A's own namespace; the records A sees must be A's.
    for (const change of pulled.body.changes as { caseId: string; case: Case | null }[]) {
      if (foreignIds.has(change.caseId))
        expect(change.case?.updatedAt).toBe('2030-01-01T00:00:00Z');
    }
    expect(ownIds.length).toBeGreaterThan(0);
    expect(exported.text).not.toContain('B-ONLY-');
    const statsA = await fixture.request('/v1/stats', { key: fixture.orgA.keys.admin });
    const statsB = await fixture.request('/v1/stats', { key: fixture.orgB.keys.admin });
    expect(statsB.body.total).toBe(theirsAgain.body.changes.length);
    expect(statsA.body.total).toBe(pulled.body.changes.length);
  });

  it('lets an intake key read nothing at all', async () => {
    const key = fixture.orgB.keys.intake;
    for (const path of [
      '/v1/pull',
      '/v1/pull?since=0',
      `/v1/cases/${theirs.id}`,
      '/v1/export',
      '/v1/stats',
    ]) {
      const answer = await fixture.request(path, { key });
      expect(answer.status, path).toBe(403);
      expect(answer.text).not.toContain(theirs.id);
      expect(answer.text).not.toContain(theirs.client.code ?? 'no-code');
    }
    const create = await fixture.request('/v1/push', { key, body: createPush([theirs]) });
    expect(create.body.results[0]).toEqual({ id: expect.any(String), status: 'conflict' });
    await theirCaseIsIntact();
  });
});
