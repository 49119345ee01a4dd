import { type HubLimits, maxChangesPerPull, maxMutationsPerPush } from '@talap/core/protocol';

/** The limits a hub enforces unless told otherwise; docs/hub.md explains each. */
export const defaultLimits: HubLimits = {
  maxBodyBytes: 4 * 1024 * 1024,
  maxJsonDepth: 32,
  maxMutationsPerPush: 200,
  maxChangesPerPull: maxChangesPerPull,
  requestsPerMinute: 600,
};

/** Fills in and checks limits given by an operator. */
export function resolveLimits(overrides: Partial<HubLimits> = {}): HubLimits {
  const limits = { ...defaultLimits, ...overrides };
  const ceilings: Record<keyof HubLimits, number> = {
    maxBodyBytes: 64 * 1024 * 1024,
    maxJsonDepth: 256,
    maxMutationsPerPush,
    maxChangesPerPull,
    requestsPerMinute: 10_000_000,
  };
  for (const [name, ceiling] of Object.entries(ceilings) as [keyof HubLimits, number][]) {
    const value = limits[name];
    if (!Number.isInteger(value) || value < 1 || value > ceiling) {
      throw new RangeError(
        `The limit ${name} must be a whole number from 1 to ${ceiling}, not ${value}.`,
      );
    }
  }
  return limits;
}
