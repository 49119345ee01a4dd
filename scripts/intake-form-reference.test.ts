import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expectedDoc,
  reactEventProp,
  referenceFiles,
  renderReference,
} from './intake-form-reference.js';

describe('the reference of docs/intake-form.md', () => {
  it('is what custom-elements.json says (run `pnpm docs:intake-form` when it is not)', () => {
    expect(
      existsSync(referenceFiles.manifest),
      'packages/intake-form/custom-elements.json is missing: run `pnpm --filter @talap/intake-form build`',
    ).toBe(true);
    const { current, expected } = expectedDoc();
    expect(
      current === expected,
      'docs/intake-form.md is out of date: run `pnpm docs:intake-form`',
    ).toBe(true);
  });

  it('names the React prop of each event', () => {
    expect(reactEventProp('talap-submit')).toBe('onTalapSubmit');
    expect(reactEventProp('talap-synced')).toBe('onTalapSynced');
  });

  it('escapes pipes in types so a table keeps its columns', () => {
    const text = renderReference({
      modules: [
        {
          declarations: [
            {
              name: 'X',
              tagName: 'x-y',
              attributes: [
                {
                  name: 'theme',
                  fieldName: 'theme',
                  type: { text: "'light' | 'dark'" },
                  description: 'Two\nlines.',
                },
              ],
            },
          ],
        },
      ],
    });
    expect(text).toContain("| `theme` | `theme` | `'light' \\| 'dark'` |  | Two lines. |");
  });
});
