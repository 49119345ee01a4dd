import type { ValidationIssue } from '@talap/core';
import type { MutationStatus } from '@talap/core/protocol';

/** Why a sync stopped early. The outbox keeps everything in every case. */
export type SyncErrorKind =
  /** No connection, or the hub did not answer in time, after every retry. */
  | 'network'
  /** The hub kept answering with server errors. */
  | 'server'
  /** The hub asked to slow down and the retries ran out. */
  | 'rate-limited'
  /** The key is not valid or was revoked. */
  | 'unauthorized'
  /** The key may not do this, or this web page's origin is not allowed for its organisation. */
  | 'forbidden'
  /** The hub speaks only newer protocol versions: update the app. */
  | 'protocol'
  /** The device has no space left; nothing already queued was lost. */
  | 'storage-full'
  /** Identifying fields could not be encrypted (a key other than the pinned one, or none to be had): the case was not saved. */
  | 'encryption'
  /** The hub answered something the client cannot read. */
  | 'unexpected';

/** A problem a UI should show, with a stable kind and a sentence in English. */
export interface SyncError {
  readonly kind: SyncErrorKind;
  readonly message: string;
  /** When the client will try again on its own, if it will. */
  readonly retryInMs?: number;
}

/** The events a sync client emits, and what each carries. */
export interface SyncEvents {
  /** A case was written to the outbox. */
  queued: { readonly caseId: string; readonly mutationId: string };
  /** The hub acknowledged a mutation after a durable commit. */
  pushed: {
    readonly caseId: string;
    readonly mutationId: string;
    readonly status: Extract<MutationStatus, 'created' | 'updated' | 'unchanged'>;
    readonly revision: number;
  };
  /** The hub has another version of a case; both are kept for the app to decide. */
  conflict: { readonly caseId: string; readonly mutationId: string };
  /** The hub refused a mutation; it waits in the dead-letter list with the hub's issues. */
  rejected: {
    readonly caseId: string;
    readonly mutationId: string;
    readonly issues: readonly ValidationIssue[];
  };
  /** Changes from the hub were applied locally. */
  pulled: { readonly count: number };
  /** How far a push has come. */
  progress: { readonly sent: number; readonly total: number };
  /** The browser reports a connection again. */
  online: Record<string, never>;
  /** The browser reports no connection. */
  offline: Record<string, never>;
  /** A sync stopped early or a save failed. */
  error: SyncError;
  /** A sync finished (possibly early, see its `error`). */
  synced: SyncReport;
}

/** What one sync did. */
export interface SyncReport {
  /** Mutations the hub acknowledged (created, updated or unchanged). */
  readonly pushed: number;
  readonly conflicts: number;
  readonly rejected: number;
  /** Changes pulled from the hub. */
  readonly pulled: number;
  /** Set when the sync stopped early. */
  readonly error?: SyncError;
}

type Listener<T> = (detail: T) => void;

/** A small typed event emitter; a listener that throws never breaks the client. */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Listens to one event; returns the function that stops listening. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener as Listener<never>);
    this.#listeners.set(event, set);
    return () => set.delete(listener as Listener<never>);
  }

  /** Calls every listener of `event`. */
  emit<K extends keyof Events>(event: K, detail: Events[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as Listener<Events[K]>)(detail);
      } catch {
        // A broken listener must not stop delivery.
      }
    }
  }
}
