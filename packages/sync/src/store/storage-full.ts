/** Node error codes for a full disk or an exhausted user quota. */
const fullDiskCodes = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Whether `error` says the device or the browser's quota is out of space: a Node `ENOSPC` or
 * `EDQUOT`, an IndexedDB `QuotaExceededError`, or an `AbortError` caused by one (the aborted
 * transaction's `error`, passed as `transactionError`, the abort's `cause`, or its message).
 */
export function isStorageFull(error: unknown, transactionError?: unknown): boolean {
  if (saysFull(error)) return true;
  if (nameOf(error) !== 'AbortError') return false;
  return (
    saysFull(transactionError) ||
    saysFull((error as { cause?: unknown }).cause) ||
    /quota/i.test(String((error as { message?: unknown }).message))
  );
}

function saysFull(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return (
    nameOf(error) === 'QuotaExceededError' || (typeof code === 'string' && fullDiskCodes.has(code))
  );
}

function nameOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { name?: unknown }).name
    : undefined;
}
