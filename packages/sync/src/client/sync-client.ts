import {
  type Case,
  loadLocale,
  type ShippedLocale,
  type ValidationIssue,
  validateCase,
} from '@talap/core';
import {
  type ConfigResponse,
  type KeyRole,
  type MutationResult,
  type PullResponse,
  type PushResponse,
  protocolVersion,
} from '@talap/core/protocol';
import { memoryStore } from '../store/memory.js';
import type { LocalCase, OutboxEntry, StoreTransaction, SyncStore } from '../store/types.js';
import { StorageFullError } from '../store/types.js';
import {
  type HubAnswer,
  NetworkError,
  problemOf,
  requestHub,
  retryAfterMs,
  type TransportOptions,
} from '../transport/http.js';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy } from './backoff.js';
import { sameValue } from './diff.js';
import {
  createKeyKeeper,
  type EncryptionError,
  type EncryptionOptions,
  type EncryptResult,
  type KeyKeeper,
} from './encryption.js';
import { Emitter, type SyncError, type SyncEvents, type SyncReport } from './events.js';

/** How to build a sync client. */
export interface SyncClientOptions {
  /** The hub's base URL, e.g. `https://hub.example.org`. */
  readonly hub: string;
  /** A hub key (`tlk_…`): an intake key only sends; documenter and admin keys also pull. */
  readonly key: string;
  /** Where the outbox lives. Default: IndexedDB in browsers, memory (not durable) in Node. */
  readonly store?: SyncStore;
  /** The `fetch` to use (default: the global one). */
  readonly fetch?: typeof fetch;
  /** The most mutations per push (the hub's own limit still applies). Default 100. */
  readonly batchSize?: number;
  /** How long to wait for one answer. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** How requests are retried within one sync: tries, first delay, longest delay (Retry-After is honoured up to it). */
  readonly retry?: Partial<RetryPolicy>;
  /** Sync on its own when the browser comes back online, and retry later after a failed sync. Default: true in browsers. */
  readonly autoSync?: boolean;
  /** Keep cases on the device after the hub acknowledged them. Default: true, except for intake keys. */
  readonly keepAcknowledged?: boolean;
  /** The language of validation messages (`en`, `ru`, `kk`, `uk`). */
  readonly locale?: string;
  /**
   * Encrypt identifying fields for the organisation's public key before a case is written to the
   * outbox or sent: the key with this pinned fingerprint, from the hub's `/v1/config` unless given
   * (docs/encryption.md). Without a checked key, `save()` refuses rather than store plaintext.
   */
  readonly encryption?: EncryptionOptions | undefined;
  /** The Web Locks name that keeps one sync at a time across tabs. Default `talap-sync:<hub>`. */
  readonly lockName?: string;
  /** Waits, for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Randomness for jitter, for tests. */
  readonly random?: () => number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/** The answer to `save()`. */
export type SaveResult =
  | { readonly ok: true; readonly caseId: string; readonly mutationId: string }
  | { readonly ok: false; readonly reason: 'invalid'; readonly issues: readonly ValidationIssue[] }
  | { readonly ok: false; readonly reason: 'storage-full'; readonly message: string }
  | ({ readonly ok: false; readonly reason: 'encryption' } & EncryptionError);

/** The organisation public key the client encrypts for, once checked against the pinned fingerprint, or why there is none. */
export type EncryptionKeyStatus =
  | { readonly ok: true; readonly keyId: string; readonly fingerprint: string }
  | ({ readonly ok: false; readonly reason: 'encryption' } & EncryptionError);

/** What a UI shows: what is waiting, what needs a person, and whether the hub is reachable. */
export interface SyncStatus {
  /** Mutations waiting to be sent. */
  readonly pending: number;
  /** Mutations the hub refused (the dead-letter list). */
  readonly rejected: number;
  /** Mutations in conflict with the hub's version. */
  readonly conflicts: number;
  readonly online: boolean;
  readonly syncing: boolean;
  /** When the last sync finished without error (ISO time), or null. */
  readonly lastSyncAt: string | null;
  readonly lastError: SyncError | null;
}

/** A conflict for the app to decide: the local edit and the hub's version, with the fields that differ. */
export interface Conflict {
  readonly caseId: string;
  readonly mutationId: string;
  readonly local: Case;
  /** The hub's version, or null when the key may not read it or the case was purged. */
  readonly server: Case | null;
  readonly serverRevision: number | null;
  /** True when the organisation purged the case on the hub. */
  readonly deleted: boolean;
}

/** The offline-first sync client. */
export interface SyncClient {
  /** Validates a case and writes it to the durable outbox (its identifying fields encrypted first, when `encryption` is set); resolves once it is stored. */
  save(record: Case): Promise<SaveResult>;
  /**
   * Encrypts the identifying fields of a record (a case, or a part of one with its `id`) as
   * `save()` does, for the app's own storage of drafts; fails with `not_configured` without `encryption`.
   */
  encrypt<T>(record: T): Promise<EncryptResult<T>>;
  /** Fetches (or reads the kept) organisation public key and checks it against the pinned fingerprint, so an app can warn before anyone types; a failure is also an `error` event. */
  encryptionKey(): Promise<EncryptionKeyStatus>;
  /** Pushes the outbox and pulls changes; one at a time, also across tabs (called while one runs, one more runs after it). Never throws. */
  sync(): Promise<SyncReport>;
  status(): Promise<SyncStatus>;
  /** Mutations waiting to be sent, oldest first. */
  pending(): Promise<OutboxEntry[]>;
  /** The dead-letter list: mutations the hub refused, with its issues. */
  rejected(): Promise<OutboxEntry[]>;
  /** Conflicts waiting for a decision. */
  conflicts(): Promise<Conflict[]>;
  /** The device's copy of a case. */
  getCase(caseId: string): Promise<Case | undefined>;
  /** Every case on the device. */
  cases(): Promise<Case[]>;
  /** Decides a conflict: keep the hub's version (`'server'`), or send `record` on top of it. */
  resolveConflict(caseId: string, choice: 'server' | Case): Promise<SaveResult>;
  /** Drops a rejected mutation from the dead-letter list. */
  discard(mutationId: string): Promise<boolean>;
  on: Emitter<SyncEvents>['on'];
  /** Stops listening for connectivity and closes the store. */
  close(): Promise<void>;
}

const readerRoles: readonly KeyRole[] = ['documenter', 'admin'];
const encoder = new TextEncoder();

function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof navigator !== 'undefined';
}

/**
 * IndexedDB in browsers, one database per hub and key (never the secret part), so two accounts
 * on one browser never send each other's cases; memory elsewhere.
 */
async function defaultStore(hub: string, key: string): Promise<SyncStore> {
  if (typeof indexedDB !== 'undefined') {
    const { openIndexedDbStore } = await import('../store/indexeddb.js');
    const keyId = /^tlk_([0-9a-f]{32})_/.exec(key)?.[1] ?? 'key';
    return openIndexedDbStore(`talap-sync:${new URL(hub).origin}:${keyId}`);
  }
  return memoryStore();
}

class StopSync extends Error {
  constructor(readonly error: SyncError) {
    super(error.message);
  }
}

function rejectionIssue(message: string): ValidationIssue {
  return { path: '', code: 'invalid_value', severity: 'error', message };
}

async function readMeta(tx: StoreTransaction, key: string): Promise<string | number | null> {
  return (await tx.get('meta', key))?.value ?? null;
}

/** Creates a sync client for one hub and key. */
export function createSyncClient(options: SyncClientOptions): SyncClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const transport: TransportOptions = {
    hub: options.hub,
    key: options.key,
    fetch: fetchImpl,
    timeoutMs: options.requestTimeoutMs ?? 30_000,
    ...(options.locale ? { locale: options.locale } : {}),
  };
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const sleep =
    options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const autoSync = options.autoSync ?? isBrowser();
  const lockName = options.lockName ?? `talap-sync:${options.hub}`;
  const emitter = new Emitter<SyncEvents>();
  const storeReady: Promise<SyncStore> = options.store
    ? Promise.resolve(options.store)
    : defaultStore(options.hub, options.key);
  let role: KeyRole | undefined;
  let running: Promise<SyncReport> | undefined;
  /** The sync that starts when the running one ends, asked for while it ran. */
  let followUp: Promise<SyncReport> | undefined;
  const startFollowUp = () => {
    followUp = undefined;
    return sync();
  };
  let lastError: SyncError | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failedSyncs = 0;
  let closed = false;

  const transaction = async <R>(work: (tx: StoreTransaction) => Promise<R>): Promise<R> =>
    (await storeReady).transaction(work);

  // Kept per hub key, so two organisations' clients sharing a store never share a key.
  const keptKey = `encryptionKey:${/^tlk_([0-9a-f]{32})_/.exec(options.key)?.[1] ?? 'key'}`;
  const keeper: KeyKeeper | undefined = options.encryption
    ? createKeyKeeper(options.encryption, {
        fetchConfig: async () => {
          const answer = await requestHub(transport, 'v1/config');
          const config = answer.body as ConfigResponse | undefined;
          return answer.status === 200 && Array.isArray(config?.publicKeys) ? config : undefined;
        },
        readKept: () =>
          transaction(async (tx) => {
            const kept = await readMeta(tx, keptKey);
            return typeof kept === 'string' ? kept : undefined;
          }),
        writeKept: (jwk) =>
          transaction((tx) =>
            jwk === undefined
              ? tx.delete('meta', keptKey)
              : tx.put('meta', { key: keptKey, value: jwk }),
          ),
      })
    : undefined;

  /** The record with its identifying fields encrypted, when the client encrypts; a failure is reported like a failed save. */
  async function encrypted(record: Case): Promise<EncryptResult<Case>> {
    if (!keeper) return { ok: true, value: record };
    const sealed = await keeper.encrypt(record);
    if (!sealed.ok) emitter.emit('error', { kind: 'encryption', message: sealed.message });
    return sealed;
  }

  const keepAcknowledged = () =>
    options.keepAcknowledged ?? (role === undefined || role !== 'intake');

  // --- saving -------------------------------------------------------------------------------

  /**
   * Writes a case and its outbox entry in one transaction. An entry not yet sent takes the new
   * state in place; a refused entry is replaced (with everything queued behind it); otherwise the
   * edit becomes a new entry behind those already on their way.
   */
  async function enqueue(record: Case, resolved?: { revision: number }): Promise<SaveResult> {
    const mutationId = await transaction(async (tx) => {
      const local = await tx.get('cases', record.id);
      const entries: OutboxEntry[] = [];
      for (const id of local?.queued ?? []) {
        const entry = await tx.get('outbox', id);
        if (entry) entries.push(entry);
      }
      const savedAt = new Date(now()).toISOString();
      const revision = resolved?.revision ?? local?.revision ?? null;
      const refused = entries.findIndex((entry) => entry.state === 'rejected');
      const last = entries.at(-1);
      if (refused === -1 && last && !last.frozen && last.state === 'pending') {
        await tx.put('outbox', { ...last, case: record, savedAt });
        await tx.put('cases', { ...(local as LocalCase), case: record });
        return last.id;
      }
      let seq: number;
      let op: OutboxEntry['op'];
      let kept = entries;
      if (refused !== -1) {
        const first = entries[refused] as OutboxEntry;
        for (const entry of entries.slice(refused)) await tx.delete('outbox', entry.id);
        kept = entries.slice(0, refused);
        seq = first.seq;
        op = first.op === 'create' || revision === null ? 'create' : 'update';
      } else {
        seq = Number((await readMeta(tx, 'nextSeq')) ?? 1);
        await tx.put('meta', { key: 'nextSeq', value: seq + 1 });
        op = revision === null && entries.length === 0 ? 'create' : 'update';
      }
      const entry: OutboxEntry = {
        id: globalThis.crypto.randomUUID(),
        seq,
        op,
        caseId: record.id,
        case: record,
        frozen: false,
        state: 'pending',
        savedAt,
        attempts: 0,
      };
      await tx.put('outbox', entry);
      await tx.put('cases', {
        caseId: record.id,
        case: record,
        revision,
        sentFromHere: local?.sentFromHere ?? false,
        queued: [...kept.map((kept) => kept.id), entry.id],
      });
      return entry.id;
    }).catch((error: unknown) => {
      if (error instanceof StorageFullError) return error;
      throw error;
    });
    if (mutationId instanceof StorageFullError) {
      const message =
        'The device is out of storage space, so this case was not saved. Free some space and save again; cases already waiting are safe.';
      emitter.emit('error', { kind: 'storage-full', message });
      return { ok: false, reason: 'storage-full', message };
    }
    emitter.emit('queued', { caseId: record.id, mutationId });
    return { ok: true, caseId: record.id, mutationId };
  }

  /** Loads the catalog of the chosen language once; an unknown one falls back to English. */
  let localeReady: Promise<unknown> | undefined;
  const validationOptions = async () => {
    if (!options.locale) return {};
    localeReady ??= loadLocale(options.locale as ShippedLocale).catch(() => undefined);
    await localeReady;
    return { locale: options.locale };
  };

  async function save(record: Case): Promise<SaveResult> {
    const checked = validateCase(record, await validationOptions());
    if (!checked.ok) return { ok: false, reason: 'invalid', issues: checked.issues };
    const sealed = await encrypted(checked.value);
    if (!sealed.ok) return sealed;
    return enqueue(sealed.value);
  }

  async function getLocal(caseId: string): Promise<LocalCase | undefined> {
    return transaction((tx) => tx.get('cases', caseId));
  }

  // --- talking to the hub ---------------------------------------------------------------------

  /** Sends a request, retrying network failures, timeouts, 5xx and 429 with backoff. */
  async function call(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<HubAnswer> {
    let last: SyncError = { kind: 'network', message: 'The hub could not be reached.' };
    for (let attempt = 0; attempt < policy.attempts; attempt++) {
      if (attempt > 0) {
        let wait = backoffDelay(policy, attempt - 1, random);
        if (last.retryInMs !== undefined) wait = Math.max(wait, last.retryInMs);
        await sleep(Math.min(wait, policy.maxDelayMs));
      }
      let answer: HubAnswer;
      try {
        answer = await requestHub(transport, path, init);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        last = { kind: 'network', message: error.message };
        continue;
      }
      if (answer.status === 429 || answer.status >= 500) {
        const retryIn = retryAfterMs(answer.headers, now());
        last = {
          kind: answer.status === 429 ? 'rate-limited' : 'server',
          message: problemOf(answer)?.detail ?? `The hub answered ${answer.status}.`,
          ...(retryIn === undefined ? {} : { retryInMs: retryIn }),
        };
        continue;
      }
      if (answer.status === 401) {
        throw new StopSync({
          kind: 'unauthorized',
          message:
            problemOf(answer)?.detail ??
            'The hub refused the key: it is not valid or was revoked. Ask for a new key; nothing waiting was lost.',
        });
      }
      if (answer.status === 403) {
        throw new StopSync({
          kind: 'forbidden',
          message: problemOf(answer)?.detail ?? 'The hub does not allow this key to do that.',
        });
      }
      return answer;
    }
    throw new StopSync(last);
  }

  async function fetchConfig(): Promise<ConfigResponse> {
    const answer = await call('v1/config');
    const config = answer.body as ConfigResponse | undefined;
    if (answer.status !== 200 || !config || !Array.isArray(config.protocols)) {
      throw new StopSync({
        kind: 'unexpected',
        message: 'The hub sent a configuration the client cannot read.',
      });
    }
    if (!config.protocols.includes(protocolVersion)) {
      throw new StopSync({
        kind: 'protocol',
        message: `The hub speaks protocol ${config.protocols.join(', ')}, and this app speaks ${protocolVersion}. Update the app; nothing waiting was lost.`,
      });
    }
    role = config.role;
    return config;
  }

  // --- pushing --------------------------------------------------------------------------------

  /**
   * Picks the next batch and freezes it: from now on these mutations are sent exactly as they
   * are. The outbox is read page by page in seq order, so a long queue costs no more per batch.
   */
  async function nextBatch(limit: number, maxBytes: number): Promise<OutboxEntry[]> {
    return transaction(async (tx) => {
      const blocked = new Set<string>();
      const batch: OutboxEntry[] = [];
      let bytes = 200;
      let after = Number.NEGATIVE_INFINITY;
      for (;;) {
        const page = await tx.outboxAfter(after, limit * 2);
        for (const entry of page) {
          after = entry.seq;
          if (batch.length >= limit) return batch;
          // One mutation per case per batch, and nothing of a case behind one that needs a person.
          if (blocked.has(entry.caseId)) continue;
          blocked.add(entry.caseId);
          if (entry.state !== 'pending') continue;
          let frozen = entry;
          if (!entry.frozen) {
            const local = await tx.get('cases', entry.caseId);
            const revision = local?.revision ?? null;
            frozen =
              entry.op === 'update' && revision !== null
                ? { ...entry, frozen: true, baseRevision: revision }
                : { ...entry, op: 'create', frozen: true };
          }
          const size = encoder.encode(JSON.stringify(frozen.case)).byteLength + 200;
          if (batch.length > 0 && bytes + size > maxBytes) return batch;
          bytes += size;
          frozen = { ...frozen, attempts: frozen.attempts + 1 };
          await tx.put('outbox', frozen);
          batch.push(frozen);
        }
        if (page.length < limit * 2) return batch;
      }
    });
  }

  function wireMutation(entry: OutboxEntry) {
    return entry.op === 'create'
      ? { id: entry.id, op: 'create' as const, caseId: entry.caseId, case: entry.case }
      : {
          id: entry.id,
          op: 'update' as const,
          caseId: entry.caseId,
          baseRevision: entry.baseRevision,
          case: entry.case,
        };
  }

  /** Pushes a batch; a batch the hub finds too large or malformed is halved until the culprit stands alone. */
  async function pushBatch(batch: OutboxEntry[], clientId: string): Promise<MutationResult[]> {
    const answer = await call('v1/push', {
      body: { clientId, mutations: batch.map(wireMutation) },
    });
    if (answer.status === 200) {
      const body = answer.body as PushResponse;
      if (!body || !Array.isArray(body.results) || body.results.length !== batch.length) {
        throw new StopSync({
          kind: 'unexpected',
          message: 'The hub sent a push answer the client cannot read.',
        });
      }
      await noteEpoch(body.epoch);
      return body.results;
    }
    if ((answer.status === 413 || answer.status === 400) && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      return [
        ...(await pushBatch(batch.slice(0, half), clientId)),
        ...(await pushBatch(batch.slice(half), clientId)),
      ];
    }
    if (answer.status === 413 || answer.status === 400) {
      const entry = batch[0] as OutboxEntry;
      const problem = problemOf(answer);
      return [
        {
          id: entry.id,
          status: 'invalid',
          issues:
            problem?.issues && problem.issues.length > 0
              ? (problem.issues as ValidationIssue[])
              : [
                  rejectionIssue(
                    answer.status === 413
                      ? 'This case is too large for the hub to accept. Shorten its longest texts and save it again.'
                      : (problem?.detail ?? 'The hub could not read this case.'),
                  ),
                ],
        },
      ];
    }
    throw new StopSync({
      kind: 'unexpected',
      message: problemOf(answer)?.detail ?? `The hub answered a push with ${answer.status}.`,
    });
  }

  /** Applies a push's results in one transaction. */
  async function settle(
    batch: OutboxEntry[],
    results: MutationResult[],
    report: Counts,
  ): Promise<OutboxEntry[]> {
    const keep = keepAcknowledged();
    const toFetch: OutboxEntry[] = [];
    const emitted: (() => void)[] = [];
    await transaction(async (tx) => {
      for (const [index, entry] of batch.entries()) {
        const result = results[index] as MutationResult;
        if (result.id !== entry.id) {
          throw new StopSync({
            kind: 'unexpected',
            message: 'The hub answered a push out of order; nothing was marked as sent.',
          });
        }
        const local = await tx.get('cases', entry.caseId);
        const queued = (local?.queued ?? []).filter((id) => id !== entry.id);
        if (
          result.status === 'created' ||
          result.status === 'updated' ||
          result.status === 'unchanged'
        ) {
          const revision = result.revision ?? local?.revision ?? 1;
          await tx.delete('outbox', entry.id);
          if (local && (keep || queued.length > 0)) {
            await tx.put('cases', { ...local, revision, sentFromHere: true, queued });
          } else if (local) {
            await tx.delete('cases', entry.caseId);
          }
          report.pushed++;
          const status = result.status;
          emitted.push(() =>
            emitter.emit('pushed', {
              caseId: entry.caseId,
              mutationId: entry.id,
              status,
              revision,
            }),
          );
          continue;
        }
        if (result.status === 'conflict' && entry.resend) {
          // A re-send after a restore that the hub already has: done, unless it holds something else.
          const current = result.current ?? null;
          if (current === null || sameValue(stripRevision(current), stripRevision(entry.case))) {
            await tx.delete('outbox', entry.id);
            if (local) {
              await tx.put('cases', {
                ...local,
                revision: result.revision ?? local.revision,
                queued,
              });
            }
            continue;
          }
        }
        if (result.status === 'conflict') {
          const server = {
            revision: result.revision ?? 0,
            deleted: result.deleted === true,
            case: result.current ?? null,
          };
          const updated: OutboxEntry = { ...entry, state: 'conflict', server };
          await tx.put('outbox', updated);
          if (!result.current && !result.deleted && result.revision !== undefined)
            toFetch.push(updated);
          report.conflicts++;
          emitted.push(() =>
            emitter.emit('conflict', { caseId: entry.caseId, mutationId: entry.id }),
          );
          continue;
        }
        const issues =
          result.status === 'mismatch'
            ? [
                rejectionIssue(
                  'The hub already holds a different change under this mutation id. Save the case again to send it as a new change.',
                ),
              ]
            : ((result.issues as readonly ValidationIssue[] | undefined) ?? [
                rejectionIssue('The hub refused this case.'),
              ]);
        await tx.put('outbox', { ...entry, state: 'rejected', issues });
        report.rejected++;
        emitted.push(() =>
          emitter.emit('rejected', { caseId: entry.caseId, mutationId: entry.id, issues }),
        );
      }
    });
    for (const emit of emitted) emit();
    return toFetch;
  }

  /** Fetches the hub's version for conflicts that came without it. */
  async function fetchServerVersions(entries: OutboxEntry[]): Promise<void> {
    if (!role || !readerRoles.includes(role)) return;
    for (const entry of entries) {
      const answer = await call(`v1/cases/${entry.caseId}`);
      if (answer.status !== 200) continue;
      const body = answer.body as { revision: number; case: Case };
      await transaction(async (tx) => {
        const stored = await tx.get('outbox', entry.id);
        if (stored?.state !== 'conflict') return;
        await tx.put('outbox', {
          ...stored,
          server: { revision: body.revision, deleted: false, case: body.case },
        });
      });
    }
  }

  // --- pulling and the epoch ------------------------------------------------------------------

  /** Remembers the hub's epoch; a changed one means the hub was restored, so re-send what it may have lost. */
  async function noteEpoch(epoch: string): Promise<void> {
    const changed = await transaction(async (tx) => {
      const known = await readMeta(tx, 'epoch');
      if (known === epoch) return false;
      await tx.put('meta', { key: 'epoch', value: epoch });
      if (known === null) return false;
      await tx.put('meta', { key: 'cursor', value: '0' });
      let seq = Number((await readMeta(tx, 'nextSeq')) ?? 1);
      for (const local of await tx.getAll('cases')) {
        if (!local.sentFromHere || local.queued.length > 0) continue;
        const entry: OutboxEntry = {
          id: globalThis.crypto.randomUUID(),
          seq: seq++,
          op: 'create',
          caseId: local.caseId,
          case: local.case,
          frozen: false,
          state: 'pending',
          savedAt: new Date(now()).toISOString(),
          attempts: 0,
          resend: true,
        };
        await tx.put('outbox', entry);
        await tx.put('cases', { ...local, revision: null, queued: [entry.id] });
      }
      await tx.put('meta', { key: 'nextSeq', value: seq });
      return true;
    });
    // The pull starts again from the beginning and the re-sends go out in another round.
    if (changed) restoreDetected = true;
  }
  let restoreDetected = false;

  async function pull(report: Counts, pageSize: number): Promise<void> {
    if (!role || !readerRoles.includes(role)) return;
    for (;;) {
      const cursor = String((await transaction((tx) => readMeta(tx, 'cursor'))) ?? '0');
      const answer = await call(`v1/pull?since=${encodeURIComponent(cursor)}&limit=${pageSize}`);
      const page = answer.body as PullResponse | undefined;
      if (answer.status !== 200 || !page || !Array.isArray(page.changes)) {
        throw new StopSync({
          kind: 'unexpected',
          message: 'The hub sent changes the client cannot read.',
        });
      }
      await noteEpoch(page.epoch);
      if (restoreDetected) return;
      // The cursor moves in the same transaction that applies the page.
      await transaction(async (tx) => {
        for (const change of page.changes) {
          const local = await tx.get('cases', change.caseId);
          if (local && local.queued.length > 0) continue;
          if (change.deleted || change.case === null) {
            if (local) await tx.delete('cases', change.caseId);
            continue;
          }
          await tx.put('cases', {
            caseId: change.caseId,
            case: change.case,
            revision: change.revision,
            sentFromHere: local?.sentFromHere ?? false,
            queued: [],
          });
        }
        await tx.put('meta', { key: 'cursor', value: page.cursor });
      });
      report.pulled += page.changes.length;
      if (page.changes.length > 0) emitter.emit('pulled', { count: page.changes.length });
      if (!page.hasMore) return;
    }
  }

  // --- one sync -------------------------------------------------------------------------------

  interface Counts {
    pushed: number;
    conflicts: number;
    rejected: number;
    pulled: number;
  }

  async function runSync(): Promise<SyncReport> {
    const counts: Counts = { pushed: 0, conflicts: 0, rejected: 0, pulled: 0 };
    let error: SyncError | undefined;
    try {
      const config = await fetchConfig();
      await keeper?.noteConfig(config);
      await noteEpoch(config.epoch);
      const clientId = await transaction(async (tx) => {
        const known = await readMeta(tx, 'clientId');
        if (typeof known === 'string') return known;
        const made = globalThis.crypto.randomUUID();
        await tx.put('meta', { key: 'clientId', value: made });
        return made;
      });
      const limit = Math.max(
        1,
        Math.min(options.batchSize ?? 100, config.limits.maxMutationsPerPush),
      );
      const maxBytes = Math.floor(config.limits.maxBodyBytes * 0.8);
      const total = (await pending()).length;
      let sent = 0;
      for (let round = 0; round < 3; round++) {
        restoreDetected = false;
        for (;;) {
          const batch = await nextBatch(limit, maxBytes);
          if (batch.length === 0) break;
          const results = await pushBatch(batch, clientId);
          const toFetch = await settle(batch, results, counts);
          await fetchServerVersions(toFetch);
          sent += batch.length;
          emitter.emit('progress', { sent, total: Math.max(total, sent) });
        }
        await pull(counts, Math.min(500, config.limits.maxChangesPerPull));
        // A restore noticed during the pull queued re-sends: push them too.
        if (!restoreDetected) break;
      }
      await transaction((tx) =>
        tx.put('meta', { key: 'lastSyncAt', value: new Date(now()).toISOString() }),
      );
    } catch (caught) {
      if (caught instanceof StopSync) error = caught.error;
      else if (caught instanceof StorageFullError) {
        error = {
          kind: 'storage-full',
          message: 'The device is out of storage space; nothing waiting was lost.',
        };
      } else {
        error = {
          kind: 'unexpected',
          message: `The sync failed (${(caught as Error).name}); nothing waiting was lost.`,
        };
      }
    }
    lastError = error ?? null;
    if (error) {
      failedSyncs++;
      const transient = ['network', 'server', 'rate-limited'].includes(error.kind);
      if (autoSync && transient && !closed) {
        const retryInMs = backoffDelay(policy, failedSyncs, random);
        error = { ...error, retryInMs };
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => void sync(), retryInMs);
        // In Node a pending retry must not keep the process alive on its own.
        (retryTimer as { unref?: () => void }).unref?.();
      }
      emitter.emit('error', error);
    } else {
      failedSyncs = 0;
    }
    const report: SyncReport = { ...counts, ...(error ? { error } : {}) };
    emitter.emit('synced', report);
    return report;
  }

  function sync(): Promise<SyncReport> {
    // A sync that is already running may have read the outbox before the caller's last save:
    // the caller gets one that starts after it (one for however many callers ask meanwhile).
    if (running) {
      followUp ??= running.then(startFollowUp, startFollowUp);
      return followUp;
    }
    const locks = isBrowser() ? navigator.locks : undefined;
    const started = locks
      ? // The lock is held until the sync settles; the callback's promise is what request() resolves to.
        (locks.request(lockName, () => runSync()) as unknown as Promise<SyncReport>)
      : runSync();
    running = started.finally(() => {
      running = undefined;
    });
    return running;
  }

  // --- reading and deciding -------------------------------------------------------------------

  async function pending(): Promise<OutboxEntry[]> {
    return transaction(async (tx) =>
      (await tx.getAll('outbox')).filter((e) => e.state === 'pending'),
    );
  }

  async function rejected(): Promise<OutboxEntry[]> {
    return transaction(async (tx) =>
      (await tx.getAll('outbox')).filter((e) => e.state === 'rejected'),
    );
  }

  async function conflicts(): Promise<Conflict[]> {
    return transaction(async (tx) => {
      const found: Conflict[] = [];
      for (const entry of await tx.getAll('outbox')) {
        if (entry.state !== 'conflict') continue;
        // The device's latest state, edits saved after the conflict appeared included.
        const local = await tx.get('cases', entry.caseId);
        found.push({
          caseId: entry.caseId,
          mutationId: entry.id,
          local: local?.case ?? entry.case,
          server: entry.server?.case ?? null,
          serverRevision: entry.server?.revision || null,
          deleted: entry.server?.deleted ?? false,
        });
      }
      return found;
    });
  }

  async function status(): Promise<SyncStatus> {
    const { entries, lastSyncAt } = await transaction(async (tx) => ({
      entries: await tx.getAll('outbox'),
      lastSyncAt: await readMeta(tx, 'lastSyncAt'),
    }));
    const count = (state: OutboxEntry['state']) => entries.filter((e) => e.state === state).length;
    return {
      pending: count('pending'),
      rejected: count('rejected'),
      conflicts: count('conflict'),
      online: isBrowser() ? navigator.onLine : true,
      syncing: running !== undefined,
      lastSyncAt: typeof lastSyncAt === 'string' ? lastSyncAt : null,
      lastError,
    };
  }

  async function resolveConflict(caseId: string, choice: 'server' | Case): Promise<SaveResult> {
    const found = (await conflicts()).find((conflict) => conflict.caseId === caseId);
    let sealedChoice: Case | undefined;
    if (!found) {
      return {
        ok: false,
        reason: 'invalid',
        issues: [rejectionIssue('This case has no conflict to resolve.')],
      };
    }
    if (choice !== 'server') {
      if (found.serverRevision === null && !found.deleted) {
        return {
          ok: false,
          reason: 'invalid',
          issues: [
            rejectionIssue(
              "The hub's version of this case is not known to this key, so a merge cannot be sent. Keep the hub's version with 'server'.",
            ),
          ],
        };
      }
      if (found.deleted) {
        return {
          ok: false,
          reason: 'invalid',
          issues: [
            rejectionIssue(
              'The organisation purged this case on the hub; it cannot be sent again.',
            ),
          ],
        };
      }
      const checked = validateCase(choice, await validationOptions());
      if (!checked.ok) return { ok: false, reason: 'invalid', issues: checked.issues };
      if (checked.value.id !== caseId) {
        return {
          ok: false,
          reason: 'invalid',
          issues: [rejectionIssue('The resolved case must keep its id.')],
        };
      }
      const sealed = await encrypted(checked.value);
      if (!sealed.ok) return sealed;
      sealedChoice = sealed.value;
    }
    // Every local entry of the case was built on the losing version: drop them all.
    await transaction(async (tx) => {
      const local = await tx.get('cases', caseId);
      for (const id of local?.queued ?? []) await tx.delete('outbox', id);
      if (choice === 'server' && (found.deleted || found.server === null)) {
        await tx.delete('cases', caseId);
      } else if (choice === 'server') {
        await tx.put('cases', {
          caseId,
          case: found.server as Case,
          revision: found.serverRevision,
          sentFromHere: local?.sentFromHere ?? false,
          queued: [],
        });
      } else if (local) {
        await tx.put('cases', { ...local, revision: found.serverRevision, queued: [] });
      }
    });
    if (choice === 'server') return { ok: true, caseId, mutationId: found.mutationId };
    return enqueue(sealedChoice as Case, { revision: found.serverRevision ?? 0 });
  }

  async function discard(mutationId: string): Promise<boolean> {
    const outcome = await transaction(async (tx) => {
      const entry = await tx.get('outbox', mutationId);
      if (entry?.state !== 'rejected') return undefined;
      await tx.delete('outbox', mutationId);
      const local = await tx.get('cases', entry.caseId);
      if (!local) return { caseId: entry.caseId, stale: false };
      const queued = local.queued.filter((id) => id !== mutationId);
      if (queued.length === 0 && local.revision === null) {
        await tx.delete('cases', entry.caseId);
        return { caseId: entry.caseId, stale: false };
      }
      await tx.put('cases', { ...local, queued });
      // The device's copy holds the discarded edit; the hub's version replaces it below.
      return { caseId: entry.caseId, stale: queued.length === 0 };
    });
    if (!outcome) return false;
    if (outcome.stale) await refreshFromHub(outcome.caseId);
    return true;
  }

  /** Replaces the device's copy of a case with the hub's, when the key may read it and the hub answers. */
  async function refreshFromHub(caseId: string): Promise<void> {
    if (role === undefined) await fetchConfig().catch(() => undefined);
    if (!role || !readerRoles.includes(role)) return;
    const answer = await requestHub(transport, `v1/cases/${caseId}`).catch(() => undefined);
    if (answer?.status !== 200 && answer?.status !== 404) return;
    const body = answer.body as { revision: number; case: Case } | undefined;
    await transaction(async (tx) => {
      const local = await tx.get('cases', caseId);
      if (!local || local.queued.length > 0) return;
      if (answer.status === 404 || !body) await tx.delete('cases', caseId);
      else await tx.put('cases', { ...local, case: body.case, revision: body.revision });
    });
  }

  // --- connectivity ---------------------------------------------------------------------------

  const onOnline = () => {
    emitter.emit('online', {});
    if (autoSync) void sync();
  };
  const onOffline = () => emitter.emit('offline', {});
  if (isBrowser()) {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
  }

  return {
    save,
    async encrypt(record) {
      if (!keeper) {
        return {
          ok: false,
          reason: 'encryption',
          code: 'not_configured',
          message: 'This sync client was made without `encryption`, so it encrypts nothing.',
        };
      }
      return keeper.encrypt(record);
    },
    async encryptionKey() {
      const state = keeper
        ? await keeper.key()
        : ({
            ok: false,
            error: {
              code: 'not_configured',
              message: 'This sync client was made without `encryption`, so it encrypts nothing.',
            },
          } as const);
      if (state.ok) return { ok: true, keyId: state.key.keyId, fingerprint: state.key.fingerprint };
      emitter.emit('error', { kind: 'encryption', message: state.error.message });
      return { ok: false, reason: 'encryption', ...state.error };
    },
    sync,
    status,
    pending,
    rejected,
    conflicts,
    getCase: async (caseId) => (await getLocal(caseId))?.case,
    cases: () => transaction(async (tx) => (await tx.getAll('cases')).map((local) => local.case)),
    resolveConflict,
    discard,
    on: (event, listener) => emitter.on(event, listener),
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      if (isBrowser()) {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
      }
      // The running sync, and one asked for while it ran (it starts as that one ends), finish first.
      while (running) await running.catch(() => {});
      await (await storeReady).close();
    },
  };
}

function stripRevision(record: Case): Omit<Case, 'revision'> {
  const { revision: _revision, ...rest } = record;
  return rest;
}
