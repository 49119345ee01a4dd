import { defineConfig } from 'vitest/config';

/** One Vitest configuration for every package: Node tests live beside the code as `*.test.ts`. */
export default defineConfig({
  resolve: { conditions: ['@talap/source'] },
  ssr: { resolve: { conditions: ['@talap/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.browser.test.ts'],
    setupFiles: ['./scripts/vitest-setup.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
