/** A per-key token bucket: a burst of ten seconds' worth of requests, refilled steadily. */
export class RateLimiter {
  readonly #perSecond: number;
  readonly #capacity: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #now: () => number;

  constructor(requestsPerMinute: number, now: () => number = Date.now) {
    this.#perSecond = requestsPerMinute / 60;
    this.#capacity = Math.max(1, Math.ceil(this.#perSecond * 10));
    this.#now = now;
  }

  /** Takes one request's token for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#capacity, at: now };
    bucket.tokens = Math.min(
      this.#capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond,
    );
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 100_000) this.#forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perSecond));
  }

  /** Drops buckets that have refilled, so memory stays bounded. */
  #forgetFull(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond >= this.#capacity) {
        this.#buckets.delete(key);
      }
    }
  }
}
