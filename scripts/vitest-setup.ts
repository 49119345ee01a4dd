import { afterEach, beforeEach } from 'vitest';

// A stray console call in library code leaks data into host logs: any call fails the test.
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
const calls: string[] = [];
const originals = new Map<string, (...args: unknown[]) => void>();

beforeEach(() => {
  calls.length = 0;
  for (const method of methods) {
    originals.set(method, console[method]);
    console[method] = (...args: unknown[]) => {
      calls.push(`console.${method}: ${args.map(String).join(' ').slice(0, 200)}`);
    };
  }
});

afterEach(() => {
  for (const method of methods) {
    const original = originals.get(method);
    if (original) console[method] = original;
  }
  if (calls.length > 0) {
    throw new Error(`Unexpected console output during the test:\n${calls.join('\n')}`);
  }
});
