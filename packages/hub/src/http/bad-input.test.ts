import {
  type KeyRole,
  type MutationResult,
  problemSlugs,
  problemType,
  problemTypeBase,
} from '@talap/core/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../store/database.js';
import { createKey, revokeKey } from '../store/organisations.js';
import {
  type BadRequest,
  badRequests,
  type ExpectedAnswer,
  type Json,
  type JsonPath,
  nodeAt,
  setAt,
  validPush,
} from '../test-kit/bad-requests.js';
import { createPush, type HubFixture, makeCase, startHubFixture } from '../test-kit/hub-fixture.js';

/** A request to send; generated ones also say what the hub must answer. */
type Sendable = Omit<BadRequest, 'expect'> & { readonly expect?: ExpectedAnswer };

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers come in many shapes
  readonly body: any;
}

/** What the counted organisation holds, overall and for the cases and mutations one push names. */
interface Rows {
  readonly cases: number;
  readonly receipts: number;
  readonly caseRevisions: ReadonlyMap<string, number>;
  readonly receiptsByMutation: ReadonlyMap<string, number>;
}

let fixture: HubFixture;
let existingCaseId: string;
let sent = 0;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => {
  unhandled.push(reason);
};
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();
const secretsSent = new Set<string>();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  fixture = await startHubFixture('pglite', undefined, {
    limits: { requestsPerMinute: 10_000_000 },
  });
  const existing = makeCase();
  const pushed = await fixture.request('/v1/push', {
    key: fixture.orgA.keys.documenter,
    body: createPush([existing]),
  });
  expect(pushed.body.results[0].status).toBe('created');
  existingCaseId = existing.id;
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await fixture?.close();
});

/** A body of `bytes` bytes, sent in chunks without a Content-Length. */
function streamOf(bytes: number): ReadableStream<Uint8Array> {
  const chunk = 64 * 1024;
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) {
        controller.close();
        return;
      }
      const size = Math.min(chunk, left);
      const part = new Uint8Array(size).fill(0x61);
      if (left === bytes) part.set(new TextEncoder().encode('{"clientId":"'));
      left -= size;
      controller.enqueue(part);
    },
  });
}

async function send(request: Sendable): Promise<Answer> {
  sent++;
  const { body } = request;
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers: request.headers,
    redirect: 'manual',
  };
  if (typeof body === 'string') {
    init.body = body;
  } else if (body instanceof Uint8Array) {
    init.body = new Uint8Array(body);
  } else if (body) {
    init.body = streamOf(body.streamedBytes);
    init.duplex = 'half';
  }
  const response = await fetch(`${fixture.url}${request.path}`, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    body: parsed,
  };
}

/** The mutations a push body names, when it parses as JSON at all. */
function namedMutations(body: Sendable['body']): { id: unknown; caseId: unknown }[] {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return [];
  try {
    const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
    const parsed = JSON.parse(text.replace(/^\ufeff/, '')) as { mutations?: unknown };
    if (!Array.isArray(parsed.mutations)) return [];
    return parsed.mutations.map((mutation) =>
      typeof mutation === 'object' && mutation !== null
        ? { id: mutation.id, caseId: mutation.caseId }
        : { id: undefined, caseId: undefined },
    );
  } catch {
    return [];
  }
}

async function rows(caseIds: readonly string[], mutationIds: readonly string[]): Promise<Rows> {
  return withOrganisation(fixture.hub.db, fixture.orgA.id, async (tx) => {
    const [counts] = await tx.query<{ cases: number; receipts: number }>(
      'select (select count(*) from cases)::int as cases, (select count(*) from receipts)::int as receipts',
    );
    const cases = await tx.query<{ case_id: string; revision: number }>(
      'select case_id::text, revision from cases where case_id::text = any($1::text[])',
      [caseIds],
    );
    const receipts = await tx.query<{ mutation_id: string; n: number }>(
      `select mutation_id::text, count(*)::int as n from receipts
       where mutation_id::text = any($1::text[]) group by mutation_id`,
      [mutationIds],
    );
    return {
      cases: counts?.cases ?? Number.NaN,
      receipts: counts?.receipts ?? Number.NaN,
      caseRevisions: new Map(cases.map((row) => [row.case_id, row.revision])),
      receiptsByMutation: new Map(receipts.map((row) => [row.mutation_id, row.n])),
    };
  });
}

/**
 * Sends one request and returns what is wrong with the hub's answer: a 5xx, an error that is not
 * a problem document, another answer than expected, an echoed secret, a row written for something
 * rejected, or a polluted `Object.prototype`.
 */
async function exchange(request: Sendable): Promise<string[]> {
  const failures: string[] = [];
  const fail = (what: string) => failures.push(`${request.label}: ${what}`);
  const isPush = request.method === 'POST' && request.path === '/v1/push';
  const mutations = isPush ? namedMutations(request.body) : [];
  // Only a UUID can name a stored row; other strings could not even be sent as a parameter.
  const strings = (values: unknown[]) =>
    values.filter(
      (value): value is string =>
        typeof value === 'string' && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(value),
    );
  const caseIds = strings(mutations.map((mutation) => mutation.caseId));
  const mutationIds = strings(mutations.map((mutation) => mutation.id));
  const before = await rows(caseIds, mutationIds);
  const answer = await send(request);
  const after = await rows(caseIds, mutationIds);
  const { status, body } = answer;

  if (status >= 500) fail(`answered ${status}: ${answer.text.slice(0, 300)}`);
  if (status >= 400) {
    if (answer.contentType !== 'application/problem+json') {
      fail(`an error of type ${answer.contentType}`);
    }
    if (request.method !== 'HEAD') {
      if (typeof body?.type !== 'string' || !body.type.startsWith(problemTypeBase)) {
        fail(`a problem without a Talap type: ${answer.text.slice(0, 200)}`);
      }
      if (typeof body?.detail !== 'string' || body.detail.trim() === '') {
        fail('a problem without a detail');
      }
      if (body?.status !== status) fail(`a problem whose status is ${body?.status}`);
    }
  }
  const expected = request.expect;
  if (expected && 'problem' in expected) {
    const wanted = problemType(expected.problem);
    const got = request.method === 'HEAD' ? wanted : body?.type;
    if (status !== problemSlugs[expected.problem] || got !== wanted) {
      fail(`expected ${expected.problem}, got ${status} ${answer.text.slice(0, 300)}`);
    }
  } else if (expected) {
    if (status !== expected.status) {
      fail(`expected ${expected.status}, got ${status} ${answer.text.slice(0, 300)}`);
    } else if (expected.results) {
      const statuses = (body?.results ?? []).map((result: MutationResult) => result.status);
      if (statuses.join() !== expected.results.join()) {
        fail(`expected results ${expected.results.join()}, got ${answer.text.slice(0, 400)}`);
      }
    }
  }
  for (const secret of request.secrets ?? []) {
    secretsSent.add(secret);
    if (answer.text.includes(secret)) fail('the answer echoes a secret it was sent');
  }

  if (isPush && status === 200) {
    const results: MutationResult[] = body?.results ?? [];
    if (results.length !== mutations.length) {
      fail(`${results.length} results for ${mutations.length} mutations`);
    }
    const count = (wanted: MutationResult['status']) =>
      results.filter((result) => result.status === wanted).length;
    if (after.cases - before.cases !== count('created')) {
      fail(`${after.cases - before.cases} new cases for ${count('created')} created`);
    }
    const written = count('created') + count('updated');
    if (after.receipts - before.receipts !== written) {
      fail(`${after.receipts - before.receipts} new receipts for ${written} writes`);
    }
    const writes = results.flatMap((result, index) =>
      result.status === 'created' || result.status === 'updated' ? [mutations[index]] : [],
    );
    results.forEach((result, index) => {
      const mutation = mutations[index];
      if (result.status !== 'invalid' || !mutation) return;
      const { id, caseId } = mutation;
      if (
        typeof id === 'string' &&
        !writes.some((write) => write?.id === id) &&
        before.receiptsByMutation.get(id) !== after.receiptsByMutation.get(id)
      ) {
        fail(`the invalid mutation ${index} left a receipt`);
      }
      if (
        typeof caseId === 'string' &&
        !writes.some((write) => write?.caseId === caseId) &&
        before.caseRevisions.get(caseId) !== after.caseRevisions.get(caseId)
      ) {
        fail(`the invalid mutation ${index} wrote its case`);
      }
    });
  } else if (after.cases !== before.cases || after.receipts !== before.receipts) {
    fail(`answered ${status} but wrote rows`);
  }

  if (
    ({} as Record<string, unknown>).polluted !== undefined ||
    Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeys
  ) {
    fail('Object.prototype was changed');
  }

  if (request.stored && status === 200) {
    const read = await send({
      label: 'read back',
      method: 'GET',
      path: `/v1/cases/${request.stored.caseId}`,
      headers: { authorization: `Bearer ${fixture.orgA.keys.documenter}` },
    });
    const value = read.status === 200 ? nodeAt(read.body.case, request.stored.path) : undefined;
    if (JSON.stringify(value) !== JSON.stringify(request.stored.value)) {
      fail(`stored ${JSON.stringify(value)?.slice(0, 100)} instead of what was sent`);
    }
  }
  return failures;
}

/** One change to a push before it is serialised. */
type Edit =
  | { readonly kind: 'drop' | 'retype' | 'wrap'; readonly at: number }
  | { readonly kind: 'replace'; readonly at: number; readonly value: Json }
  | { readonly kind: 'inject'; readonly at: number; readonly key: string; readonly value: Json }
  | {
      readonly kind: 'nest';
      readonly at: number;
      readonly levels: number;
      readonly asArrays: boolean;
    };

/** One change to a push's text after it is serialised. */
type TextEdit =
  | { readonly kind: 'none' }
  | { readonly kind: 'truncate'; readonly fraction: number }
  | { readonly kind: 'duplicate' | 'overflow'; readonly at: number }
  | { readonly kind: 'escape'; readonly at: number; readonly escape: string }
  | { readonly kind: 'byte'; readonly at: number; readonly byte: number };

const oddValues: Json[] = [
  null,
  '',
  0,
  -1,
  1.5,
  2_147_483_648,
  1e308,
  [],
  {},
  'x'.repeat(300),
  "' OR 1=1 --",
  '\u{1F600}',
  '\u0000',
  '\ud800',
  { polluted: 'yes' },
  { prototype: { polluted: 'yes' } },
];
const valueArbitrary: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...oddValues),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const keyArbitrary = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'extra',
    '$where',
    'kz-aman:x',
  ),
  fc.string({ maxLength: 12 }),
);
const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop', 'retype', 'wrap'), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace'), at: fc.nat(), value: valueArbitrary }),
  fc.record({
    kind: fc.constant('inject'),
    at: fc.nat(),
    key: keyArbitrary,
    value: valueArbitrary,
  }),
  fc.record({
    kind: fc.constant('nest'),
    at: fc.nat(),
    levels: fc.integer({ min: 1, max: 60 }),
    asArrays: fc.boolean(),
  }),
) as fc.Arbitrary<Edit>;
const textEditArbitrary: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('truncate' as const),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('duplicate' as const, 'overflow' as const),
      at: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('escape' as const),
      at: fc.nat(),
      escape: fc.constantFrom('\\u0000', '\\ud800', '\\udfff', '\\ud83d\\ude00'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('byte' as const),
      at: fc.nat(),
      byte: fc.integer({ min: 0x80, max: 0xff }),
    }),
  },
);

/** Every place in a JSON value below its root, objects and arrays included. */
function placesIn(value: Json, prefix: JsonPath = []): JsonPath[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const step = Array.isArray(value) ? Number(key) : key;
    const path = [...prefix, step];
    return [path, ...placesIn((value as Record<string, Json>)[key] as Json, path)];
  });
}

function applyEdit(draft: Json, edit: Edit): void {
  if (edit.kind === 'inject') {
    const objects = [[], ...placesIn(draft)].filter((path) => {
      const node = nodeAt(draft, path);
      return node !== null && typeof node === 'object' && !Array.isArray(node);
    });
    setAt(draft, objects[edit.at % objects.length] ?? [], edit.key, edit.value);
    return;
  }
  const places = placesIn(draft);
  const place = places[edit.at % places.length];
  if (!place) return;
  const parentPath = place.slice(0, -1);
  const key = place.at(-1) as string | number;
  const parent = nodeAt(draft, parentPath) as Json[] & Record<string, Json>;
  const value = nodeAt(draft, place);
  if (edit.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return;
  }
  let next: Json;
  if (edit.kind === 'replace') next = edit.value;
  else if (edit.kind === 'wrap') next = [value];
  else if (edit.kind === 'nest') {
    next = value;
    for (let level = 0; level < edit.levels; level++) next = edit.asArrays ? [next] : { a: next };
  } else if (typeof value === 'string') next = value.length;
  else if (typeof value === 'number' || typeof value === 'boolean') next = String(value);
  else if (value === null) next = {};
  else if (Array.isArray(value))
    next = Object.fromEntries(value.map((item, index) => [index, item]));
  else next = Object.values(value);
  setAt(draft, parentPath, key, next);
}

function applyTextEdit(text: string, edit: TextEdit): string | Uint8Array {
  const pick = <T>(list: readonly T[], at: number): T | undefined =>
    list[at % Math.max(1, list.length)];
  switch (edit.kind) {
    case 'none':
      return text;
    case 'truncate':
      return text.slice(0, Math.floor(edit.fraction * text.length));
    case 'duplicate': {
      const match = pick([...text.matchAll(/"([^"\\]{1,30})":/g)], edit.at);
      if (!match) return text;
      return `${text.slice(0, match.index)}"${match[1]}":null,${text.slice(match.index)}`;
    }
    case 'overflow': {
      const match = pick(
        [...text.matchAll(/[:[,]-?\d+(\.\d+)?([eE][+-]?\d+)?(?=[,\]}])/g)],
        edit.at,
      );
      if (!match) return text;
      return `${text.slice(0, match.index + 1)}1e400${text.slice(match.index + match[0].length)}`;
    }
    case 'escape': {
      const match = pick([...text.matchAll(/:"/g)], edit.at);
      if (!match) return text;
      return `${text.slice(0, match.index + 2)}${edit.escape}${text.slice(match.index + 2)}`;
    }
    case 'byte': {
      const bytes = Buffer.from(text);
      const at = edit.at % bytes.length;
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([edit.byte]), bytes.subarray(at)]);
    }
  }
}

describe('the hub under bad input', () => {
  it('answers 1,000 generated bad requests with problems and writes no row for what it rejects', async () => {
    const revoked = await createKey(fixture.hub.db, fixture.orgA.id, 'admin');
    expect(await revokeKey(fixture.hub.db, revoked.id)).toBe(true);
    const requests = badRequests({
      keys: fixture.orgA.keys,
      otherKeys: fixture.orgB.keys,
      revokedKey: revoked.key,
      existingCaseId,
      limits: fixture.hub.limits,
    });
    const failures: string[] = [];
    for (const [index, request] of requests.entries()) {
      failures.push(...(await exchange(request)));
      if (index % 200 === 199) {
        const health = await send({
          label: 'health',
          method: 'GET',
          path: '/v1/health',
          headers: {},
        });
        if (health.status !== 200)
          failures.push(`the hub stopped answering after ${request.label}`);
      }
    }
    expect(failures).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(1000);
  });

  it('keeps the same promises for pushes fast-check mutated from valid ones', async () => {
    const roles: KeyRole[] = ['intake', 'documenter', 'admin'];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          role: fc.constantFrom(...roles),
          cases: fc.integer({ min: 1, max: 3 }),
          edits: fc.array(editArbitrary, { minLength: 1, maxLength: 3 }),
          text: textEditArbitrary,
        }),
        async ({ role, cases, edits, text }) => {
          const draft = validPush();
          const more = createPush(Array.from({ length: cases - 1 }, () => makeCase()));
          (draft.mutations as Json[]).push(
            ...(JSON.parse(JSON.stringify(more.mutations)) as Json[]),
          );
          for (const edit of edits) applyEdit(draft, edit);
          const failures = await exchange({
            label: 'a mutated push',
            method: 'POST',
            path: '/v1/push',
            headers: {
              authorization: `Bearer ${fixture.orgA.keys[role]}`,
              'content-type': 'application/json',
            },
            body: applyTextEdit(JSON.stringify(draft), text),
          });
          expect(failures).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves Object.prototype unpolluted and no rejection unhandled', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(prototypeKeys);
    expect(unhandled).toEqual([]);
  });

  it('logs no failed request and no secret it was sent', () => {
    const failed = fixture.logs.filter((line) => JSON.parse(line).level >= 50);
    expect(failed).toEqual([]);
    const leaks = fixture.logs.filter((line) =>
      [...secretsSent].some((secret) => line.includes(secret)),
    );
    expect(leaks).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(1200);
  });

  it('still answers afterwards: health, a valid push, and the case no bad request could touch', async () => {
    const health = await fixture.request('/v1/health');
    expect(health.status).toBe(200);
    const pushed = await fixture.request('/v1/push', {
      key: fixture.orgA.keys.documenter,
      body: createPush([makeCase()]),
    });
    expect(pushed.status).toBe(200);
    expect(pushed.body.results.map((result: MutationResult) => result.status)).toEqual(['created']);
    const existing = await fixture.request(`/v1/cases/${existingCaseId}`, {
      key: fixture.orgA.keys.documenter,
    });
    expect(existing.status).toBe(200);
    expect(existing.body.revision).toBe(1);
  });
});
