import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../schema/case.js';
import { frozenPrivateKey, frozenPublicKey, frozenVector } from '../test-kit/encryption-vectors.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { sealValue } from './field-cipher.js';
import {
  type CryptoIssue,
  type CryptoIssueCode,
  decryptCase,
  type EncryptedValue,
  encryptCase,
  generateOrganisationKeyPair,
  type OrganisationKeyPair,
  type OrganisationPrivateKey,
  type OrganisationPublicKey,
  type PrivateKeyring,
} from './index.js';

let publicKey: OrganisationPublicKey;
let privateKey: OrganisationPrivateKey;
let stranger: OrganisationKeyPair;
/** The frozen plaintext, encrypted afresh. */
let sealed: Case;

/** Every plain text of the frozen case: no issue message may contain any of them. */
const plaintexts = frozenVector.fields.map((field) => String(field.plaintext));

beforeAll(async () => {
  publicKey = await frozenPublicKey();
  privateKey = await frozenPrivateKey();
  stranger = await generateOrganisationKeyPair();
  const result = await encryptCase(frozenVector.plaintext, publicKey);
  if (!result.ok) throw new Error(result.issues[0]?.message);
  sealed = result.value;
});

// biome-ignore lint/suspicious/noExplicitAny: the tests break records in ways the Case type forbids
type Loose = Record<string, any>;

/** A copy of the sealed case changed by `edit`. */
function tampered(edit: (record: Loose) => void): Case {
  const copy = structuredClone(sealed) as Loose;
  edit(copy);
  return copy as Case;
}

/** Flips one bit of a base64url text, keeping it canonical. */
function flipBit(text: string, bit = 0): string {
  const bytes = fromBase64url(text)!;
  const index = Math.floor(bit / 8) % bytes.length;
  bytes[index] = (bytes[index] as number) ^ (1 << (bit % 8));
  return toBase64url(bytes);
}

/** Decrypts and expects a failure; checks that no message gives away plaintext or key material. */
async function failureOf(
  record: Case,
  keys: PrivateKeyring = [privateKey],
): Promise<readonly CryptoIssue[]> {
  const result = await decryptCase(record, keys);
  expect(result.ok, 'a tampered case must never decrypt').toBe(false);
  if (result.ok) return [];
  for (const issue of result.issues) {
    for (const text of plaintexts) expect(issue.message).not.toContain(text);
    const envelope = sealed.client.code as EncryptedValue;
    expect(issue.message).not.toContain(envelope.ek.slice(0, 12));
    expect(issue.message).not.toContain(envelope.ct.slice(0, 12));
    expect(issue.message).toContain(issue.path);
  }
  return result.issues;
}

const summary = (issues: readonly CryptoIssue[]) =>
  issues.map((issue) => `${issue.path} ${issue.code}`);

describe('decrypting a case that was tampered with', () => {
  it('refuses a flipped bit in a ciphertext as an integrity failure', async () => {
    const record = tampered((copy) => {
      copy.incident.account.ct = flipBit(copy.incident.account.ct, 77);
    });
    expect(summary(await failureOf(record))).toEqual(['/incident/account authentication_failed']);
  });

  it('refuses a flipped bit in a nonce as an integrity failure', async () => {
    const record = tampered((copy) => {
      copy.client.contact.phone.iv = flipBit(copy.client.contact.phone.iv, 5);
    });
    expect(summary(await failureOf(record))).toEqual([
      '/client/contact/phone authentication_failed',
    ]);
  });

  it('refuses a flipped bit in a wrapped data key as a key that does not open', async () => {
    const record = tampered((copy) => {
      copy.client.code.ek = flipBit(copy.client.code.ek, 1000);
    });
    expect(summary(await failureOf(record))).toEqual(['/client/code unwrap_failed']);
  });

  it('refuses a value moved from another case', async () => {
    const other = structuredClone(frozenVector.plaintext);
    other.id = '01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f99';
    other.incident.account = 'Another client, another story.';
    const otherSealed = await encryptCase(other, publicKey);
    if (!otherSealed.ok) throw new Error('could not encrypt');
    const record = tampered((copy) => {
      copy.incident.account = otherSealed.value.incident.account;
    });
    expect(summary(await failureOf(record))).toEqual(['/incident/account authentication_failed']);
  });

  it('refuses a case whose id was changed', async () => {
    const record = tampered((copy) => {
      copy.id = '01936b2e-7c4a-7d3e-9f10-2b3c4d5e6f99';
    });
    const issues = await failureOf(record);
    expect(issues).toHaveLength(frozenVector.fields.length);
    expect(new Set(issues.map((issue) => issue.code))).toEqual(new Set(['authentication_failed']));
  });

  it('refuses two values swapped between fields of one case', async () => {
    const record = tampered((copy) => {
      const { phone, email } = copy.client.contact;
      copy.client.contact.phone = email;
      copy.client.contact.email = phone;
    });
    expect(summary(await failureOf(record))).toEqual([
      '/client/contact/phone authentication_failed',
      '/client/contact/email authentication_failed',
    ]);
  });

  it('refuses a value relabelled with another key id, even when that id leads to the same key', async () => {
    const record = tampered((copy) => {
      copy.incident.account.kid = stranger.keyId;
    });
    const sameKeyTwice = new Map([
      [privateKey.keyId, privateKey.privateKey],
      [stranger.keyId, privateKey.privateKey],
    ]);
    expect(summary(await failureOf(record, sameKeyTwice))).toEqual([
      '/incident/account authentication_failed',
    ]);
  });

  it('refuses the wrong private key for a key id', async () => {
    const wrong = new Map([[privateKey.keyId, stranger.privateKey]]);
    const issues = await failureOf(sealed, wrong);
    expect(new Set(issues.map((issue) => issue.code))).toEqual(new Set(['unwrap_failed']));
    expect(issues).toHaveLength(frozenVector.fields.length);
  });

  it('names the key id it has no private key for', async () => {
    const issues = await failureOf(sealed, [stranger]);
    expect(issues[0]).toMatchObject({ code: 'unknown_key', path: '/client/code' });
    expect(issues[0]?.message).toContain(privateKey.keyId);
  });

  it('refuses truncated base64url as malformed, or as an integrity failure when it still decodes', async () => {
    const notBase64 = tampered((copy) => {
      const ct: string = copy.client.contact.email.ct;
      copy.client.contact.email.ct = ct.slice(0, ct.length - ((ct.length - 1) % 4));
    });
    const truncated: string = (notBase64 as Loose).client.contact.email.ct;
    expect(truncated.length % 4).toBe(1);
    expect(truncated.length).toBeLessThan((sealed as Loose).client.contact.email.ct.length);
    expect(summary(await failureOf(notBase64))).toEqual([
      '/client/contact/email malformed_envelope',
    ]);
    const shorter = tampered((copy) => {
      copy.client.contact.email.ct = copy.client.contact.email.ct.slice(0, -4);
    });
    expect(summary(await failureOf(shorter))).toEqual([
      '/client/contact/email authentication_failed',
    ]);
  });

  it('refuses encrypted values of another version or with other algorithms', async () => {
    const record = tampered((copy) => {
      copy.client.contact.phone.$enc = 'talap-e2e/2';
      copy.client.contact.email.alg = 'RSA-OAEP';
    });
    expect(summary(await failureOf(record))).toEqual([
      '/client/contact/phone unsupported_version',
      '/client/contact/email unsupported_version',
    ]);
  });

  it('refuses an object that is not a well-formed encrypted value', async () => {
    const record = tampered((copy) => {
      copy.client.contact.phone.note = 'unknown part';
      copy.client.contact.email = { value: 'x' };
    });
    expect(summary(await failureOf(record))).toEqual([
      '/client/contact/phone malformed_envelope',
      '/client/contact/email malformed_envelope',
    ]);
  });

  it('refuses a value forged with the public key that does not fit its field', async () => {
    const dataKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
      'encrypt',
    ]);
    const wrapped = await crypto.subtle.wrapKey('raw', dataKey, publicKey.publicKey, {
      name: 'RSA-OAEP',
    });
    const forged = await sealValue(
      { not: 'a phone number' },
      {
        dataKey,
        ek: toBase64url(new Uint8Array(wrapped)),
        kid: publicKey.keyId,
        iv: new Uint8Array(12),
        binding: { caseId: sealed.id, fieldKey: 'client.contact.phone' },
      },
    );
    const record = tampered((copy) => {
      copy.client.contact.phone = forged;
    });
    expect(summary(await failureOf(record))).toEqual(['/client/contact/phone invalid_plaintext']);
  });

  it('never returns plaintext after any single bit flip (property)', async () => {
    const fields = frozenVector.fields.map((field) => field.pointer.split('/').slice(1));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields),
        fc.constantFrom('ek', 'iv', 'ct'),
        fc.nat({ max: 4095 }),
        async (path, part, bit) => {
          const record = tampered((copy) => {
            const envelope = path.reduce((node, segment) => node[segment], copy as Loose);
            envelope[part] = flipBit(envelope[part], bit);
          });
          const issues = await failureOf(record);
          const expected: CryptoIssueCode =
            part === 'ek' ? 'unwrap_failed' : 'authentication_failed';
          expect(summary(issues)).toEqual([`/${path.join('/')} ${expected}`]);
        },
      ),
      { numRuns: 60, seed: 23 },
    );
  });
});

describe('a known limit of the binding', () => {
  it('lets a value move between two items of one list in the same case (bound to the field, not its index)', async () => {
    const record = tampered((copy) => {
      const [first, second] = copy.responses;
      [first.notes, second.notes] = [second.notes, first.notes];
    });
    const result = await decryptCase(record, [privateKey]);
    expect(result.ok && result.value.responses?.map((response) => response.notes)).toEqual([
      frozenVector.plaintext.responses![1]!.notes,
      frozenVector.plaintext.responses![0]!.notes,
    ]);
  });
});
