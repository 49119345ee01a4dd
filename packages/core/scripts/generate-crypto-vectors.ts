// Makes the frozen encryption test vectors in test-vectors/encryption/ once: a fixed RSA key pair,
// a fixed data key and nonces, a case with every identifying field, its encrypted form and a key
// file. They are frozen: tests check that every release still decrypts them byte for byte, so a
// change that would make old data unreadable fails. Never regenerate them to make a test pass;
// a new format version gets new vectors beside these. `--force` overwrites (for a new version only).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toBase64url } from '../src/crypto/base64url.js';
import { encryptCaseWith } from '../src/crypto/case-cipher.js';
import { additionalData, encodePlaintext } from '../src/crypto/field-cipher.js';
import {
  encryptPrivateKey,
  exportPublicKey,
  generateOrganisationKeyPair,
  identifyingPaths,
} from '../src/crypto/index.js';
import { dentalRefusalCase } from '../src/test-kit/sample-cases.js';

/** The passphrase of the vector's key file: public, like the test key it protects. */
const passphrase = 'frozen vector passphrase, not a secret';

/** A case with every identifying field, in texts that exercise JSON escaping and UTF-8. */
function frozenPlainCase() {
  const record = dentalRefusalCase();
  record.client.contact = {
    phone: '+7 701 000 0000',
    email: 'client.0042@example.org',
    messenger: 'Telegram @example_client',
    preferredMethod: 'messenger',
    safeTimes: 'Будни после 18:00; қоңырау шалмаңыз демалыста',
    safeToLeaveMessage: false,
  };
  record.incident.account =
    'Стоматолог прекратил платное лечение, когда клиентка сказала о терапии.\n"Мы таких не лечим", — сказал он.\tДепозит не вернули \\ 🦷\u2028Конец.';
  record.responses![0]!.notes = 'Жалоба подана главному врачу; ответа нет.';
  record.responses![1]!.notes = 'Lawyer agreed to take the case pro bono.';
  return record;
}

const file = fileURLToPath(new URL('../test-vectors/encryption/talap-e2e-1.json', import.meta.url));
if (existsSync(file) && !process.argv.includes('--force')) {
  console.error(`${file} exists and is frozen: old data must stay readable. Not overwritten.`);
  process.exit(1);
}

const pair = await generateOrganisationKeyPair();
const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
const publicKey = await exportPublicKey(pair.publicKey);
const dataKeyBytes = Uint8Array.from({ length: 32 }, (_, index) => index);
const dataKey = await crypto.subtle.importKey('raw', dataKeyBytes, 'AES-GCM', true, ['encrypt']);
let counter = 0;
const ivs: string[] = [];
const nextIv = () => {
  counter += 1;
  const iv = new Uint8Array(12);
  iv[11] = counter;
  ivs.push(toBase64url(iv));
  return iv;
};

const plain = frozenPlainCase();
const encrypted = await encryptCaseWith(plain, pair, { dataKey, nextIv });
if (!encrypted.ok) throw new Error(JSON.stringify(encrypted.issues));
const fields = identifyingPaths(plain).map(({ pointer, path, key }) => {
  let value: unknown = plain;
  let envelope: unknown = encrypted.value;
  for (const segment of path) {
    value = (value as Record<string, unknown>)[segment];
    envelope = (envelope as Record<string, unknown>)[segment];
  }
  const { iv, ct } = envelope as { iv: string; ct: string };
  const aad = new TextDecoder().decode(
    additionalData(pair.keyId, { caseId: plain.id, fieldKey: key }),
  );
  const padded = toBase64url(encodePlaintext(value));
  return { pointer, key, plaintext: value, padded, iv, aad, ct };
});

const vector = {
  description:
    'Frozen test vector of talap-e2e/1 (RSA-OAEP-256 + A256GCM). The private key is public here: a test key, never use it for data. Every release must decrypt `encrypted` to `plaintext`; for each field, `padded` is its plaintext bytes (JSON text padded with spaces) and `aad` its additional data, and encrypting `padded` with `dataKey`, its `iv` and `aad` must give its `ct` exactly (the wrapped key `ek` is randomised by OAEP and is only checked by unwrapping).',
  format: 'talap-e2e/1',
  keyId: pair.keyId,
  fingerprint: pair.fingerprint,
  publicKey,
  privateKey: privateJwk,
  dataKey: toBase64url(dataKeyBytes),
  plaintext: plain,
  encrypted: encrypted.value,
  fields,
  keyFile: {
    passphrase: passphrase,
    file: JSON.parse(await encryptPrivateKey(pair.privateKey, passphrase)),
  },
};
mkdirSync(new URL('../test-vectors/encryption/', import.meta.url), { recursive: true });
writeFileSync(file, `${JSON.stringify(vector, null, 2)}\n`);
console.log(`wrote ${file} (key id ${pair.keyId}, ${fields.length} fields, ${ivs.length} nonces)`);
