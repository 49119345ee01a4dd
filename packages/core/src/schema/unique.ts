import * as z from 'zod/mini';

const uniqueChecks = new WeakSet<object>();

/** Whether a zod check was made by `uniqueItems` (the JSON Schema generator emits `uniqueItems: true` for it). */
export function isUniqueItemsCheck(check: object): boolean {
  return uniqueChecks.has(check);
}

/** A key under which equal JSON values (as JSON Schema's `uniqueItems` compares them) collide. */
export function uniqueKey(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return item === null ? 'null:' : item;
  try {
    return `json:${JSON.stringify(item)}`;
  } catch {
    return item;
  }
}

/** Whether a list holds two equal items. */
export function hasDuplicate(list: readonly unknown[]): boolean {
  const seen = new Set<unknown>();
  for (const item of list) {
    const key = uniqueKey(item);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** A check that reports `duplicate_item` when a list holds the same code twice. */
export function uniqueItems<T>(): z.core.$ZodCheck<T[]> {
  const check = z.check<T[]>((payload) => {
    const list: unknown = payload.value;
    if (Array.isArray(list) && hasDuplicate(list)) {
      payload.issues.push({
        code: 'custom',
        params: { rule: 'duplicate_item' },
        path: [],
        input: list,
        message: 'duplicate_item',
        continue: true,
      });
    }
  });
  check._zod.def.when = () => true;
  uniqueChecks.add(check);
  return check;
}
