import { currentSchemaVersion } from '../schema/case.js';
import { isRecord } from '../schema/rule.js';
import { v0ToV1 } from './v0-to-v1.js';

/** One step that lifts a record from `from` to `from + 1`. */
export interface Migration {
  readonly from: number;
  readonly up: (record: Record<string, unknown>) => Record<string, unknown>;
}

/** Every migration, oldest first. */
export const migrations: readonly Migration[] = [v0ToV1];

/** Why a record could not be migrated. */
export interface MigrationError {
  readonly code: 'not_an_object' | 'unknown_schema_version';
  readonly message: string;
}

/** The result of `migrate`: the record at the current version, or why it could not be lifted. */
export type MigrationResult =
  | { readonly ok: true; readonly value: Record<string, unknown>; readonly fromVersion: number }
  | { readonly ok: false; readonly error: MigrationError };

/** The schema version a record says it has; records from before versioning count as version 0. */
export function schemaVersionOf(record: Record<string, unknown>): number {
  const version = record.schemaVersion;
  return typeof version === 'number' ? version : 0;
}

/**
 * Lifts a record of any earlier schema version to the current one, step by step. The result still
 * needs `validateCase`: migration reshapes, validation judges. The input is never modified.
 */
export function migrate(input: unknown): MigrationResult {
  if (!isRecord(input)) {
    return {
      ok: false,
      error: { code: 'not_an_object', message: 'A record must be a JSON object.' },
    };
  }
  const fromVersion = schemaVersionOf(input);
  if (!Number.isInteger(fromVersion) || fromVersion < 0 || fromVersion > currentSchemaVersion) {
    return {
      ok: false,
      error: {
        code: 'unknown_schema_version',
        message: `Schema version ${String(fromVersion).slice(0, 12)} is not one this package knows (0 to ${currentSchemaVersion}); update @talap/core.`,
      },
    };
  }
  let record: Record<string, unknown>;
  try {
    record = structuredClone(input);
  } catch {
    return {
      ok: false,
      error: { code: 'not_an_object', message: 'A record must be plain JSON data.' },
    };
  }
  for (let version = fromVersion; version < currentSchemaVersion; version += 1) {
    const step = migrations.find((migration) => migration.from === version);
    if (!step) {
      return {
        ok: false,
        error: { code: 'unknown_schema_version', message: `No migration from version ${version}.` },
      };
    }
    record = step.up(record);
  }
  return { ok: true, value: record, fromVersion };
}
