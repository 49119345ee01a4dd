import { type Case, caseSchema } from '../schema/case.js';
import { type SharingTier, tierAllows } from '../schema/field.js';
import { isRecord } from '../schema/rule.js';
import { arrayItem, fieldMetaOf, objectShape, type SchemaNode } from '../schema/walk.js';

/** How a record is prepared for sharing: `internal` (as is), `partner` or `aggregate`. */
export type RedactionPolicy = 'internal' | 'partner' | 'aggregate';

/** The policies and the sharing tier each one allows. */
export const redactionPolicies: Readonly<Record<RedactionPolicy, SharingTier>> = {
  internal: 'organisation',
  partner: 'partner',
  aggregate: 'aggregate',
};

type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A record prepared for sharing: the fields its policy allows, dates coarsened where asked. */
export type RedactedCase = DeepPartial<Case>;

/** Cuts a date or timestamp to its month (`2024-03-15T10:00:00Z` becomes `2024-03`). */
export function toMonth(value: string): string {
  return value.length > 7 ? value.slice(0, 7) : value;
}

/** Whether the client consented to being counted in statistics and has not withdrawn that consent. */
export function allowsStatistics(record: Case): boolean {
  const statistics = record.consent.statistics;
  return statistics?.given === true && statistics.withdrawnAt === undefined;
}

function redactValue(schema: SchemaNode, value: unknown, tier: SharingTier): unknown {
  const meta = fieldMetaOf(schema);
  if (meta) {
    if (!tierAllows(meta.tier, tier)) return undefined;
    if (meta.coarsen === 'month' && tier !== 'organisation' && typeof value === 'string') {
      return toMonth(value);
    }
    return structuredClone(value);
  }
  const shape = objectShape(schema);
  if (shape) {
    if (!isRecord(value)) return undefined;
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(shape)) {
      if (value[key] === undefined) continue;
      const redacted = redactValue(child, value[key], tier);
      if (redacted !== undefined) result[key] = redacted;
    }
    return Object.keys(result).length > 0 ? result : undefined;
  }
  const item = arrayItem(schema);
  if (item && Array.isArray(value)) {
    const items = value
      .map((entry) => redactValue(item, entry, tier))
      .filter((entry) => entry !== undefined);
    return items.length > 0 ? items : undefined;
  }
  return undefined;
}

/**
 * Makes the shareable form of a valid record. Which fields survive is decided by each field's
 * sharing tier in the schema metadata, never by a hand-kept list: `partner` drops identifying
 * fields and free text, cuts dates to the month and location to the region; `aggregate` keeps only
 * what the network's statistics need and returns `null` when the client did not consent to be counted.
 */
export function redact(record: Case, policy: RedactionPolicy): RedactedCase | null {
  if (policy === 'aggregate' && !allowsStatistics(record)) return null;
  return (redactValue(caseSchema, record, redactionPolicies[policy]) ?? {}) as RedactedCase;
}
