/**
 * @talap/core: the shared case schema of Talap, with its types, vocabularies, validation,
 * redaction and migrations. Browser-safe; the ajv validator lives at `@talap/core/ajv`.
 */

export {
  type Catalog,
  hasCatalog,
  loadLocale,
  registerCatalog,
  type ShippedLocale,
  shippedLocales,
  translate,
} from './i18n/catalog.js';
export {
  type Migration,
  type MigrationError,
  type MigrationResult,
  migrate,
  migrations,
  schemaVersionOf,
} from './migrate/migrate.js';
export {
  allowsStatistics,
  type RedactedCase,
  type RedactionPolicy,
  redact,
  redactionPolicies,
  toMonth,
} from './redact/redact.js';
export {
  type Case,
  type CaseResponse,
  type Consent,
  caseSchema,
  caseSchemaId,
  currentSchemaVersion,
  type Perpetrator,
  type Violation,
} from './schema/case.js';
export {
  type FieldMeta,
  type FormSection,
  fieldRegistry,
  type Sensitivity,
  type SharingTier,
  sharingTiers,
  tierAllows,
} from './schema/field.js';
export { describeFields, type FieldInfo } from './schema/walk.js';
export {
  type IssueCode,
  type IssueSeverity,
  issueCodes,
  type ValidateOptions,
  type ValidationIssue,
  type ValidationResult,
} from './validate/issue.js';
export { validateCase } from './validate/validate-case.js';
