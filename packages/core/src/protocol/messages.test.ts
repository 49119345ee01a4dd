import { describe, expect, it } from 'vitest';
import { loadLocale } from '../i18n/catalog.js';
import { dentalRefusalCase } from '../test-kit/sample-cases.js';
import { maxMutationsPerPush, pullResponseSchema, pushRequestSchema } from './messages.js';
import { parseMessage } from './parse-message.js';
import { problemSlugs, problemType } from './problems.js';

const record = dentalRefusalCase();
const create = {
  id: '6c1f4b8e-2a7d-4f0e-9b3c-1d2e3f405162',
  op: 'create',
  caseId: record.id,
  case: record,
};

describe('the push request schema', () => {
  it('accepts creates and updates made on a revision', () => {
    const parsed = parseMessage(pushRequestSchema, {
      clientId: 'phone-7',
      mutations: [
        create,
        { ...create, id: '7c1f4b8e-2a7d-4f0e-9b3c-1d2e3f405162', op: 'update', baseRevision: 3 },
      ],
    });
    expect(parsed.ok).toBe(true);
  });

  it('points at each mistake with a JSON pointer and a stable code', () => {
    const parsed = parseMessage(pushRequestSchema, {
      clientId: 'phone 7',
      mutations: [
        { ...create, op: 'update' },
        { ...create, extra: 1 },
      ],
      more: true,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((issue) => [issue.path, issue.code])).toEqual(
      expect.arrayContaining([
        ['/clientId', 'invalid_format'],
        ['/mutations/0/baseRevision', 'required'],
        ['/mutations/1/extra', 'unknown_property'],
        ['/more', 'unknown_property'],
      ]),
    );
  });

  it('refuses more mutations than the protocol allows, and an empty batch', () => {
    const many = Array.from({ length: maxMutationsPerPush + 1 }, () => create);
    const tooMany = parseMessage(pushRequestSchema, { clientId: 'c', mutations: many });
    expect(tooMany.ok === false && tooMany.issues[0]?.code).toBe('too_big');
    const none = parseMessage(pushRequestSchema, { clientId: 'c', mutations: [] });
    expect(none.ok === false && none.issues[0]?.code).toBe('too_small');
  });

  it('explains mistakes in the requested language', async () => {
    await loadLocale('uk');
    const parsed = parseMessage(pushRequestSchema, { clientId: 'c' }, { locale: 'uk' });
    expect(parsed.ok === false && parsed.issues[0]?.message).toMatch(/[а-яіїє]/i);
  });
});

describe('the pull response schema', () => {
  it('accepts tombstones and refuses a cursor that is not one', () => {
    const page = {
      epoch: 'e',
      changes: [{ caseId: record.id, revision: 2, deleted: true, case: null }],
      cursor: '42',
      hasMore: false,
    };
    expect(parseMessage(pullResponseSchema, page).ok).toBe(true);
    expect(parseMessage(pullResponseSchema, { ...page, cursor: '4 2' }).ok).toBe(false);
  });
});

describe('problem types', () => {
  it('are stable URIs with the status each is answered with', () => {
    expect(problemType('rate-limited')).toBe('https://talap.dev/problems/rate-limited');
    expect(problemSlugs['body-too-large']).toBe(413);
  });
});
