import { defineConfig } from 'tsup';
import { baseOptions } from '../../tsup.config.base.js';

export default defineConfig({
  ...baseOptions,
  entry: {
    index: 'src/index.ts',
    ajv: 'src/ajv/index.ts',
    protocol: 'src/protocol/index.ts',
    crypto: 'src/crypto/index.ts',
    'locales/en': 'src/locales/en.ts',
    'locales/ru': 'src/locales/ru.ts',
    'locales/kk': 'src/locales/kk.ts',
    'locales/uk': 'src/locales/uk.ts',
  },
  // ajv is CommonJS and compiles at run time: it stays a dependency, never inlined into browser code.
  external: ['ajv', 'ajv-formats'],
});
