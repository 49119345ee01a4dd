/**
 * Starts an in-memory hub for browser tests and prints one JSON line: its URL and a key per role.
 * Run: node --import tsx --conditions @talap/source serve-for-tests.ts --origin <test page origin>...
 * It stops on SIGTERM or when its standard input closes (the parent went away).
 */
import { parseArgs } from 'node:util';
import { createHub } from '../hub.js';
import { createKey, createOrganisation } from '../store/organisations.js';

const { values } = parseArgs({
  options: { origin: { type: 'string', multiple: true, default: [] } },
});
const hub = await createHub({ logger: false, limits: { requestsPerMinute: 1_000_000 } });
const organisation = await createOrganisation(hub.db, 'Browser tests', values.origin);
const keys: Record<string, string> = {};
for (const role of ['intake', 'documenter', 'admin', 'analyst'] as const) {
  keys[role] = (await createKey(hub.db, organisation.id, role)).key;
}
keys.documenter2 = (await createKey(hub.db, organisation.id, 'documenter')).key;
const url = await hub.listen();
process.stdout.write(`${JSON.stringify({ url, keys, organisationId: organisation.id })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await hub.close({ timeoutMs: 2000 });
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
