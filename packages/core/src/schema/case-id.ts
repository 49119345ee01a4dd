import { uuidV7Pattern } from './primitives.js';

/**
 * Makes a new case id: a UUID version 7 (RFC 9562), whose first 48 bits are the time in
 * milliseconds, so ids sort by creation, and whose other 74 bits are random. Works in browsers
 * and Node (Web Crypto).
 */
export function newCaseId(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let time = Math.max(0, Math.floor(now));
  for (let index = 5; index >= 0; index--) {
    bytes[index] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether a string is a case id: a lowercase UUID version 7. */
export function isCaseId(value: unknown): value is string {
  return typeof value === 'string' && uuidV7Pattern.test(value);
}
