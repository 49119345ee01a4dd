import type { Options } from 'tsup';

/** The build every package shares: ESM, declarations, source maps, Node 20 and ES2022 browsers. */
export const baseOptions: Options = {
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  splitting: true,
  treeshake: true,
};
