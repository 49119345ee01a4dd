import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows a burst of ten seconds’ worth, then asks to wait, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    const answers = Array.from({ length: 11 }, () => limiter.take('key'));
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(answers[10]).toBe(1);
    expect(limiter.take('other key')).toBe(0);
    now += 1000;
    expect(limiter.take('key')).toBe(0);
    expect(limiter.take('key')).toBe(1);
  });
});
