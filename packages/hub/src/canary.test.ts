import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { type Case, caseSchema, describeFields, validateCase } from '@talap/core';
import type { PushResponse } from '@talap/core/protocol';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createPush,
  type HubFixture,
  makeCase,
  newCaseId,
  startHubFixture,
} from './test-kit/hub-fixture.js';
import { findPostgresBinaries } from './test-kit/postgres-server.js';

/** The marker put in every identifying text field; random, so no fixed string can match by chance. */
const marker = `CANARY-${randomBytes(8).toString('hex')}`;
/** The marker for identifying fields that only take digits (phone numbers). */
const digitMarker = Array.from({ length: 18 }, () => randomInt(10)).join('');
const markers = [marker, digitMarker] as const;

const caseCount = 1000;
const casesPerPush = 100;

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function carriesMarker(text: string): boolean {
  return markers.some((needle) => text.includes(needle));
}

/** Sets `value` at a dotted field key, in every item of the arrays on the way; returns how many places were set. */
function setField(node: unknown, path: readonly string[], value: string): number {
  if (Array.isArray(node)) return node.reduce((sum, item) => sum + setField(item, path, value), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const [head, ...rest] = path as [string, ...string[]];
  const object = node as Record<string, unknown>;
  if (rest.length === 0) {
    object[head] = value;
    return 1;
  }
  object[head] ??= {};
  return setField(object[head], rest, value);
}

const identifyingFields = describeFields(caseSchema).filter(
  (field) => field.sensitivity === 'identifying',
);

/** For each identifying field, the first value carrying a marker that its pattern accepts. */
const canaryValues = new Map(
  identifyingFields.map((field) => {
    const forms = [
      `${marker} told us this in confidence`,
      marker,
      `${marker}@canary.example`,
      `+${digitMarker}`,
    ];
    const fits = forms.find(
      (form) => validateCase(makeCase((record) => setField(record, field.key.split('.'), form))).ok,
    );
    return [field.key, fits] as const;
  }),
);

/** A valid case with a marker in every identifying field. */
function canaryCase(edit: (record: Case) => void = () => {}): Case {
  return makeCase((record) => {
    for (const [key, value] of canaryValues) setField(record, key.split('.'), value as string);
    edit(record);
  });
}

/** A case as loose JSON, so a test can break it in ways the `Case` type forbids. */
// biome-ignore lint/suspicious/noExplicitAny: the point is to send what the schema does not allow
type LooseJson = Record<string, any>;

/** A canary case broken by `edit`. */
function brokenCase(edit: (record: LooseJson) => void): Case {
  return canaryCase((record) => edit(record as unknown as LooseJson));
}

/** A request the hub must refuse: it carries the marker somewhere a careless hub could echo or log it. */
interface BadRequest {
  readonly name: string;
  readonly path: string;
  readonly method?: string;
  readonly role?: 'intake' | 'documenter' | 'admin' | 'analyst' | 'none';
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string or bytes as they are. */
  readonly body?: unknown;
}

/** What the hub answered to one request, for searching. */
interface Answer {
  readonly name: string;
  readonly status: number;
  /** The body and every header of the answer. */
  readonly text: string;
  readonly results: readonly { status: string }[] | undefined;
}

function badRequests(fixture: HubFixture, stored: readonly Case[], mutationIds: readonly string[]) {
  const push = (name: string, cases: Case[], extra: Partial<BadRequest> = {}): BadRequest => ({
    name,
    path: '/v1/push',
    body: createPush(cases),
    ...extra,
  });
  const keyId = /^tlk_([0-9a-f]{32})_/.exec(fixture.orgA.keys.documenter)?.[1] as string;
  const tooLong = (length: number) => `${marker} `.repeat(Math.ceil(length / marker.length));
  const existing = stored[0] as Case;
  const requests: BadRequest[] = [
    push('a case without consent to record', [
      brokenCase((record) => {
        delete record.consent.record;
      }),
    ]),
    push('identifying fields in the wrong format', [
      brokenCase((record) => {
        record.client.contact.phone = marker;
        record.client.contact.email = marker;
        record.client.code = `${marker} with spaces`;
      }),
      brokenCase((record) => {
        record.client.contact.phone = `+${digitMarker}x`;
      }),
    ]),
    push('identifying text that is too long', [
      brokenCase((record) => {
        record.incident.account = tooLong(20_001);
        record.client.contact.messenger = tooLong(201);
        record.client.contact.safeTimes = tooLong(201);
        record.responses[0].notes = tooLong(2001);
        record.client.contact.email = `${marker.repeat(20)}@canary.example`;
        record.client.code = marker.repeat(5);
      }),
    ]),
    push('the marker in coded and typed fields', [
      brokenCase((record) => {
        record.channel = marker;
        record.organisation = marker;
        record.createdAt = marker;
        record.schemaVersion = marker;
        record.client.age = marker;
        record.client.keyPopulations = [marker];
        record.incident.country = marker;
        record.incident.date = digitMarker;
        record.incident.violations[0].type = marker;
        record.consent.record.method = marker;
        record.qualification = marker;
      }),
    ]),
    push('the marker in fields of the wrong type', [
      brokenCase((record) => {
        record.client.code = [marker];
        record.incident.account = { text: marker };
      }),
      brokenCase((record) => {
        record.client = marker;
      }),
    ]),
    push('the marker in unknown fields', [
      brokenCase((record) => {
        record.client.nickname = marker;
        record.client.contact.whatsapp = `+${digitMarker}`;
        record.notes = marker;
        record.extensions = { 'Not A Key': marker };
      }),
    ]),
    push('a contact without consent to contact', [
      brokenCase((record) => {
        delete record.consent.contact;
      }),
    ]),
    {
      name: 'a case id that is the marker',
      path: '/v1/push',
      body: {
        clientId: 'canary',
        mutations: [{ id: crypto.randomUUID(), op: 'create', caseId: marker, case: canaryCase() }],
      },
    },
    {
      name: 'a case whose id differs from the mutation’s',
      path: '/v1/push',
      body: {
        clientId: 'canary',
        mutations: [
          { id: crypto.randomUUID(), op: 'create', caseId: newCaseId(), case: canaryCase() },
        ],
      },
    },
    {
      name: 'the marker in the mutation’s id, operation, revision and client id',
      path: '/v1/push',
      body: {
        clientId: `${marker}!`,
        mutations: [
          { id: marker, op: 'create', caseId: newCaseId(), case: canaryCase() },
          { id: crypto.randomUUID(), op: marker, caseId: newCaseId(), case: canaryCase() },
          {
            id: crypto.randomUUID(),
            op: 'update',
            caseId: newCaseId(),
            baseRevision: marker,
            case: canaryCase(),
          },
        ],
      },
    },
    {
      name: 'mutations that are the marker',
      path: '/v1/push',
      body: { clientId: 'c', mutations: marker },
    },
    {
      name: 'a case that is the marker',
      path: '/v1/push',
      body: {
        clientId: 'c',
        mutations: [{ id: crypto.randomUUID(), op: 'create', caseId: newCaseId(), case: marker }],
      },
    },
    push(
      'more mutations than a push may carry',
      Array.from({ length: fixture.hub.limits.maxMutationsPerPush + 1 }, () => canaryCase()),
    ),
    {
      name: 'a body over the size limit',
      path: '/v1/push',
      body: JSON.stringify({
        clientId: 'c',
        mutations: [],
        padding: marker.repeat(Math.ceil(fixture.hub.limits.maxBodyBytes / marker.length) + 1),
      }),
      headers: { 'content-type': 'application/json' },
    },
    {
      name: 'a mutation id used before, with other contents',
      path: '/v1/push',
      role: 'intake',
      body: {
        clientId: 'canary',
        mutations: [
          {
            id: mutationIds[0],
            op: 'create',
            caseId: existing.id,
            // Other contents than the first push sent under this id: a replay would be `unchanged`.
            case: canaryCase((record) => {
              record.id = existing.id;
              record.incident.city = 'Astana';
            }),
          },
        ],
      },
    },
    {
      name: 'a create of a case that exists',
      path: '/v1/push',
      role: 'intake',
      body: {
        clientId: 'canary',
        mutations: [
          {
            id: crypto.randomUUID(),
            op: 'create',
            caseId: existing.id,
            case: { ...canaryCase(), id: existing.id },
          },
        ],
      },
    },
    {
      name: 'an update from an intake key',
      path: '/v1/push',
      role: 'intake',
      body: {
        clientId: 'canary',
        mutations: [
          {
            id: crypto.randomUUID(),
            op: 'update',
            caseId: existing.id,
            baseRevision: 1,
            case: { ...canaryCase(), id: existing.id },
          },
        ],
      },
    },
    ...[
      `{"clientId": "c", "mutations": [{"case": {"client": {"code": "${marker}"`,
      `{"clientId": ${marker}}`,
      marker,
      `{'clientId': '${marker}'}`,
      `{"clientId": "${marker}",}`,
      `{"clientId": "${marker}" "mutations": []}`,
    ].map((body, index) => ({
      name: `malformed JSON ${index + 1}`,
      path: '/v1/push',
      body,
      headers: { 'content-type': 'application/json' },
    })),
    {
      name: 'a duplicate key',
      path: '/v1/push',
      body: `{"clientId": "${marker}", "clientId": "${marker}"}`,
      headers: { 'content-type': 'application/json' },
    },
    {
      name: 'a __proto__ key',
      path: '/v1/push',
      body: `{"__proto__": {"code": "${marker}"}}`,
      headers: { 'content-type': 'application/json' },
    },
    {
      name: 'text that cannot be stored',
      path: '/v1/push',
      body: `{"clientId": "${marker}\\u0000", "note": "\\ud800${marker}"}`,
      headers: { 'content-type': 'application/json' },
    },
    {
      name: 'bytes that are not UTF-8',
      path: '/v1/push',
      body: Buffer.concat([
        Buffer.from(`{"clientId": "${marker}`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${marker}"}`),
      ]),
      headers: { 'content-type': 'application/json' },
    },
    push('a canary push sent as plain text', [canaryCase()], {
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(createPush([canaryCase()])),
    }),
    push('a content type that is the marker', [canaryCase()], {
      headers: { 'content-type': `application/${marker}` },
      body: JSON.stringify(createPush([canaryCase()])),
    }),
    push('a push from an analyst key', [canaryCase()], { role: 'analyst' }),
    push('a push from a web page whose origin is not allowed', [canaryCase()], {
      headers: { origin: `https://${marker}.example` },
    }),
    push(
      'a push in a language named by the marker',
      [brokenCase((record) => delete record.client.code)],
      {
        headers: { 'accept-language': marker },
      },
    ),
    push('a push with the wrong method', [canaryCase()], { method: 'PUT' }),
    push('a push with no key', [canaryCase()], { role: 'none' }),
    push('a push with a key that is the marker', [canaryCase()], {
      role: 'none',
      headers: { authorization: `Bearer ${marker}` },
    }),
    push('a push with a key whose secret carries the marker', [canaryCase()], {
      role: 'none',
      headers: {
        authorization: `Bearer tlk_${keyId}_${`${marker}${'x'.repeat(43)}`.slice(0, 43)}`,
      },
    }),
    push('a push with a key of the digit marker', [canaryCase()], {
      role: 'none',
      headers: { authorization: `Bearer tlk_${digitMarker}${'0'.repeat(14)}_${'a'.repeat(43)}` },
    }),
    push('a push with basic credentials of the marker', [canaryCase()], {
      role: 'none',
      headers: { authorization: `Basic ${Buffer.from(`${marker}:${marker}`).toString('base64')}` },
    }),
    push('a push with the marker as the whole authorization header', [canaryCase()], {
      role: 'none',
      headers: { authorization: marker },
    }),
    { name: 'a case id in the URL that is the marker', path: `/v1/cases/${marker}` },
    { name: 'the digit marker as a case id', path: `/v1/cases/${digitMarker}` },
    {
      name: 'a case id in the URL with the marker and spaces',
      path: `/v1/cases/${encodeURIComponent(`${marker} x`)}`,
    },
    { name: 'a purge of the marker', path: `/v1/cases/${marker}`, method: 'DELETE', role: 'admin' },
    { name: 'a case read with a query', path: `/v1/cases/${existing.id}?q=${marker}` },
    { name: 'an unknown case with a query', path: `/v1/cases/${newCaseId()}?id=${marker}` },
    { name: 'an address that is the marker', path: `/v1/${marker}` },
    { name: 'an address outside /v1 that is the marker', path: `/${marker}?${marker}=${marker}` },
    { name: 'a pull cursor that is the marker', path: `/v1/pull?since=${marker}` },
    { name: 'a pull cursor that is the digit marker', path: `/v1/pull?since=${digitMarker}9` },
    { name: 'a pull limit that is the marker', path: `/v1/pull?limit=${marker}` },
    { name: 'an unknown pull parameter', path: `/v1/pull?since=0&q=${marker}` },
    { name: 'a config query', path: `/v1/config?q=${marker}` },
    { name: 'a statistics month', path: `/v1/stats?from=${marker}`, role: 'analyst' },
    { name: 'an export policy', path: `/v1/export?policy=${marker}`, role: 'admin' },
    { name: 'a read from an intake key', path: `/v1/cases/${marker}`, role: 'intake' },
    {
      name: 'a read with a key that is the marker',
      path: `/v1/cases/${existing.id}`,
      role: 'none',
      headers: { authorization: `Bearer ${marker}` },
    },
  ];
  return requests;
}

/** Sends a request as a role of organisation A, and returns the answer as text with its headers. */
async function send(fixture: HubFixture, request: BadRequest): Promise<Answer> {
  const role = request.role ?? 'documenter';
  const body = request.body;
  const raw =
    body === undefined || typeof body === 'string' || body instanceof Uint8Array
      ? (body as string | Uint8Array | undefined)
      : JSON.stringify(body);
  const headers: Record<string, string> = {
    ...(role === 'none' ? {} : { authorization: `Bearer ${fixture.orgA.keys[role]}` }),
    ...(body !== undefined && typeof body === 'object' && !(body instanceof Uint8Array)
      ? { 'content-type': 'application/json' }
      : {}),
    ...request.headers,
  };
  // The request must carry a marker, or the check below proves nothing.
  const sent = `${request.path} ${JSON.stringify(headers)} ${raw === undefined ? '' : Buffer.from(raw).toString('latin1')}`;
  expect(carriesMarker(sent), `${request.name} carries no marker`).toBe(true);
  const response = await fetch(`${fixture.url}${request.path}`, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(raw === undefined ? {} : { body: raw as BodyInit }),
  });
  const text = await response.text();
  let results: Answer['results'];
  try {
    results = (JSON.parse(text) as Partial<PushResponse>).results;
  } catch {}
  return {
    name: request.name,
    status: response.status,
    text: `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${text}`,
    results,
  };
}

/** Counts each marker per table of the database: `pg_dump` for PostgreSQL, a query per table for PGlite. */
async function markersByTable(
  fixture: HubFixture,
): Promise<Record<string, Record<string, number>>> {
  const tables = new Map<string, string>();
  if (fixture.databaseUrl) {
    const dump = execFileSync(
      `${inject('postgresBin') || findPostgresBinaries()}/pg_dump`,
      ['--dbname', fixture.databaseUrl, '--no-owner'],
      { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
    );
    let table = '(outside table data)';
    for (const line of dump.split('\n')) {
      const copy = /^COPY (\S+) /.exec(line);
      if (copy) table = copy[1] as string;
      else if (line === '\\.') table = '(outside table data)';
      tables.set(table, `${tables.get(table) ?? ''}${line}\n`);
    }
  } else {
    const names = await fixture.hub.db.query<{ name: string }>(
      `select schemaname || '.' || tablename as name from pg_tables
       where schemaname not in ('pg_catalog', 'information_schema')`,
    );
    for (const { name } of names) {
      const rows = await fixture.hub.db.query<{ row: string }>(
        `select t::text as row from ${name} t`,
      );
      tables.set(name, rows.map((row) => row.row).join('\n'));
    }
  }
  const counts: Record<string, Record<string, number>> = {};
  for (const needle of markers) {
    counts[needle] = Object.fromEntries(
      [...tables]
        .map(([table, text]) => [table, occurrences(text, needle)] as const)
        .filter(([, count]) => count > 0),
    );
  }
  return counts;
}

describe('the canary cases', () => {
  it('carry a marker in every identifying field the schema lists, and are valid', () => {
    expect(identifyingFields.map((field) => field.key)).toContain('client.contact.phone');
    for (const field of identifyingFields) {
      expect(field.type, field.key).toBe('string');
      expect(canaryValues.get(field.key), `no marked value fits ${field.key}`).toBeDefined();
      const record = makeCase();
      expect(setField(record, field.key.split('.'), 'x'), field.key).toBeGreaterThan(0);
    }
    expect(canaryValues.get('client.contact.phone')).toBe(`+${digitMarker}`);
    expect(validateCase(canaryCase()).ok).toBe(true);
  });
});

describe.each(['pglite', 'postgres'] as const)(
  'a hub on %s given 1,000 cases with a marker in every identifying field',
  (kind) => {
    let fixture: HubFixture;
    const stored: Case[] = [];
    const answers: Answer[] = [];
    let requestsSent = 0;

    beforeAll(async () => {
      fixture = await startHubFixture(kind, inject('postgresUrl'));
      const mutationIds: string[] = [];
      for (let start = 0; start < caseCount; start += casesPerPush) {
        const cases = Array.from({ length: casesPerPush }, () => canaryCase());
        const body = createPush(cases, 'canary-form');
        const answer = await fixture.request('/v1/push', { key: fixture.orgA.keys.intake, body });
        requestsSent++;
        expect(answer.status).toBe(200);
        expect(answer.body.results.map((result: { status: string }) => result.status)).toEqual(
          cases.map(() => 'created'),
        );
        answers.push({ name: 'a valid push', status: 200, text: answer.text, results: undefined });
        stored.push(...cases);
        mutationIds.push(...body.mutations.map((mutation) => mutation.id));
      }
      for (const request of badRequests(fixture, stored, mutationIds)) {
        answers.push(await send(fixture, request));
        requestsSent++;
      }
    });

    afterAll(async () => {
      await fixture?.close();
    });

    it('stores them and gives one back whole to a documenter', async () => {
      const sample = stored[caseCount - 1] as Case;
      const answer = await fixture.request(`/v1/cases/${sample.id}`, {
        key: fixture.orgA.keys.documenter,
      });
      requestsSent++;
      expect(answer.status).toBe(200);
      expect(answer.body.case).toEqual({ ...sample, revision: 1 });
      // The search used on error bodies finds the markers where they belong.
      expect(carriesMarker(answer.text)).toBe(true);
      expect(occurrences(answer.text, digitMarker)).toBe(1);
    });

    it('refuses every bad request that carries the marker, without repeating it', () => {
      const bad = answers.filter((answer) => answer.name !== 'a valid push');
      expect(bad.length).toBeGreaterThan(50);
      for (const answer of bad) {
        const refused =
          answer.status >= 400 ||
          (answer.status === 200 &&
            answer.results !== undefined &&
            answer.results.length > 0 &&
            answer.results.every((result) =>
              ['invalid', 'mismatch', 'conflict'].includes(result.status),
            ));
        expect(refused, `${answer.name} was not refused: ${answer.status}`).toBe(true);
      }
      const leaks = answers
        .filter((answer) => carriesMarker(answer.text))
        .map((answer) => `${answer.name} (${answer.status}): ${answer.text.slice(0, 300)}`);
      expect(leaks).toEqual([]);
    });

    it('never writes the marker into its logs', () => {
      const requestLines = fixture.logs.filter((line) => JSON.parse(line).msg === 'request');
      expect(requestLines.length).toBeGreaterThanOrEqual(requestsSent);
      const leaks = fixture.logs.filter((line) => carriesMarker(line));
      expect(leaks).toEqual([]);
    });

    it('keeps the marker in the cases table only, once per marked field of each case', async ({
      annotate,
    }) => {
      const perCase = canaryCase();
      const counts = await markersByTable(fixture);
      expect(counts).toEqual({
        [marker]: { 'public.cases': caseCount * occurrences(JSON.stringify(perCase), marker) },
        [digitMarker]: {
          'public.cases': caseCount * occurrences(JSON.stringify(perCase), digitMarker),
        },
      });
      await annotate(
        `${kind === 'postgres' ? 'pg_dump' : 'a query of every table'}: ${counts[marker]?.['public.cases']} text markers and ${counts[digitMarker]?.['public.cases']} digit markers, all in public.cases; ${answers.length - caseCount / casesPerPush} refused requests and ${fixture.logs.length} log lines without either`,
      );
    });
  },
);
