import type { Case } from '@talap/core';
import type { SyncErrorKind } from '@talap/sync';

/** `talap-change`: an answer changed. `case` is the record as it stands, not yet valid. */
export interface TalapChangeDetail {
  /** The JSON Pointer of the answer that changed, e.g. `/incident/date`. */
  readonly pointer: string;
  readonly case: Readonly<Record<string, unknown>>;
}

/** `talap-submit`: the person submitted a valid case. Cancel the event to handle the case yourself. */
export interface TalapSubmitDetail {
  readonly case: Case;
}

/** `talap-queued`: the case is stored in the device's outbox and will reach the hub. */
export interface TalapQueuedDetail {
  readonly caseId: string;
  readonly mutationId: string;
}

/** `talap-synced`: the hub acknowledged a case after a durable commit. */
export interface TalapSyncedDetail {
  readonly caseId: string;
  readonly revision: number;
}

/**
 * Why something did not work; the case is never lost when it was queued. The sync client's
 * kinds (`network`: the hub could not be reached, the case waits and is sent later by itself;
 * `server`, `rate-limited`, `unauthorized`, `forbidden`, `protocol`, `storage-full`,
 * `encryption`: with `key-fingerprint`, the organisation's key is not the pinned one or cannot be
 * had, and nothing was stored or sent; `unexpected`), and the form's own.
 */
export type TalapErrorKind =
  | SyncErrorKind
  /** The hub refused the case; it waits in the outbox's dead-letter list. */
  | 'rejected'
  /** A language could not be loaded; the form stays in the language it had. */
  | 'locale';

/** `talap-error`: something did not work. */
export interface TalapErrorDetail {
  readonly kind: TalapErrorKind;
  /** An English sentence for logs; the form shows its own localised message. */
  readonly message: string;
  readonly caseId?: string;
  /** Whether the case is safe in the outbox and will be sent later without anyone doing anything. */
  readonly willRetry: boolean;
}

/** The events of `<talap-intake-form>` and their details. */
export interface TalapIntakeFormEventMap {
  'talap-change': CustomEvent<TalapChangeDetail>;
  'talap-submit': CustomEvent<TalapSubmitDetail>;
  'talap-queued': CustomEvent<TalapQueuedDetail>;
  'talap-synced': CustomEvent<TalapSyncedDetail>;
  'talap-error': CustomEvent<TalapErrorDetail>;
}
