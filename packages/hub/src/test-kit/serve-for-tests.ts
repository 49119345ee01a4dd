/**
 * Starts an in-memory hub for browser tests and prints one JSON line: its URL, a key per role, and
 * what encryption tests need: the organisation has the frozen test vector's public key (its
 * private key is in packages/core/test-vectors), and a second organisation serves another key,
 * as a hub that swapped the organisation's key would.
 * Run: node --import tsx --conditions @talap/source serve-for-tests.ts --origin <test page origin>...
 * It stops on SIGTERM or when its standard input closes (the parent went away).
 */
import { parseArgs } from 'node:util';
import { exportPublicKey, generateOrganisationKeyPair } from '@talap/core/crypto';
import { frozenVector } from '../../../core/src/test-kit/encryption-vectors.js';
import { createHub } from '../hub.js';
import { createKey, createOrganisation } from '../store/organisations.js';
import { addPublicKey } from '../store/public-keys.js';

const { values } = parseArgs({
  options: { origin: { type: 'string', multiple: true, default: [] } },
});
const [hub, otherPair] = await Promise.all([
  createHub({ logger: false, limits: { requestsPerMinute: 1_000_000 } }),
  generateOrganisationKeyPair(),
]);
const organisation = await createOrganisation(hub.db, 'Browser tests', values.origin);
const keys: Record<string, string> = {};
for (const role of ['intake', 'documenter', 'admin', 'analyst'] as const) {
  keys[role] = (await createKey(hub.db, organisation.id, role)).key;
}
keys.documenter2 = (await createKey(hub.db, organisation.id, 'documenter')).key;
await addPublicKey(hub.db, organisation.id, frozenVector.publicKey);
const swapped = await createOrganisation(hub.db, 'Browser tests, another key', values.origin);
await addPublicKey(hub.db, swapped.id, await exportPublicKey(otherPair.publicKey));
const encryption = {
  fingerprint: frozenVector.fingerprint,
  keyId: frozenVector.keyId,
  swappedFingerprint: otherPair.fingerprint,
  swappedKeys: {
    intake: (await createKey(hub.db, swapped.id, 'intake')).key,
    admin: (await createKey(hub.db, swapped.id, 'admin')).key,
  },
};
const url = await hub.listen();
process.stdout.write(
  `${JSON.stringify({ url, keys, organisationId: organisation.id, encryption })}\n`,
);

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
