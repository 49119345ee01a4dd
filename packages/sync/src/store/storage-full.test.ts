import { describe, expect, it } from 'vitest';
import { isStorageFull } from './storage-full.js';

const errno = (code: string) => Object.assign(new Error(`${code}: write`), { code });
const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const abort = (message = 'The transaction was aborted.') => new DOMException(message, 'AbortError');

describe('isStorageFull', () => {
  it('recognises a full disk and an exhausted user quota in Node', () => {
    expect(isStorageFull(errno('ENOSPC'))).toBe(true);
    expect(isStorageFull(errno('EDQUOT'))).toBe(true);
  });

  it("recognises IndexedDB's QuotaExceededError, and an AbortError caused by one", () => {
    expect(isStorageFull(quota())).toBe(true);
    expect(isStorageFull(abort(), quota())).toBe(true);
    expect(isStorageFull(Object.assign(abort(), { cause: quota() }))).toBe(true);
    expect(isStorageFull(abort('Transaction aborted: quota exceeded'))).toBe(true);
  });

  it('does not mistake other failures for a full store', () => {
    expect(isStorageFull(abort())).toBe(false);
    expect(isStorageFull(abort(), new DOMException('gone', 'UnknownError'))).toBe(false);
    expect(isStorageFull(errno('EIO'))).toBe(false);
    expect(isStorageFull(new Error('no space for this idea'))).toBe(false);
    expect(isStorageFull(undefined)).toBe(false);
  });
});
