import type { ConfigResponse } from '@talap/core/protocol';

// Which organisation public key the client encrypts identifying fields for, and where it comes
// from. The key is trusted only when its fingerprint is one the app pinned: a hub (or anyone
// between) that serves another key gets nothing encrypted for it and nothing in plaintext.
// @talap/core/crypto is loaded only when encryption is configured.

/** How the sync client encrypts identifying fields (docs/encryption.md). */
export interface EncryptionOptions {
  /**
   * The fingerprint of the organisation's public key, as `talap keys generate` printed it (spaces
   * and letter case do not matter), or several while a key is being rotated (a list, or one text
   * with commas between them). A key with any other fingerprint is refused.
   */
  readonly fingerprint: string | readonly string[];
  /**
   * The organisation's public key as a JSON Web Key, or a function that gets one. Default: the
   * hub's active key from `GET /v1/config`, kept on the device once it has been checked.
   */
  readonly publicKey?: unknown;
}

/** Why identifying fields could not be encrypted; nothing was written or sent. */
export type EncryptionErrorCode =
  /** The organisation's key is not the one the app pinned: a swapped key, or a rotation the app does not know of yet. */
  | 'fingerprint_mismatch'
  /** The key could not be fetched (offline on first use, or the hub did not answer) and none is kept on the device. */
  | 'key_unavailable'
  /** The organisation has no active public key on the hub (none added, or all retired). */
  | 'no_public_key'
  /** What the hub or the app gave is not an organisation public key. */
  | 'invalid_key'
  /** A plain value does not fit its field. */
  | 'invalid_plaintext'
  /** An object in an identifying field is not a well-formed encrypted value. */
  | 'malformed_envelope'
  /** An encrypted value of an unknown version. */
  | 'unsupported_version'
  /** The record has no case id to bind its values to. */
  | 'missing_case_id'
  /** No Web Crypto here: an old runtime, or a page not served over HTTPS. */
  | 'webcrypto_unavailable'
  /** The client was made without `encryption`. */
  | 'not_configured';

/** An encryption failure: a stable code and an English sentence that never holds plaintext or key material. */
export interface EncryptionError {
  readonly code: EncryptionErrorCode;
  readonly message: string;
}

/** The result of encrypting: the record with its identifying fields encrypted, or why not. */
export type EncryptResult<T> =
  | { readonly ok: true; readonly value: T }
  | ({ readonly ok: false; readonly reason: 'encryption' } & EncryptionError);

type Crypto = typeof import('@talap/core/crypto');
type PublicKey = Awaited<ReturnType<Crypto['importPublicKey']>> & { ok: true };
type KeyState = { readonly ok: true; readonly key: PublicKey['value'] } | EncryptionFailure;
type EncryptionFailure = { readonly ok: false; readonly error: EncryptionError };

/** What the key keeper needs from the client: one configuration request, and the device's memory of the key. */
export interface KeyKeeperDependencies {
  /** Fetches `/v1/config` once, without retrying; undefined when the hub could not be reached. */
  readonly fetchConfig: () => Promise<ConfigResponse | undefined>;
  readonly readKept: () => Promise<string | undefined>;
  readonly writeKept: (jwk: string | undefined) => Promise<void>;
}

/** Keeps the organisation public key the client encrypts for, checked against the pinned fingerprints. */
export interface KeyKeeper {
  /** The checked key: the one kept, else fetched now (from the app or the hub), else why there is none. */
  key(): Promise<KeyState>;
  /** Takes the public keys of a configuration the client fetched anyway (each sync) as the current truth. */
  noteConfig(config: ConfigResponse): Promise<void>;
  /** Encrypts a record's identifying fields for the checked key. */
  encrypt<T>(record: T): Promise<EncryptResult<T>>;
}

const failure = (code: EncryptionErrorCode, message: string): EncryptionFailure => ({
  ok: false,
  error: { code, message },
});

/** Makes the key keeper of a client configured with `options`. */
export function createKeyKeeper(
  options: EncryptionOptions,
  dependencies: KeyKeeperDependencies,
): KeyKeeper {
  const pins = (
    typeof options.fingerprint === 'string' ? options.fingerprint.split(',') : options.fingerprint
  )
    .map((pin) => pin.trim())
    .filter((pin) => pin !== '');
  let loaded: Promise<Crypto> | undefined;
  const crypto = () => {
    loaded ??= import('@talap/core/crypto');
    return loaded;
  };
  let current: KeyState | undefined;

  /** Reads a JWK and accepts it only with a pinned fingerprint. */
  async function check(jwk: unknown): Promise<KeyState> {
    const { importPublicKey, sameFingerprint } = await crypto();
    const imported = await importPublicKey(jwk);
    if (!imported.ok) {
      const issue = imported.issues[0];
      return failure(
        issue?.code === 'webcrypto_unavailable' ? 'webcrypto_unavailable' : 'invalid_key',
        issue?.message ?? 'Not an organisation public key.',
      );
    }
    if (!pins.some((pin) => sameFingerprint(pin, imported.value.fingerprint))) {
      return failure(
        'fingerprint_mismatch',
        `The organisation's public key has the fingerprint ${imported.value.fingerprint}, which is not the one this app pinned: nothing was encrypted for it, and nothing was saved or sent. If the organisation rotated its key, pin the new fingerprint after checking it with the organisation; otherwise the hub may have been tampered with.`,
      );
    }
    return { ok: true, key: imported.value };
  }

  /** The state the public keys of a configuration give: the active key, checked against the pins. */
  async function fromConfig(config: ConfigResponse): Promise<KeyState> {
    const served = Array.isArray(config.publicKeys) ? config.publicKeys : [];
    const active = served.filter((key) => key && key.status !== 'retired');
    if (active.length === 0) {
      return failure(
        'no_public_key',
        'The organisation has no active public key on the hub, so identifying fields cannot be encrypted: nothing was saved. Its administrator can add one with: talap-hub org public-key add.',
      );
    }
    let first: KeyState | undefined;
    for (const key of active) {
      const checked = await check(key);
      if (checked.ok) return checked;
      first ??= checked;
    }
    return first as KeyState;
  }

  /** Makes `state` the current one and, for a key from the hub, keeps it on the device (or forgets the one kept). */
  async function settle(state: KeyState, keep: boolean): Promise<KeyState> {
    current = state;
    if (!keep) return state;
    let kept: string | undefined;
    if (state.ok)
      kept = JSON.stringify(await (await crypto()).exportPublicKey(state.key.publicKey));
    // A key the hub no longer offers, or that is not the pinned one, is not used again offline.
    // Keeping it is a convenience for the next offline save: a failure to write is not an error.
    await dependencies.writeKept(kept).catch(() => {});
    return state;
  }

  async function fetchKey(): Promise<KeyState> {
    if (options.publicKey !== undefined) {
      let given: unknown;
      try {
        given =
          typeof options.publicKey === 'function'
            ? await (options.publicKey as () => unknown)()
            : options.publicKey;
      } catch {
        return failure(
          'key_unavailable',
          "The organisation's public key could not be fetched, so nothing was saved. Try again when the device is online.",
        );
      }
      return settle(await check(given), false);
    }
    const config = await dependencies.fetchConfig().catch(() => undefined);
    if (config) return settle(await fromConfig(config), true);
    const kept = await dependencies.readKept().catch(() => undefined);
    if (kept !== undefined) {
      let jwk: unknown;
      try {
        jwk = JSON.parse(kept);
      } catch {}
      const state = await check(jwk);
      if (state.ok) {
        current = state;
        return state;
      }
    }
    current = undefined;
    return failure(
      'key_unavailable',
      "The organisation's public key could not be fetched from the hub and none is kept on this device yet, so nothing was saved: identifying fields are never stored unencrypted. Save again when the device is online.",
    );
  }

  return {
    async key() {
      if (current?.ok) return current;
      return fetchKey();
    },
    async noteConfig(config) {
      if (options.publicKey !== undefined) return;
      await settle(await fromConfig(config), true);
    },
    async encrypt<T>(record: T): Promise<EncryptResult<T>> {
      const state = await this.key();
      if (!state.ok) return { ok: false, reason: 'encryption', ...state.error };
      const { encryptCase } = await crypto();
      const sealed = await encryptCase(record, state.key);
      if (sealed.ok) return { ok: true, value: sealed.value as T };
      const issue = sealed.issues[0];
      return {
        ok: false,
        reason: 'encryption',
        code: (issue?.code ?? 'invalid_plaintext') as EncryptionErrorCode,
        message: sealed.issues.map((each) => each.message).join(' '),
      };
    },
  };
}
