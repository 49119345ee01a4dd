import { randomBytes } from 'node:crypto';
import type { HubLimits, KeyRole, MutationStatus, ProblemSlug } from '@talap/core/protocol';
import { createPush, makeCase, newCaseId } from './hub-fixture.js';

/** A JSON value as the generators build it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A step into a JSON value: an object key or an array index. */
export type JsonPath = readonly (string | number)[];

/** What the hub must answer: a problem of one kind, or a status (and, for a push, each mutation's status). */
export type ExpectedAnswer =
  | { readonly problem: ProblemSlug }
  | { readonly status: number; readonly results?: readonly MutationStatus[] };

/** One request of the bad-input suite: what to send and what the hub must answer. */
export interface BadRequest {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Text, raw bytes, or a body of this many bytes streamed without a Content-Length. */
  readonly body?: string | Uint8Array | { readonly streamedBytes: number };
  readonly expect: ExpectedAnswer;
  /** Text the answer (and the hub's logs) must never contain: a key's secret, say. */
  readonly secrets?: readonly string[];
  /** A value the hub must have stored exactly as sent, read back with a documenter key. */
  readonly stored?: { readonly caseId: string; readonly path: JsonPath; readonly value: Json };
}

/** The keys, case and limits of the hub under test that the generators need. */
export interface BadRequestContext {
  /** One key per role of the organisation whose rows the suite counts. */
  readonly keys: Readonly<Record<KeyRole, string>>;
  /** One key per role of another organisation. */
  readonly otherKeys: Readonly<Record<KeyRole, string>>;
  /** A revoked admin key of the counted organisation. */
  readonly revokedKey: string;
  /** A case the counted organisation holds at revision 1; no bad request may change it. */
  readonly existingCaseId: string;
  readonly limits: HubLimits;
}

/** Strings that look like SQL (and a little shell); the hub must treat each as plain data. */
export const sqlLookingStrings: readonly string[] = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "'; DROP TABLE cases; --",
  '"; DROP TABLE receipts; --',
  '1; DELETE FROM cases',
  "' UNION SELECT secret_hash FROM api_keys --",
  "') OR ('a'='a",
  "1' AND pg_sleep(1)::text = '1",
  '$1',
  '$$; select 1; $$',
  "%' OR 1=1 --",
  "admin'--",
  '0 OR 1=1',
  '\\x27 OR 1=1 /*',
  "'||(select current_setting('talap.organisation'))||'",
  "'; set role postgres; --",
  '`rm -rf /`',
  "'; COPY cases TO '/tmp/x'; --",
  '*/ OR /*',
  "' AND 1=CAST((SELECT version()) AS int) --",
];

const casePath: JsonPath = ['mutations', 0, 'case'];

/** Places in a push at several depths; a mistake above the case rejects the whole push, one inside it only the mutation. */
const pushDepths: readonly { name: string; path: JsonPath; whole: boolean }[] = [
  { name: 'the push', path: [], whole: true },
  { name: 'a mutation', path: ['mutations', 0], whole: true },
  { name: 'the case', path: casePath, whole: false },
  { name: 'the client', path: [...casePath, 'client'], whole: false },
  { name: 'the contact', path: [...casePath, 'client', 'contact'], whole: false },
  { name: 'a violation', path: [...casePath, 'incident', 'violations', 0], whole: false },
  {
    name: 'a perpetrator',
    path: [...casePath, 'incident', 'violations', 0, 'perpetrators', 0],
    whole: false,
  },
  {
    name: 'the money taken',
    path: [...casePath, 'incident', 'violations', 0, 'harm', 'moneyTaken'],
    whole: false,
  },
  { name: 'the record consent', path: [...casePath, 'consent', 'record'], whole: false },
  { name: 'the extensions', path: [...casePath, 'extensions'], whole: false },
];

/** Sets `key` on the node at `path` as an own property, even when the key is `__proto__`. */
export function setAt(root: Json, path: JsonPath, key: string | number, value: Json): void {
  Object.defineProperty(nodeAt(root, path), key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** The node at `path`. */
export function nodeAt(root: Json, path: JsonPath): Json {
  let node = root;
  for (const step of path) node = (node as Record<string | number, Json>)[step] as Json;
  return node;
}

/** A valid push of one fresh case, with an extension, as a plain JSON value. */
export function validPush(): { [key: string]: Json } {
  const record = makeCase((draft) => {
    draft.extensions = { 'kz-aman:ticket': 'T-1' };
  });
  return JSON.parse(JSON.stringify(createPush([record])));
}

/**
 * Serialises `value`, then swaps each placeholder string made by `raw` for its raw JSON text, so a
 * body can carry what `JSON.stringify` would never write (duplicate keys, 1e400, lone surrogates).
 */
function withRaw(build: (raw: (text: string) => string) => Json): string {
  const swaps = new Map<string, string>();
  const raw = (text: string) => {
    const marker = `@@raw${swaps.size}@@`;
    swaps.set(`"${marker}"`, text);
    return marker;
  };
  let text = JSON.stringify(build(raw));
  for (const [marker, replacement] of swaps) text = text.replace(marker, () => replacement);
  return text;
}

const utf8 = new TextEncoder();

/** A push's text split around one placeholder, so raw bytes can go there. */
function withBytes(
  bytes: readonly number[],
  place: (push: Json, marker: string) => void,
): Uint8Array {
  const push = validPush();
  place(push, '@@bytes@@');
  const [before = '', after = ''] = JSON.stringify(push).split('"@@bytes@@"');
  return Buffer.concat([utf8.encode(before), Buffer.from(bytes), utf8.encode(after)]);
}

function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

function jsonHeaders(key: string): Record<string, string> {
  return { ...bearer(key), 'content-type': 'application/json' };
}

function randomKey(): string {
  return `tlk_${randomBytes(16).toString('hex')}_${randomBytes(32).toString('base64url')}`;
}

/** The secret part of a key `tlk_<32 hex>_<43 base64url>` (which may itself hold `_`). */
function secretOf(key: string): string {
  return key.slice('tlk_'.length + 32 + 1);
}

function push(
  context: BadRequestContext,
  label: string,
  body: string | Uint8Array,
  expect: ExpectedAnswer,
  role: KeyRole = 'documenter',
): BadRequest {
  return {
    label: `push: ${label}`,
    method: 'POST',
    path: '/v1/push',
    headers: jsonHeaders(context.keys[role]),
    body,
    expect,
  };
}

const wrongJson: ExpectedAnswer = { problem: 'invalid-json' };
const wrongShape: ExpectedAnswer = { problem: 'invalid-request' };
const invalidCase: ExpectedAnswer = { status: 200, results: ['invalid'] };

/** Bodies that are not JSON at all, or JSON cut short. */
function malformedJson(context: BadRequestContext): BadRequest[] {
  const syntaxErrors = [
    '',
    ' ',
    '\n\t \r\n',
    '{',
    '}',
    '[',
    ']',
    '{"clientId"',
    '{"clientId":',
    '{"clientId":"a"',
    '{"clientId":"a",}',
    '{clientId:"a"}',
    "{'clientId':'a'}",
    '{"clientId":"a" "mutations":[]}',
    '{"a":1}}',
    '[1,2',
    '[1,,2]',
    '[,]',
    'NaN',
    'Infinity',
    '-Infinity',
    'undefined',
    '{"a":NaN}',
    '{"a":undefined}',
    '{"a":01}',
    '{"a":1.}',
    '{"a":.5}',
    '{"a":+1}',
    '{"a":0x10}',
    '{"a":1e}',
    '{"a":"\\x41"}',
    '{"a":"\\u12"}',
    '{"a":"\\u12G4"}',
    '{"a":"tab\there"}',
    '{"a":"line\nbreak"}',
    '{"a":"nul\u0000raw"}',
    '// comment\n{}',
    '/* comment */{}',
    '{} {}',
    '{}garbage',
    'tru',
    'nul',
    '"unterminated',
    '\u00a0{}',
    '{"a" 1}',
    '{"a"::1}',
    '{"":}',
    '\\',
    '[1 2]',
    '{"a":[}',
    '{"a":{]}',
  ];
  const wrongRoots = ['null', 'true', '0', '"push"', '[]', '{}', '[{}]', '{"clientId":"a"}'];
  const text = JSON.stringify(validPush());
  const cuts = Array.from({ length: 50 }, (_, index) =>
    Math.floor(((index + 1) * (text.length - 1)) / 51),
  );
  return [
    ...syntaxErrors.map((body, index) => push(context, `syntax error ${index}`, body, wrongJson)),
    ...wrongRoots.map((body) => push(context, `the root is ${body}`, body, wrongShape)),
    ...cuts.map((cut) =>
      push(context, `cut after ${cut} characters`, text.slice(0, cut), wrongJson),
    ),
  ];
}

/** Values of the wrong type for each field of a push, a mutation and a case. */
function wrongTypes(context: BadRequestContext): BadRequest[] {
  const requests: BadRequest[] = [];
  const atPush = (
    label: string,
    path: JsonPath,
    key: string | number,
    value: Json,
    expect: ExpectedAnswer,
    edit?: (body: Json) => void,
  ) => {
    const body = validPush();
    edit?.(body);
    setAt(body, path, key, value);
    requests.push(
      push(
        context,
        `${label} = ${JSON.stringify(value).slice(0, 40)}`,
        JSON.stringify(body),
        expect,
      ),
    );
  };
  const clientIds: Json[] = [null, true, 0, -1, 1.5, '', [], {}, 'x'.repeat(101), 'a b', 'ü', '\\'];
  for (const value of clientIds) atPush('clientId', [], 'clientId', value, wrongShape);
  const mutationLists: Json[] = [null, true, 0, '', {}, '[]', [], [null], [1], ['x'], [[]], [{}]];
  for (const value of mutationLists) atPush('mutations', [], 'mutations', value, wrongShape);
  const mutation: JsonPath = ['mutations', 0];
  const mutationFields: Record<string, Json[]> = {
    id: [
      null,
      true,
      0,
      '',
      [],
      {},
      'not-a-uuid',
      crypto.randomUUID().toUpperCase(),
      `{${crypto.randomUUID()}}`,
    ],
    op: [null, true, 0, '', [], {}, 'CREATE', 'delete', 'purge', 'update', '__proto__'],
    caseId: [
      null,
      0,
      '',
      [],
      {},
      newCaseId().toUpperCase(),
      crypto.randomUUID(),
      `${newCaseId()}0`,
    ],
    case: [null, true, 0, -1, '', ['x'], [], [{}], [[]]],
  };
  for (const [field, values] of Object.entries(mutationFields)) {
    for (const value of values) atPush(`mutation ${field}`, mutation, field, value, wrongShape);
  }
  for (const value of [null, true, 0, -1, 1.5, '1', [], {}, 2_147_483_648] as Json[]) {
    atPush('update baseRevision', mutation, 'baseRevision', value, wrongShape, (body) =>
      setAt(body, mutation, 'op', 'update'),
    );
  }
  const caseFields: {
    path: JsonPath;
    kind: 'string' | 'number' | 'boolean' | 'object' | 'array';
  }[] = [
    { path: ['id'], kind: 'string' },
    { path: ['organisation'], kind: 'string' },
    { path: ['channel'], kind: 'string' },
    { path: ['createdAt'], kind: 'string' },
    { path: ['client', 'code'], kind: 'string' },
    { path: ['incident', 'date'], kind: 'string' },
    { path: ['incident', 'country'], kind: 'string' },
    { path: ['incident', 'placeKind'], kind: 'string' },
    { path: ['qualification'], kind: 'string' },
    { path: ['incident', 'violations', 0, 'type'], kind: 'string' },
    { path: ['consent', 'record', 'method'], kind: 'string' },
    { path: ['responses', 0, 'type'], kind: 'string' },
    { path: ['client', 'age'], kind: 'number' },
    { path: ['schemaVersion'], kind: 'number' },
    { path: ['incident', 'violations', 0, 'harm', 'moneyTaken', 'amount'], kind: 'number' },
    { path: ['consent', 'record', 'given'], kind: 'boolean' },
    { path: ['outcome', 'strategicCase'], kind: 'boolean' },
    { path: ['client', 'contact', 'safeToLeaveMessage'], kind: 'boolean' },
    { path: ['client'], kind: 'object' },
    { path: ['incident'], kind: 'object' },
    { path: ['consent'], kind: 'object' },
    { path: ['outcome'], kind: 'object' },
    { path: ['client', 'contact'], kind: 'object' },
    { path: ['incident', 'violations', 0, 'harm'], kind: 'object' },
    { path: ['incident', 'violations'], kind: 'array' },
    { path: ['responses'], kind: 'array' },
    { path: ['client', 'keyPopulations'], kind: 'array' },
    { path: ['incident', 'violations', 0, 'rights'], kind: 'array' },
  ];
  const wrongValues: Record<(typeof caseFields)[number]['kind'], Json[]> = {
    string: [null, true, 0, -1, 1.5, [], {}, ['x'], { value: 'x' }],
    number: [null, true, '34', '', [], {}, [34]],
    boolean: [null, 0, 1, 'true', '', [], {}],
    object: [null, true, 0, 'x', [], [{}]],
    array: [null, true, 0, 'x', {}, { 0: 'x' }],
  };
  for (const { path, kind } of caseFields) {
    for (const value of wrongValues[kind]) {
      atPush(
        `case ${path.join('.')}`,
        [...casePath, ...path.slice(0, -1)],
        path.at(-1) as string | number,
        value,
        invalidCase,
      );
    }
  }
  return requests;
}

/** Keys no schema knows, including names `Object.prototype` has, at every depth. */
function unknownFields(context: BadRequestContext): BadRequest[] {
  const names = [
    'extra',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    '__defineGetter__',
    'isPrototypeOf',
    'then',
    '$where',
    'a'.repeat(200),
  ];
  return pushDepths.flatMap(({ name, path, whole }) =>
    names.map((key) => {
      const body = validPush();
      const value: Json =
        key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes' };
      setAt(body, path, key, value);
      return push(
        context,
        `unknown key "${key.slice(0, 20)}" in ${name}`,
        JSON.stringify(body),
        whole ? wrongShape : invalidCase,
      );
    }),
  );
}

/** `__proto__` keys, plainly and escaped, at every depth and inside an extension's value. */
function prototypeKeys(context: BadRequestContext): BadRequest[] {
  const values: Json[] = [
    { polluted: 'yes' },
    { constructor: { prototype: { polluted: 'yes' } } },
    null,
    'polluted',
  ];
  const spellings = ['"__proto__"', '"\\u005f\\u005fproto\\u005f\\u005f"', '"__\\u0070roto__"'];
  const requests: BadRequest[] = [];
  for (const { name, path } of pushDepths) {
    for (const value of values) {
      const body = withRaw((raw) => {
        const draft = validPush();
        setAt(draft, path, raw('"__proto__"'), value);
        return draft;
      });
      requests.push(
        push(context, `__proto__ = ${JSON.stringify(value)} in ${name}`, body, wrongJson),
      );
    }
    for (const spelling of spellings.slice(1)) {
      const body = withRaw((raw) => {
        const draft = validPush();
        setAt(draft, path, raw(spelling), { polluted: 'yes' });
        return draft;
      });
      requests.push(push(context, `__proto__ spelt ${spelling} in ${name}`, body, wrongJson));
    }
  }
  const nested = withRaw((raw) => {
    const draft = validPush();
    setAt(draft, [...casePath, 'extensions'], 'kz-aman:nested', {
      a: [{ b: { [raw('"__proto__"')]: { polluted: 'yes' } } }],
    });
    return draft;
  });
  requests.push(push(context, '__proto__ deep inside an extension value', nested, wrongJson));
  const first = withRaw((raw) => ({ [raw('"__proto__"')]: { polluted: 'yes' }, ...validPush() }));
  requests.push(push(context, '__proto__ as the first key of the push', first, wrongJson));
  return requests;
}

/** Text PostgreSQL cannot store (`\u0000`, unpaired surrogates) in values and keys. */
function unstorableText(context: BadRequestContext): BadRequest[] {
  const escapes = [
    '\\u0000',
    'a\\u0000b',
    '\\ud800',
    '\\uDBFF',
    '\\udc00',
    '\\udfff',
    '\\ud800x',
    '\\ud800\\u0041',
    '\\udc00\\ud800',
    '\\ud800\\\\udc00',
  ];
  const places: { name: string; place: (draft: Json, value: string) => void }[] = [
    { name: 'clientId', place: (draft, value) => setAt(draft, [], 'clientId', value) },
    {
      name: 'the mutation id',
      place: (draft, value) => setAt(draft, ['mutations', 0], 'id', value),
    },
    { name: 'the case id', place: (draft, value) => setAt(draft, casePath, 'id', value) },
    {
      name: 'the client code',
      place: (draft, value) => setAt(draft, [...casePath, 'client'], 'code', value),
    },
    {
      name: 'the account',
      place: (draft, value) => setAt(draft, [...casePath, 'incident'], 'account', value),
    },
    {
      name: 'the region',
      place: (draft, value) => setAt(draft, [...casePath, 'incident'], 'region', value),
    },
    {
      name: 'an extension value',
      place: (draft, value) => setAt(draft, [...casePath, 'extensions'], 'kz-aman:ticket', value),
    },
    { name: 'a key of the case', place: (draft, value) => setAt(draft, casePath, value, 'x') },
    { name: 'a key of the push', place: (draft, value) => setAt(draft, [], value, 'x') },
    {
      name: 'an extension name',
      place: (draft, value) => setAt(draft, [...casePath, 'extensions'], value, 'x'),
    },
  ];
  return places.flatMap(({ name, place }) =>
    escapes.map((sequence) => {
      const body = withRaw((raw) => {
        const draft = validPush();
        place(draft, raw(`"${sequence}"`));
        return draft;
      });
      return push(context, `${sequence} in ${name}`, body, { problem: 'unsupported-text' });
    }),
  );
}

/** Numbers a 64-bit float cannot hold, and odd spellings of small ones. */
function awkwardNumbers(context: BadRequestContext): BadRequest[] {
  const overflowing = ['1e400', '-1e400', `1${'0'.repeat(400)}`, '1.5e309', '-2E+308'];
  const places: { name: string; path: JsonPath; key: string; op?: 'update' }[] = [
    { name: 'baseRevision', path: ['mutations', 0], key: 'baseRevision', op: 'update' },
    { name: 'schemaVersion', path: casePath, key: 'schemaVersion' },
    { name: 'the client age', path: [...casePath, 'client'], key: 'age' },
    {
      name: 'the money taken',
      path: [...casePath, 'incident', 'violations', 0, 'harm', 'moneyTaken'],
      key: 'amount',
    },
    { name: 'an extension value', path: [...casePath, 'extensions'], key: 'kz-aman:ticket' },
    { name: 'clientId', path: [], key: 'clientId' },
    { name: 'an unknown key', path: [], key: 'extra' },
  ];
  const requests: BadRequest[] = [];
  for (const { name, path, key, op } of places) {
    for (const number of overflowing) {
      const body = withRaw((raw) => {
        const draft = validPush();
        if (op) setAt(draft, ['mutations', 0], 'op', op);
        setAt(draft, path, key, raw(number));
        return draft;
      });
      const shown = number.length > 12 ? `1 and ${number.length - 1} zeros` : number;
      requests.push(push(context, `${shown} as ${name}`, body, wrongJson));
    }
  }
  const odd = ['1e-400', '-0', '9007199254740993', '1e21', '0.5e1', '-1'];
  for (const number of odd) {
    const update = withRaw((raw) => {
      const draft = validPush();
      setAt(draft, ['mutations', 0], 'op', 'update');
      setAt(
        draft,
        ['mutations', 0],
        'baseRevision',
        raw(number === '0.5e1' ? '2147483648' : number),
      );
      return draft;
    });
    requests.push(push(context, `${number} as baseRevision`, update, wrongShape));
    const version = withRaw((raw) => {
      const draft = validPush();
      setAt(draft, casePath, 'schemaVersion', raw(number));
      return draft;
    });
    requests.push(push(context, `${number} as schemaVersion`, version, invalidCase));
  }
  return requests;
}

/** The same key twice in one object, with the same or another value, spelt alike or escaped. */
function duplicateKeys(context: BadRequestContext): BadRequest[] {
  const places: { name: string; path: JsonPath; key: string; other: Json }[] = [
    { name: 'the push', path: [], key: 'clientId', other: 'other-client' },
    { name: 'the push', path: [], key: 'mutations', other: [] },
    { name: 'a mutation', path: ['mutations', 0], key: 'id', other: crypto.randomUUID() },
    { name: 'a mutation', path: ['mutations', 0], key: 'op', other: 'update' },
    { name: 'a mutation', path: ['mutations', 0], key: 'caseId', other: newCaseId() },
    { name: 'a mutation', path: ['mutations', 0], key: 'case', other: {} },
    { name: 'the case', path: casePath, key: 'id', other: newCaseId() },
    { name: 'the case', path: casePath, key: 'client', other: {} },
    { name: 'the case', path: casePath, key: 'schemaVersion', other: 2 },
    { name: 'the client', path: [...casePath, 'client'], key: 'code', other: 'OTHER-1' },
    {
      name: 'a violation',
      path: [...casePath, 'incident', 'violations', 0],
      key: 'type',
      other: 'other',
    },
    {
      name: 'the extensions',
      path: [...casePath, 'extensions'],
      key: 'kz-aman:ticket',
      other: 'T-2',
    },
  ];
  const requests: BadRequest[] = [];
  for (const { name, path, key, other } of places) {
    for (const variant of ['same value', 'other value', 'escaped name'] as const) {
      const body = withRaw((raw) => {
        const draft = validPush();
        const node = nodeAt(draft, path) as Record<string, Json>;
        const value = variant === 'other value' ? other : (node[key] as Json);
        const name =
          variant === 'escaped name'
            ? `"\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${key.slice(1)}"`
            : JSON.stringify(key);
        setAt(draft, path, raw(name), value);
        return draft;
      });
      requests.push(push(context, `"${key}" twice (${variant}) in ${name}`, body, wrongJson));
    }
  }
  return requests;
}

/** Bodies over the size limit, with and without a Content-Length, and pushes over the mutation limit. */
function oversized(context: BadRequestContext): BadRequest[] {
  const { maxBodyBytes, maxMutationsPerPush } = context.limits;
  const tenMegabytes = 10 * 1024 * 1024;
  const huge = validPush();
  setAt(huge, [...casePath, 'incident'], 'account', 'a'.repeat(tenMegabytes));
  const hugeText = utf8.encode(JSON.stringify(huge));
  const atLimit = validPush();
  setAt(atLimit, [...casePath, 'incident'], 'account', '');
  const padding = maxBodyBytes - utf8.encode(JSON.stringify(atLimit)).byteLength;
  setAt(atLimit, [...casePath, 'incident'], 'account', 'a'.repeat(padding));
  const overLimit = validPush();
  setAt(overLimit, [...casePath, 'incident'], 'account', 'a'.repeat(padding + 1));
  const manyMutations = (count: number) =>
    JSON.stringify(createPush(Array.from({ length: count }, () => makeCase())));
  const tooLarge: ExpectedAnswer = { problem: 'body-too-large' };
  const headers = jsonHeaders(context.keys.documenter);
  return [
    push(context, 'a 10 MB body with a Content-Length', hugeText, tooLarge),
    {
      label: 'push: a 10 MB body streamed without a Content-Length',
      method: 'POST',
      path: '/v1/push',
      headers,
      body: { streamedBytes: tenMegabytes },
      expect: tooLarge,
    },
    push(
      context,
      'one byte over the limit with a Content-Length',
      JSON.stringify(overLimit),
      tooLarge,
    ),
    {
      label: 'push: one byte over the limit, streamed',
      method: 'POST',
      path: '/v1/push',
      headers,
      body: { streamedBytes: maxBodyBytes + 1 },
      expect: tooLarge,
    },
    push(
      context,
      'exactly at the size limit, with a too long account',
      JSON.stringify(atLimit),
      invalidCase,
    ),
    push(
      context,
      `${maxMutationsPerPush + 1} valid mutations`,
      manyMutations(maxMutationsPerPush + 1),
      wrongShape,
    ),
    push(context, '501 valid mutations', manyMutations(501), wrongShape),
    push(
      context,
      '20,000 zeros as mutations',
      `{"clientId":"a","mutations":[${'0,'.repeat(19_999)}0]}`,
      wrongShape,
    ),
  ];
}

/** JSON nested 10,000 deep, cut short while deep, and just over and at the depth limit. */
function deepNesting(context: BadRequestContext): BadRequest[] {
  const depth = 10_000;
  const { maxJsonDepth } = context.limits;
  const inCase = (deep: string) =>
    withRaw((raw) => {
      const draft = validPush();
      setAt(draft, ['mutations', 0], 'case', raw(deep));
      return draft;
    });
  const inExtension = (deep: string) =>
    withRaw((raw) => {
      const draft = validPush();
      setAt(draft, [...casePath, 'extensions'], 'kz-aman:deep', raw(deep));
      return draft;
    });
  // The extension's value starts at depth 6: push, mutations, mutation, case, extensions.
  const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  return [
    push(context, '10,000 nested arrays', arrays(depth), wrongJson),
    push(
      context,
      '10,000 nested objects',
      `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      wrongJson,
    ),
    push(context, '10,000 open arrays, never closed', '['.repeat(depth), wrongJson),
    push(context, '10,000 open objects, never closed', '{"a":'.repeat(depth), wrongJson),
    push(
      context,
      '10,000 alternating arrays and objects',
      `${'[{"a":'.repeat(depth / 2)}1${'}]'.repeat(depth / 2)}`,
      wrongJson,
    ),
    push(context, '10,000 nested arrays as the case', inCase(arrays(depth)), wrongJson),
    push(
      context,
      '10,000 nested objects in an extension',
      inExtension(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
      wrongJson,
    ),
    push(
      context,
      'one level over the depth limit',
      inExtension(arrays(maxJsonDepth - 4)),
      wrongJson,
    ),
    push(context, 'exactly at the depth limit', inExtension(arrays(maxJsonDepth - 5)), {
      status: 200,
      results: ['created'],
    }),
  ];
}

/** Byte sequences that are not UTF-8, in a value, in a key, between tokens and at the end. */
function invalidUtf8(context: BadRequestContext): BadRequest[] {
  const sequences = [
    [0xff],
    [0xfe],
    [0xc0, 0x80],
    [0xc1, 0xbf],
    [0xe0, 0x80, 0x80],
    [0xed, 0xa0, 0x80],
    [0xed, 0xbf, 0xbf],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf5, 0x80, 0x80, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0x80],
    [0xbf],
    [0xe2, 0x82],
    [0xf0, 0x9f, 0x98],
    [0xe9],
  ];
  const requests: BadRequest[] = [];
  for (const bytes of sequences) {
    const name = bytes.map((byte) => byte.toString(16)).join(' ');
    const inValue = withBytes([0x22, 0x61, ...bytes, 0x22], (draft, marker) =>
      setAt(draft, [...casePath, 'incident'], 'account', marker),
    );
    const inKey = withBytes([0x22, ...bytes, 0x22], (draft, marker) =>
      setAt(draft, casePath, marker, 'x'),
    );
    const text = JSON.stringify(validPush());
    const between = Buffer.concat([
      utf8.encode(text.slice(0, 1)),
      Buffer.from(bytes),
      utf8.encode(text.slice(1)),
    ]);
    const atEnd = Buffer.concat([utf8.encode(text), Buffer.from(bytes)]);
    requests.push(
      push(context, `bytes ${name} in a value`, inValue, wrongJson),
      push(context, `bytes ${name} in a key`, inKey, wrongJson),
      push(context, `bytes ${name} between tokens`, between, wrongJson),
      push(context, `bytes ${name} at the end`, atEnd, wrongJson),
    );
  }
  const text = JSON.stringify(validPush());
  requests.push(
    push(
      context,
      'UTF-16LE with a byte order mark',
      Buffer.from(`\ufeff${text}`, 'utf16le'),
      wrongJson,
    ),
    push(context, 'UTF-16LE without a byte order mark', Buffer.from(text, 'utf16le'), wrongJson),
    push(
      context,
      'Latin-1 with an é',
      Buffer.from(text.replace('Almaty', 'Almaté'), 'latin1'),
      wrongJson,
    ),
  );
  return requests;
}

/** A valid push under content types that are not JSON, and under the spellings of JSON the hub takes. */
function contentTypes(context: BadRequestContext): BadRequest[] {
  const refused = [
    'text/plain',
    'text/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/json-patch+json',
    'application/problem+json',
    'application/ld+json',
    '*/*',
    'application/json, text/plain',
    'application/jsonx',
    'application/json; boundary=x',
    'application/json; charset=utf-8; x=y',
    'json',
    'application/octet-stream',
  ];
  const taken = [
    'application/json',
    'APPLICATION/JSON',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'application/json; charset="utf-8"',
  ];
  const key = context.keys.documenter;
  return [
    ...refused.map(
      (type): BadRequest => ({
        label: `push: Content-Type ${type}`,
        method: 'POST',
        path: '/v1/push',
        headers: { ...bearer(key), 'content-type': type },
        body: JSON.stringify(validPush()),
        expect: { problem: 'unsupported-media-type' },
      }),
    ),
    {
      label: 'push: no Content-Type',
      method: 'POST',
      path: '/v1/push',
      headers: bearer(key),
      body: utf8.encode(JSON.stringify(validPush())),
      expect: { problem: 'unsupported-media-type' },
    },
    {
      label: 'push: a form body',
      method: 'POST',
      path: '/v1/push',
      headers: { ...bearer(key), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'clientId=a&mutations=%5B%5D',
      expect: { problem: 'unsupported-media-type' },
    },
    {
      label: 'push: JSON type, no body',
      method: 'POST',
      path: '/v1/push',
      headers: jsonHeaders(key),
      expect: { problem: 'invalid-json' },
    },
    ...taken.map(
      (type): BadRequest => ({
        label: `push: Content-Type ${type} is taken`,
        method: 'POST',
        path: '/v1/push',
        headers: { ...bearer(key), 'content-type': type },
        body: JSON.stringify(validPush()),
        expect: { status: 200, results: ['created'] },
      }),
    ),
    push(
      context,
      'a UTF-8 byte order mark before the JSON',
      `\ufeff${JSON.stringify(validPush())}`,
      {
        status: 200,
        results: ['created'],
      },
    ),
  ];
}

/** SQL-looking strings in every path segment, query parameter, header and push field. */
function sqlLooking(context: BadRequestContext): BadRequest[] {
  const { keys } = context;
  const requests: BadRequest[] = [];
  const get = (
    label: string,
    path: string,
    key: string,
    expect: ExpectedAnswer,
    headers: Record<string, string> = {},
    method = 'GET',
  ): BadRequest => ({
    label,
    method,
    path,
    headers: { ...bearer(key), ...headers },
    expect,
  });
  const refused: ExpectedAnswer = { problem: 'invalid-request' };
  for (const [index, sql] of sqlLookingStrings.entries()) {
    const value = encodeURIComponent(sql);
    const name = `SQL ${index}`;
    requests.push(
      get(`GET a case: ${name} as the id`, `/v1/cases/${value}`, keys.documenter, refused),
      get(
        `DELETE a case: ${name} as the id`,
        `/v1/cases/${value}`,
        keys.admin,
        refused,
        {},
        'DELETE',
      ),
      get(`pull: ${name} as since`, `/v1/pull?since=${value}`, keys.documenter, refused),
      get(`pull: ${name} as limit`, `/v1/pull?limit=${value}`, keys.documenter, refused),
      get(`pull: ${name} as a parameter name`, `/v1/pull?${value}=1`, keys.documenter, refused),
      get(`export: ${name} as the policy`, `/v1/export?policy=${value}`, keys.admin, refused),
      get(`stats: ${name} as from`, `/v1/stats?from=${value}`, keys.analyst, refused),
      get(`stats: ${name} as to`, `/v1/stats?to=${value}`, keys.analyst, refused),
      get(`config: ${name} as a parameter`, `/v1/config?q=${value}`, keys.admin, refused),
      get(`config: ${name} as the key`, '/v1/config', `tlk_${sql}`, { problem: 'unauthorized' }),
      get(
        `config: ${name} as Accept-Language`,
        '/v1/config',
        keys.admin,
        { status: 200 },
        { 'accept-language': sql },
      ),
      get(
        `config: ${name} as Origin`,
        '/v1/config',
        keys.admin,
        { problem: 'origin-not-allowed' },
        { origin: sql },
      ),
    );
    const inPush = (label: string, path: JsonPath, key: string, expect: ExpectedAnswer) => {
      const body = validPush();
      setAt(body, path, key, sql);
      requests.push(push(context, `${name} as ${label}`, JSON.stringify(body), expect));
    };
    inPush('clientId', [], 'clientId', wrongShape);
    inPush('the mutation id', ['mutations', 0], 'id', wrongShape);
    inPush('the case id of the mutation', ['mutations', 0], 'caseId', wrongShape);
    inPush('the id of the case', casePath, 'id', invalidCase);
    inPush('the client code', [...casePath, 'client'], 'code', invalidCase);
    inPush('the organisation', casePath, 'organisation', invalidCase);
    const extension = validPush();
    setAt(extension, [...casePath, 'extensions'], sql, 'x');
    requests.push(
      push(context, `${name} as an extension name`, JSON.stringify(extension), invalidCase),
    );
    // Free text takes anything: it must be stored as sent, not run.
    const account = validPush();
    setAt(account, [...casePath, 'incident'], 'account', sql);
    const caseId = nodeAt(account, ['mutations', 0, 'caseId']) as string;
    requests.push({
      ...push(context, `${name} as the account`, JSON.stringify(account), {
        status: 200,
        results: ['created'],
      }),
      stored: { caseId, path: ['incident', 'account'], value: sql },
    });
  }
  return requests;
}

/** Every endpoint without a key, with malformed, unknown, wrong-secret and revoked keys. */
function badKeys(context: BadRequestContext): BadRequest[] {
  const valid = context.keys.admin;
  const secret = secretOf(valid);
  const hex = valid.slice(4, 36);
  const authorizations: (string | undefined)[] = [
    undefined,
    '',
    'Bearer',
    'Bearer ',
    `Basic ${Buffer.from(`admin:${valid}`).toString('base64')}`,
    `Token ${valid}`,
    valid,
    `Bearer  ${valid}`,
    `Bearer ${valid} extra`,
    `Bearer ${valid}x`,
    `Bearer ${valid.slice(0, -1)}`,
    `Bearer ${valid.toUpperCase()}`,
    `Bearer ${valid.replace('tlk_', 'TLK_')}`,
    'Bearer tlk_',
    `Bearer tlk_${hex}_`,
    `Bearer tlk_${hex}`,
    `Bearer tlk__${secret}`,
    `Bearer ${valid}, Bearer ${valid}`,
    `Bearer ${'a'.repeat(8000)}`,
    `Bearer tlk_${hex}_${randomBytes(32).toString('base64url')}`,
    `Bearer tlk_${'0'.repeat(32)}_${'A'.repeat(43)}`,
    `Bearer tlk_${'f'.repeat(32)}_${'-'.repeat(43)}`,
    ...Array.from({ length: 8 }, () => `Bearer ${randomKey()}`),
    `Bearer ${context.revokedKey}`,
    `Bearer ${context.revokedKey.slice(0, 37)}${secret}`,
  ];
  const endpoints: { method: string; path: string; body?: string }[] = [
    { method: 'POST', path: '/v1/push', body: JSON.stringify(validPush()) },
    { method: 'GET', path: '/v1/pull' },
    { method: 'GET', path: `/v1/cases/${context.existingCaseId}` },
    { method: 'DELETE', path: `/v1/cases/${context.existingCaseId}` },
    { method: 'GET', path: '/v1/export' },
    { method: 'GET', path: '/v1/stats' },
    { method: 'GET', path: '/v1/config' },
    { method: 'GET', path: '/v1/nothing-here' },
    { method: 'PUT', path: '/v1/push' },
  ];
  const secrets = [secret, secretOf(context.revokedKey)];
  return authorizations.flatMap((authorization, index) =>
    endpoints.map(
      ({ method, path, body }): BadRequest => ({
        label: `${method} ${path.slice(0, 20)}: bad key ${index}`,
        method,
        path,
        headers: {
          ...(authorization === undefined ? {} : { authorization }),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body } : {}),
        expect: { problem: 'unauthorized' },
        secrets,
      }),
    ),
  );
}

/** Valid keys whose role may not do what they ask, and another organisation's keys. */
function wrongRoles(context: BadRequestContext): BadRequest[] {
  const { keys, otherKeys, existingCaseId } = context;
  const forbidden: ExpectedAnswer = { problem: 'forbidden' };
  const denied: [KeyRole, string, string][] = [
    ['intake', 'GET', '/v1/pull'],
    ['intake', 'GET', `/v1/cases/${existingCaseId}`],
    ['intake', 'DELETE', `/v1/cases/${existingCaseId}`],
    ['intake', 'GET', '/v1/export'],
    ['intake', 'GET', '/v1/stats'],
    ['documenter', 'DELETE', `/v1/cases/${existingCaseId}`],
    ['documenter', 'GET', '/v1/export'],
    ['documenter', 'GET', '/v1/stats'],
    ['analyst', 'GET', '/v1/pull'],
    ['analyst', 'GET', `/v1/cases/${existingCaseId}`],
    ['analyst', 'DELETE', `/v1/cases/${existingCaseId}`],
    ['analyst', 'GET', '/v1/export'],
  ];
  const existing = () =>
    makeCase((draft) => {
      draft.id = existingCaseId;
    });
  const update = (baseRevision: number) => ({
    clientId: 'test-client',
    mutations: [
      {
        id: crypto.randomUUID(),
        op: 'update',
        caseId: existingCaseId,
        baseRevision,
        case: existing(),
      },
    ],
  });
  const missing = validPush();
  setAt(missing, ['mutations', 0], 'op', 'update');
  setAt(missing, ['mutations', 0], 'baseRevision', 1);
  const mismatched = validPush();
  setAt(mismatched, casePath, 'id', newCaseId());
  return [
    ...denied.map(
      ([role, method, path]): BadRequest => ({
        label: `${method} ${path.slice(0, 20)} with an ${role} key`,
        method,
        path,
        headers: bearer(keys[role]),
        expect: forbidden,
      }),
    ),
    push(context, 'with an analyst key', JSON.stringify(validPush()), forbidden, 'analyst'),
    {
      label: "GET another organisation's case",
      method: 'GET',
      path: `/v1/cases/${existingCaseId}`,
      headers: bearer(otherKeys.documenter),
      expect: { problem: 'not-found' },
    },
    {
      label: "DELETE another organisation's case",
      method: 'DELETE',
      path: `/v1/cases/${existingCaseId}`,
      headers: bearer(otherKeys.admin),
      expect: { problem: 'not-found' },
    },
    push(context, 'an update with an intake key', JSON.stringify(update(1)), invalidCase, 'intake'),
    push(
      context,
      'a create of an existing case with an intake key',
      JSON.stringify(createPush([existing()])),
      { status: 200, results: ['conflict'] },
      'intake',
    ),
    push(context, 'a create of an existing case', JSON.stringify(createPush([existing()])), {
      status: 200,
      results: ['conflict'],
    }),
    push(context, 'an update on a stale revision', JSON.stringify(update(99)), {
      status: 200,
      results: ['conflict'],
    }),
    push(context, 'an update of a case that does not exist', JSON.stringify(missing), {
      status: 200,
      results: ['conflict'],
    }),
    push(context, 'a case whose id is not the caseId', JSON.stringify(mismatched), invalidCase),
  ];
}

/** Bad values and unknown names for every query parameter, and bad case ids. */
function badParameters(context: BadRequestContext): BadRequest[] {
  const { keys } = context;
  const refused: ExpectedAnswer = { problem: 'invalid-request' };
  const get = (
    path: string,
    key: string,
    expect: ExpectedAnswer = refused,
    method = 'GET',
  ): BadRequest => ({
    label: `${method} ${path.slice(0, 60)}`,
    method,
    path,
    headers: bearer(key),
    expect,
  });
  const since = [
    '-1',
    '1.5',
    '1e3',
    'abc',
    '',
    '%20',
    '0x10',
    '1'.repeat(19),
    '9'.repeat(20),
    '%2B1',
    '%201',
    '1%20',
    '0,1',
    '%D9%A3',
    '%00',
    'null',
    'undefined',
    '[]',
  ];
  const limit = [
    '0',
    '-1',
    String(context.limits.maxChangesPerPull + 1),
    '10000000',
    '1.5',
    'abc',
    '',
    'Infinity',
    'NaN',
    '1e3',
    '0x10',
    '%201',
    '%D9%A1',
    '99999999',
  ];
  const unknown = [
    'foo=1',
    'since=0&cursor=1',
    'SINCE=0',
    'limit[]=1',
    '__proto__=1',
    'constructor=1',
    'since[__proto__]=1',
    '%00=1',
  ];
  const months = [
    '2024-13',
    '2024-00',
    '24-01',
    '2024-1',
    '',
    '2024-01-01',
    'abc',
    '2024%2F01',
    '2024-01%20',
    '%D9%A1%D9%A2%D9%A3%D9%A4-01',
    '-2024-01',
    '2024-01%00',
  ];
  const policies = [
    '',
    'INTERNAL',
    'public',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'internal%20',
    'internal,partner',
    'partner%00',
  ];
  const caseIds = [
    newCaseId().toUpperCase(),
    crypto.randomUUID(),
    '0',
    'null',
    'undefined',
    '%00',
    'a%2Fb',
    `${newCaseId()}%20`,
    `%20${newCaseId()}`,
    newCaseId().replaceAll('-', ''),
    `${newCaseId()}0`,
    'x'.repeat(2000),
    '%E0%A4%A',
    '%ZZ',
  ];
  return [
    ...since.map((value) => get(`/v1/pull?since=${value}`, keys.documenter)),
    ...limit.map((value) => get(`/v1/pull?limit=${value}`, keys.documenter)),
    ...unknown.map((query) => get(`/v1/pull?${query}`, keys.documenter)),
    ...months.flatMap((value) => [
      get(`/v1/stats?from=${value}`, keys.analyst),
      get(`/v1/stats?to=${value}`, keys.analyst),
    ]),
    get('/v1/stats?month=2024-01', keys.analyst),
    ...policies.map((value) => get(`/v1/export?policy=${value}`, keys.admin)),
    get('/v1/export?policy=partner&format=csv', keys.admin),
    get('/v1/config?x=1', keys.admin),
    get(`/v1/cases/${context.existingCaseId}?revision=1`, keys.documenter),
    get(`/v1/cases/${context.existingCaseId}?force=1`, keys.admin, refused, 'DELETE'),
    ...caseIds.flatMap((id) => [
      get(`/v1/cases/${id}`, keys.documenter),
      get(`/v1/cases/${id}`, keys.admin, refused, 'DELETE'),
    ]),
    get(`/v1/cases/${newCaseId()}`, keys.documenter, { problem: 'not-found' }),
    get(`/v1/cases/${newCaseId()}`, keys.admin, { problem: 'not-found' }, 'DELETE'),
  ];
}

/** Wrong methods on every address, and addresses that do not exist. */
function wrongAddresses(context: BadRequestContext): BadRequest[] {
  const key = context.keys.admin;
  const allowed: Record<string, readonly string[]> = {
    '/v1/health': ['GET'],
    '/v1/openapi.json': ['GET'],
    '/v1/config': ['GET'],
    '/v1/push': ['POST'],
    '/v1/pull': ['GET'],
    [`/v1/cases/${newCaseId()}`]: ['GET', 'DELETE'],
    '/v1/export': ['GET'],
    '/v1/stats': ['GET'],
  };
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND'];
  const unknownPaths = [
    '/',
    '/v1',
    '/v1/',
    '/v2/push',
    '/push',
    '/v1/push/',
    '/v1/pushx',
    '/v1/PUSH',
    '/V1/push',
    '/v1/cases',
    '/v1/cases/',
    `/v1/cases/${newCaseId()}/revisions`,
    '/v1/health/x',
    '/v1/%00',
    '/v1/..%2f..%2fetc%2fpasswd',
    '/v1/openapi.yaml',
    '/.env',
    '/v1/admin',
    '/v1/keys',
    '/v1/organisations',
  ];
  return [
    ...Object.entries(allowed).flatMap(([path, allow]) =>
      methods
        .filter((method) => !allow.includes(method))
        .map(
          (method): BadRequest => ({
            label: `${method} ${path.slice(0, 20)}`,
            method,
            path,
            headers: bearer(key),
            expect: { problem: 'method-not-allowed' },
          }),
        ),
    ),
    {
      label: 'HEAD /v1/push',
      method: 'HEAD',
      path: '/v1/push',
      headers: bearer(key),
      expect: { problem: 'method-not-allowed' },
    },
    ...unknownPaths.flatMap((path) =>
      ['GET', 'POST'].map(
        (method): BadRequest => ({
          label: `${method} ${path.slice(0, 40)}`,
          method,
          path,
          headers: bearer(key),
          expect: { problem: 'not-found' },
        }),
      ),
    ),
  ];
}

/** Every generated bad request, in a fixed order; cases and keys in them are fresh on each call. */
export function badRequests(context: BadRequestContext): BadRequest[] {
  return [
    ...malformedJson(context),
    ...wrongTypes(context),
    ...unknownFields(context),
    ...prototypeKeys(context),
    ...unstorableText(context),
    ...awkwardNumbers(context),
    ...duplicateKeys(context),
    ...oversized(context),
    ...deepNesting(context),
    ...invalidUtf8(context),
    ...contentTypes(context),
    ...sqlLooking(context),
    ...badKeys(context),
    ...wrongRoles(context),
    ...badParameters(context),
    ...wrongAddresses(context),
  ];
}
