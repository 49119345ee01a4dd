import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One published test vector: a record and the verdict every validator must reach on it. */
export interface TestVector {
  readonly file: string;
  readonly description: string;
  readonly valid: boolean;
  readonly case: unknown;
  readonly issues: readonly { readonly path: string; readonly code: string }[];
}

/** The folder of the published test vectors. */
export const vectorsDirectory = fileURLToPath(new URL('../../test-vectors/', import.meta.url));

/** Reads every test vector, sorted by file name. */
export function readVectors(): TestVector[] {
  return readdirSync(vectorsDirectory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(`${vectorsDirectory}${file}`, 'utf8')) }));
}
