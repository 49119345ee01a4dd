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
export { isCaseId, newCaseId } from './schema/case-id.js';
export {
  type FieldMeta,
  type FormSection,
  fieldRegistry,
  type Sensitivity,
  type SharingTier,
  sharingTiers,
  tierAllows,
} from './schema/field.js';
export {
  arrayItem,
  describeFields,
  enumCodes,
  type FieldInfo,
  fieldMetaOf,
  isOptional,
  maxLengthOf,
  minLengthOf,
  objectShape,
  patternOf,
  type SchemaDef,
  type SchemaNode,
  schemaDef,
  unwrapOptional,
} from './schema/walk.js';
export {
  type IssueCode,
  type IssueSeverity,
  issueCodes,
  type ValidateOptions,
  type ValidationIssue,
  type ValidationResult,
} from './validate/issue.js';
export { validateCase } from './validate/validate-case.js';

export type { AgeBand } from './vocab/age-bands.js';
export { ageBandCodes, ageBands } from './vocab/age-bands.js';
export type { CaseQualification } from './vocab/case-qualifications.js';
export { caseQualificationCodes, caseQualifications } from './vocab/case-qualifications.js';
export type { Channel } from './vocab/channels.js';
export { channelCodes, channels } from './vocab/channels.js';
export type { ConsentMethod } from './vocab/consent-methods.js';
export { consentMethodCodes, consentMethods } from './vocab/consent-methods.js';
export type { ContactMethod } from './vocab/contact-methods.js';
export { contactMethodCodes, contactMethods } from './vocab/contact-methods.js';
export type { GenderIdentity } from './vocab/gender-identities.js';
export { genderIdentities, genderIdentityCodes } from './vocab/gender-identities.js';
export { type VocabularyName, vocabularies } from './vocab/index.js';
export type { KeyPopulation } from './vocab/key-populations.js';
export { keyPopulationCodes, keyPopulations } from './vocab/key-populations.js';
export type { OutcomeResult } from './vocab/outcome-results.js';
export { outcomeResultCodes, outcomeResults } from './vocab/outcome-results.js';
export type { OutcomeStatus } from './vocab/outcome-statuses.js';
export { outcomeStatusCodes, outcomeStatuses } from './vocab/outcome-statuses.js';
export type { PerpetratorType } from './vocab/perpetrator-types.js';
export { perpetratorTypeCodes, perpetratorTypes } from './vocab/perpetrator-types.js';
export type { PlaceKind } from './vocab/place-kinds.js';
export { placeKindCodes, placeKinds } from './vocab/place-kinds.js';
export type { ReferralStatus } from './vocab/referral-statuses.js';
export { referralStatusCodes, referralStatuses } from './vocab/referral-statuses.js';
export type { ReferralTarget } from './vocab/referral-targets.js';
export { referralTargetCodes, referralTargets } from './vocab/referral-targets.js';
export type { ReporterRelation } from './vocab/reporter-relations.js';
export { reporterRelationCodes, reporterRelations } from './vocab/reporter-relations.js';
export type { ResponderRole } from './vocab/responder-roles.js';
export { responderRoleCodes, responderRoles } from './vocab/responder-roles.js';
export type { ResponseType } from './vocab/response-types.js';
export { responseTypeCodes, responseTypes } from './vocab/response-types.js';
export type { Right } from './vocab/rights.js';
export { rightCodes, rights } from './vocab/rights.js';
export type { ViolationType } from './vocab/violation-types.js';
export { violationTypeCodes, violationTypes } from './vocab/violation-types.js';
export type { Vocabulary, VocabularyEntry } from './vocab/vocabulary.js';
