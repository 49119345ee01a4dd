/** How long two presses of Escape may be apart to count as a quick exit, in milliseconds. */
export const doubleEscapeWindowMs = 1000;

/** Watches key presses for Escape pressed twice in quick succession. */
export function doubleEscapeDetector(
  windowMs = doubleEscapeWindowMs,
): (event: KeyboardEvent) => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return (event) => {
    if (event.key !== 'Escape' || event.repeat) return false;
    const now = event.timeStamp;
    const double = now - last <= windowMs;
    last = double ? Number.NEGATIVE_INFINITY : now;
    return double;
  };
}

/**
 * Leaves the page for `url` without a history entry to come back to (`location.replace`), after
 * `cleanup` (clearing a draft) has finished or `waitMs` has passed, whichever is first.
 */
export async function quickExit(
  url: string,
  cleanup: () => Promise<unknown>,
  target: Pick<Location, 'replace'> = window.location,
  waitMs = 400,
): Promise<void> {
  await Promise.race([
    cleanup().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, waitMs)),
  ]);
  target.replace(url);
}
