import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Case } from '@talap/core';
import type { KeyRole } from '@talap/core/protocol';
import { pino } from 'pino';
import { dentalRefusalCase } from '../../../core/src/test-kit/sample-cases.js';
import { createHub, type Hub, type HubOptions } from '../hub.js';
import { createKey, createOrganisation } from '../store/organisations.js';
import { createTestDatabase } from './postgres-server.js';

/** Which database a test hub runs on. */
export type StoreKind = 'pglite' | 'postgres';

/** A fresh UUID version 7, as clients make case ids. */
export function newCaseId(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A valid case with a fresh id; `edit` may change it. */
export function makeCase(edit: (record: Case) => void = () => {}): Case {
  const record = structuredClone(dentalRefusalCase()) as Case & { revision?: number };
  record.id = newCaseId();
  delete record.revision;
  edit(record);
  return record;
}

/** An organisation of a test hub with one key per role. */
export interface TestOrganisation {
  readonly id: string;
  readonly name: string;
  readonly keys: Readonly<Record<KeyRole, string>>;
}

/** What a test request returns: status, headers and the parsed body (text when not JSON). */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read bodies of many shapes
  readonly body: any;
  readonly text: string;
}

/** A hub listening on loopback, with two organisations, and the lines it logged. */
export interface HubFixture {
  readonly hub: Hub;
  readonly url: string;
  readonly kind: StoreKind;
  readonly orgA: TestOrganisation;
  readonly orgB: TestOrganisation;
  readonly logs: string[];
  /** The database's connection string, for PostgreSQL hubs. */
  readonly databaseUrl: string | undefined;
  request(
    path: string,
    options?: { key?: string; method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

async function makeOrganisation(hub: Hub, name: string): Promise<TestOrganisation> {
  const organisation = await createOrganisation(hub.db, name, ['https://ngo.example']);
  const roles: KeyRole[] = ['intake', 'documenter', 'admin', 'analyst'];
  const keys = Object.fromEntries(
    await Promise.all(
      roles.map(async (role) => [role, (await createKey(hub.db, organisation.id, role)).key]),
    ),
  ) as Record<KeyRole, string>;
  return { id: organisation.id, name, keys };
}

/** Starts a hub on PGlite (in memory) or on a new database of the PostgreSQL server at `postgresUrl`. */
export async function startHubFixture(
  kind: StoreKind,
  postgresUrl: string | undefined,
  options: Partial<HubOptions> = {},
): Promise<HubFixture> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    if (!postgresUrl) throw new Error('A PostgreSQL hub needs the server URL.');
    databaseUrl = await createTestDatabase(postgresUrl);
  }
  const hub = await createHub({
    ...(databaseUrl ? { databaseUrl } : {}),
    logger: pino(sink),
    ...options,
  });
  const url = await hub.listen();
  const orgA = await makeOrganisation(hub, 'Organisation A');
  const orgB = await makeOrganisation(hub, 'Organisation B');
  return {
    hub,
    url,
    kind,
    orgA,
    orgB,
    logs,
    databaseUrl,
    async request(path, { key, method, body, headers = {} } = {}) {
      const init: RequestInit = {
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      };
      const response = await fetch(`${url}${path}`, init);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    close: () => hub.close(),
  };
}

/** A push body of `create` mutations for the given cases. */
export function createPush(cases: readonly Case[], clientId = 'test-client') {
  return {
    clientId,
    mutations: cases.map((record) => ({
      id: crypto.randomUUID(),
      op: 'create' as const,
      caseId: record.id,
      case: record,
    })),
  };
}
