import { defineConfig } from 'tsup';
import { baseOptions } from '../../tsup.config.base.js';

export default defineConfig({
  ...baseOptions,
  entry: {
    index: 'src/index.ts',
    bin: 'src/bin.ts',
    report: 'src/report/index.ts',
    'check-worker': 'src/cli/check-worker.ts',
  },
  platform: 'node',
  target: 'node20',
});
