import { defineConfig } from 'tsup';
import { baseOptions } from '../../tsup.config.base.js';

export default defineConfig({
  ...baseOptions,
  entry: { index: 'src/index.ts', component: 'src/component.ts', react: 'src/react.ts' },
});
