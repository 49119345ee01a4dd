/** How retries are spaced: exponential, capped, with jitter so many devices do not retry in step. */
export interface RetryPolicy {
  /** Tries per request before the sync gives up for now (the outbox keeps everything). */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The default: 5 tries, starting at half a second, never more than a minute apart. */
export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
};

/** The wait before retry number `attempt` (0 for the first retry): between half and all of an exponential cap ("equal jitter"). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}
