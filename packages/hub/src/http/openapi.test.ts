import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { frozenVector } from '../../../core/src/test-kit/encryption-vectors.js';
import { dentalRefusalCase } from '../../../core/src/test-kit/sample-cases.js';
import { createHub } from '../hub.js';
import { defaultLimits } from './limits.js';
import { buildOpenApiDocument } from './openapi.js';

describe('the OpenAPI document', () => {
  it('is accepted by an independent OpenAPI 3.1 validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(buildOpenApiDocument(defaultLimits));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is served at /v1/openapi.json and describes every route', async () => {
    const hub = await createHub({ logger: false });
    try {
      const response = await hub.fetch(new Request('http://hub.test/v1/openapi.json'));
      expect(response.status).toBe(200);
      const document = await response.json();
      expect(Object.keys(document.paths).sort()).toEqual(
        [
          '/v1/cases/{caseId}',
          '/v1/config',
          '/v1/export',
          '/v1/health',
          '/v1/pull',
          '/v1/push',
          '/v1/stats',
        ].sort(),
      );
    } finally {
      await hub.close();
    }
  });

  it('describes a push body that a valid push matches and a wrong one does not', () => {
    const document = buildOpenApiDocument(defaultLimits) as {
      components: { schemas: Record<string, object> };
    };
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      ajv.addSchema(schema, `#/components/schemas/${name}`);
    }
    ajv.addSchema({ components: document.components }, 'openapi');
    const check = ajv.compile({ $ref: 'openapi#/components/schemas/PushRequest' });
    const record = dentalRefusalCase();
    const push = {
      clientId: 'phone-1',
      mutations: [{ id: crypto.randomUUID(), op: 'create', caseId: record.id, case: record }],
    };
    expect(check(push)).toBe(true);
    expect(check({ ...push, extra: true })).toBe(false);
    expect(
      check({ clientId: 'phone-1', mutations: [{ ...push.mutations[0], op: 'delete' }] }),
    ).toBe(false);
  });

  it('describes encrypted identifying fields of a case and the public keys in the configuration', () => {
    const document = buildOpenApiDocument(defaultLimits) as {
      components: { schemas: Record<string, object> };
    };
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      ajv.addSchema(schema, `#/components/schemas/${name}`);
    }
    ajv.addSchema({ components: document.components }, 'openapi');
    const checkCase = ajv.compile({ $ref: 'openapi#/components/schemas/Case' });
    const config = ajv.compile({ $ref: 'openapi#/components/schemas/ConfigResponse' });
    expect(checkCase(frozenVector.encrypted)).toBe(true);
    const broken = structuredClone(frozenVector.encrypted) as unknown as {
      incident: { account: object };
    };
    broken.incident.account = { $enc: 'talap-e2e/1' };
    expect(checkCase(broken)).toBe(false);

    const answer = {
      protocol: 1,
      protocols: [1],
      epoch: 'e',
      role: 'intake',
      limits: defaultLimits,
      publicKeys: [
        {
          ...frozenVector.publicKey,
          fingerprint: frozenVector.fingerprint,
          status: 'active',
          createdAt: '2026-01-12T09:30:00.000Z',
        },
      ],
    };
    expect(config(answer)).toBe(true);
    expect(config({ ...answer, publicKeys: [{ ...answer.publicKeys[0], status: 'spare' }] })).toBe(
      false,
    );
  });
});
