import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  caseResponseSchema,
  configResponseSchema,
  type HubLimits,
  healthResponseSchema,
  problemSchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  statisticsResponseSchema,
} from '@talap/core/protocol';
import * as z from 'zod/mini';

type JsonObject = Record<string, unknown>;

const caseRef = { $ref: '#/components/schemas/Case' };

/** A protocol schema as an OpenAPI 3.1 schema object; the case inside it points at the Case component. */
function schemaOf(schema: z.ZodMiniType): JsonObject {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'custom') Object.assign(ctx.jsonSchema, caseRef);
    },
  }) as JsonObject;
  delete json.$schema;
  return json;
}

/**
 * The case's JSON Schema and the definitions it shares (`$defs`, such as the encrypted value of an
 * identifying field), each as a component: a `#/$defs/…` reference inside the case would
 * otherwise point at the root of the OpenAPI document.
 */
function caseJsonSchemas(): Record<string, JsonObject> {
  const require = createRequire(import.meta.url);
  const text = readFileSync(require.resolve('@talap/core/case.schema.json'), 'utf8');
  const componentName = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
  const schema = JSON.parse(
    text.replace(
      /"#\/\$defs\/([A-Za-z0-9_]+)"/g,
      (_, name: string) => `"#/components/schemas/${componentName(name)}"`,
    ),
  ) as JsonObject;
  const defs = (schema.$defs ?? {}) as Record<string, JsonObject>;
  delete schema.$schema;
  delete schema.$id;
  delete schema.$defs;
  return {
    Case: schema,
    ...Object.fromEntries(
      Object.entries(defs).map(([name, definition]) => [componentName(name), definition]),
    ),
  };
}

const problemContent = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
};

function problems(...statuses: number[]): JsonObject {
  const descriptions: Record<number, string> = {
    400: 'The request is malformed or does not match the protocol.',
    401: 'No key, or a key that is not valid or was revoked.',
    403: 'The key may not do this, or the page’s origin is not allowed.',
    404: 'Not found (also for another organisation’s case).',
    413: 'The body is larger than the limit.',
    415: 'The body is not JSON.',
    429: 'Too many requests for this key; see Retry-After.',
  };
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: descriptions[status], content: problemContent },
    ]),
  );
}

function json(schemaName: string, description: string): JsonObject {
  return {
    description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName}` } } },
  };
}

/** A public key of the organisation as `GET /v1/config` serves it (docs/encryption.md). */
const publicKeySchema: JsonObject = {
  type: 'object',
  description:
    'An organisation public key for field-level encryption: a JSON Web Key (RFC 7517) with the fingerprint and status beside it. Clients encrypt only for the active key whose fingerprint the page pinned.',
  required: ['kty', 'n', 'e', 'alg', 'use', 'kid', 'fingerprint', 'status', 'createdAt'],
  properties: {
    kty: { const: 'RSA' },
    n: { type: 'string', description: 'The modulus, base64url.' },
    e: { const: 'AQAB' },
    alg: { const: 'RSA-OAEP-256' },
    use: { const: 'enc' },
    kid: {
      type: 'string',
      pattern: '^[0-9a-f]{16}$',
      description: 'The key id: the first 16 hex digits of the fingerprint.',
    },
    fingerprint: {
      type: 'string',
      pattern: '^[0-9a-f]{4}( [0-9a-f]{4}){15}$',
      description: 'SHA-256 of the key’s SPKI encoding, 16 groups of 4 hex digits.',
    },
    status: {
      enum: ['active', 'retired'],
      description:
        'active: new values are encrypted for it (at most one). retired: it only names older values.',
    },
    createdAt: { type: 'string', format: 'date-time' },
    retiredAt: { type: 'string', format: 'date-time' },
  },
};

/** The configuration answer, with its public keys described exactly. */
function configSchema(): JsonObject {
  const schema = schemaOf(configResponseSchema);
  const properties = schema.properties as Record<string, JsonObject>;
  properties.publicKeys = {
    type: 'array',
    description:
      'The organisation’s public keys, the active one first; empty when it encrypts nothing.',
    items: { $ref: '#/components/schemas/PublicKey' },
  };
  return schema;
}

const caseIdParameter = {
  name: 'caseId',
  in: 'path',
  required: true,
  description: 'The case id, a lowercase UUID version 7.',
  schema: {
    type: 'string',
    pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$',
  },
};

/** The OpenAPI 3.1 document of the /v1 protocol, served at /v1/openapi.json. */
export function buildOpenApiDocument(limits: HubLimits): JsonObject {
  const secured = [{ hubKey: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Talap hub',
      version: '1',
      description:
        'The case hub that Talap intake forms and sync clients talk to. See docs/protocol.md and docs/hub.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        hubKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A hub key (tlk_…) made with `talap-hub key create`.',
        },
      },
      schemas: {
        ...caseJsonSchemas(),
        PushRequest: schemaOf(pushRequestSchema),
        PushResponse: schemaOf(pushResponseSchema),
        PullResponse: schemaOf(pullResponseSchema),
        CaseResponse: schemaOf(caseResponseSchema),
        ConfigResponse: configSchema(),
        PublicKey: publicKeySchema,
        HealthResponse: schemaOf(healthResponseSchema),
        StatisticsResponse: schemaOf(statisticsResponseSchema),
        Problem: schemaOf(problemSchema),
      },
    },
    paths: {
      '/v1/health': {
        get: {
          operationId: 'health',
          summary: 'Whether the hub and its database answer.',
          responses: { '200': json('HealthResponse', 'The hub is up.') },
        },
      },
      '/v1/config': {
        get: {
          operationId: 'config',
          summary: 'Protocol versions, the epoch, the limits and the organisation’s public keys.',
          security: secured,
          responses: {
            '200': json('ConfigResponse', 'The configuration.'),
            ...problems(401, 403, 429),
          },
        },
      },
      '/v1/push': {
        post: {
          operationId: 'push',
          summary: `Sends up to ${limits.maxMutationsPerPush} mutations; answered after a durable commit.`,
          security: secured,
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PushRequest' } },
            },
          },
          responses: {
            '200': json('PushResponse', 'One result per mutation, in order.'),
            ...problems(400, 401, 403, 413, 415, 429),
          },
        },
      },
      '/v1/pull': {
        get: {
          operationId: 'pull',
          summary: 'Changes after a cursor, in commit order (documenter and admin keys).',
          security: secured,
          parameters: [
            {
              name: 'since',
              in: 'query',
              description: 'A cursor from an earlier pull, or 0.',
              schema: { type: 'string', pattern: '^[0-9]{1,18}$', default: '0' },
            },
            {
              name: 'limit',
              in: 'query',
              description: 'The most changes to return.',
              schema: {
                type: 'integer',
                minimum: 1,
                maximum: limits.maxChangesPerPull,
                default: 100,
              },
            },
          ],
          responses: {
            '200': json('PullResponse', 'A page of changes.'),
            ...problems(400, 401, 403, 429),
          },
        },
      },
      '/v1/cases/{caseId}': {
        get: {
          operationId: 'getCase',
          summary: 'One case of the key’s organisation (documenter and admin keys).',
          security: secured,
          parameters: [caseIdParameter],
          responses: {
            '200': json('CaseResponse', 'The case.'),
            ...problems(400, 401, 403, 404, 429),
          },
        },
        delete: {
          operationId: 'purgeCase',
          summary:
            'Purges a case (admin keys): it leaves reads, exports and statistics; pulls carry a tombstone.',
          security: secured,
          parameters: [caseIdParameter],
          responses: { '204': { description: 'Purged.' }, ...problems(400, 401, 403, 404, 429) },
        },
      },
      '/v1/export': {
        get: {
          operationId: 'exportCases',
          summary: 'The organisation’s cases as NDJSON, optionally redacted (admin keys).',
          security: secured,
          parameters: [
            {
              name: 'policy',
              in: 'query',
              schema: {
                type: 'string',
                enum: ['internal', 'partner', 'aggregate'],
                default: 'internal',
              },
            },
          ],
          responses: {
            '200': {
              description: 'One case per line.',
              content: { 'application/x-ndjson': { schema: { type: 'string' } } },
            },
            ...problems(400, 401, 403, 429),
          },
        },
      },
      '/v1/stats': {
        get: {
          operationId: 'statistics',
          summary:
            'Counts of consented cases (analyst and admin keys; analysts see small counts suppressed).',
          security: secured,
          parameters: ['from', 'to'].map((name) => ({
            name,
            in: 'query',
            description: 'A month, YYYY-MM, inclusive.',
            schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
          })),
          responses: {
            '200': json('StatisticsResponse', 'The counts.'),
            ...problems(400, 401, 403, 429),
          },
        },
      },
    },
  };
}
