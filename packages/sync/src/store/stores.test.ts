import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../test-kit/store-contract.js';
import { openFileStore } from './file.js';
import { memoryStore } from './memory.js';
import type { SyncStore } from './types.js';

const runner = { describe, it, expect };

describeStoreContract(runner, 'memory', async () => memoryStore());

const folder = mkdtempSync(join(tmpdir(), 'talap-sync-stores-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const paths = new WeakMap<SyncStore, string>();
let opened = 0;

describeStoreContract(
  runner,
  'file',
  async () => {
    const path = join(folder, `store-${++opened}.jsonl`);
    const store = await openFileStore(path);
    paths.set(store, path);
    return store;
  },
  async (closed) => {
    const path = paths.get(closed) ?? '';
    const store = await openFileStore(path);
    paths.set(store, path);
    return store;
  },
);
