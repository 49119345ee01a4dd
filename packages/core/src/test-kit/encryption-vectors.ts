import madeInChromium from '../../test-vectors/encryption/talap-e2e-1.chromium.json' with {
  type: 'json',
};
import frozen from '../../test-vectors/encryption/talap-e2e-1.json' with { type: 'json' };
import {
  importPrivateJwk,
  importPublicKey,
  type OrganisationPrivateKey,
  type OrganisationPublicKey,
} from '../crypto/organisation-key.js';
import type { Case } from '../schema/case.js';

/** One field of the frozen vector: where it is, its plaintext bytes, nonce, additional data and ciphertext. */
export interface FrozenField {
  readonly pointer: string;
  readonly key: string;
  readonly plaintext: unknown;
  readonly padded: string;
  readonly iv: string;
  readonly aad: string;
  readonly ct: string;
}

/** The frozen encryption test vector of talap-e2e/1, made once in Node (scripts/generate-crypto-vectors.ts). */
export const frozenVector = frozen as unknown as {
  readonly keyId: string;
  readonly fingerprint: string;
  readonly publicKey: Record<string, unknown>;
  readonly privateKey: JsonWebKey;
  readonly dataKey: string;
  readonly plaintext: Case;
  readonly encrypted: Case;
  readonly fields: readonly FrozenField[];
  readonly keyFile: { readonly passphrase: string; readonly file: unknown };
};

/** The frozen vector's private key (a public test key: never for data). */
export function frozenPrivateKey(extractable = false): Promise<OrganisationPrivateKey> {
  return importPrivateJwk(frozenVector.privateKey, extractable);
}

/** A case and a key file encrypted once in Chromium with the frozen key, for Node to open. */
export const chromiumVector = madeInChromium as unknown as {
  readonly madeBy: string;
  readonly keyId: string;
  readonly encrypted: Case;
  readonly keyFile: { readonly passphrase: string; readonly file: unknown };
};

/** The frozen vector's public key, ready to encrypt for. */
export async function frozenPublicKey(): Promise<OrganisationPublicKey> {
  const imported = await importPublicKey(frozenVector.publicKey);
  if (!imported.ok) throw new Error(imported.issues[0]?.message);
  return imported.value;
}
