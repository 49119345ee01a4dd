/**
 * A child process for crash tests: opens the file store at argv[2] and commits numbered
 * transactions (an outbox entry, its case and the `last` number) until it is killed, printing each
 * number once its transaction resolved.
 */
import { openFileStore } from '../store/file.js';
import { localCase, outboxEntry } from './store-contract.js';

const store = await openFileStore(process.argv[2] ?? '');
const first = Number((await store.transaction((tx) => tx.get('meta', 'last')))?.value ?? 0) + 1;
for (let n = first; ; n++) {
  await store.transaction(async (tx) => {
    await tx.put('outbox', outboxEntry(n, `mutation-${n}`));
    await tx.put('cases', localCase(`case-${n}`));
    await tx.put('meta', { key: 'last', value: n });
  });
  process.stdout.write(`${n}\n`);
}
