import { describe, expect, it } from 'vitest';
import { validateCase as validateWithAjv } from '../ajv/validate-case.js';
import { readVectors } from '../test-kit/vectors.js';
import { validateCase as validateWithZod } from './validate-case.js';

const vectors = readVectors();
const errorsOf = (result: ReturnType<typeof validateWithZod>) =>
  result.issues
    .filter((issue) => issue.severity === 'error')
    .map((issue) => ({ path: issue.path, code: issue.code }));

describe('published test vectors', () => {
  it('has at least 60 vectors, valid and invalid', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(60);
    expect(vectors.filter((vector) => vector.valid).length).toBeGreaterThanOrEqual(15);
    expect(vectors.filter((vector) => !vector.valid).length).toBeGreaterThanOrEqual(30);
  });

  it('lists expected issues exactly when a vector is invalid', () => {
    for (const vector of vectors) {
      expect(vector.issues.length > 0, vector.file).toBe(!vector.valid);
    }
  });

  for (const [name, validate] of [
    ['zod', validateWithZod],
    ['ajv', validateWithAjv],
  ] as const) {
    it(`the ${name} validator judges every vector as it says`, () => {
      for (const vector of vectors) {
        const result = validate(vector.case);
        expect({ file: vector.file, ok: result.ok, issues: errorsOf(result) }).toEqual({
          file: vector.file,
          ok: vector.valid,
          issues: [...vector.issues].sort((a, b) =>
            a.path === b.path ? a.code.localeCompare(b.code) : a.path < b.path ? -1 : 1,
          ),
        });
      }
    });
  }
});
