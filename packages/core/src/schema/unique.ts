import * as z from 'zod/mini';

const uniqueChecks = new WeakSet<object>();

/** Whether a zod check was made by `uniqueItems` (the JSON Schema generator emits `uniqueItems: true` for it). */
export function isUniqueItemsCheck(check: object): boolean {
  return uniqueChecks.has(check);
}

/** A check that reports `duplicate_item` when a list holds the same code twice. */
export function uniqueItems<T>(): z.core.$ZodCheck<T[]> {
  const check = z.check<T[]>((payload) => {
    const list: unknown = payload.value;
    if (!Array.isArray(list)) return;
    const seen = new Set<unknown>();
    for (const item of list) {
      if (typeof item !== 'object' && seen.has(item)) {
        payload.issues.push({
          code: 'custom',
          params: { rule: 'duplicate_item' },
          path: [],
          input: list,
          message: 'duplicate_item',
          continue: true,
        });
        return;
      }
      seen.add(item);
    }
  });
  check._zod.def.when = () => true;
  uniqueChecks.add(check);
  return check;
}
