import { ageBands } from './age-bands.js';
import { caseQualifications } from './case-qualifications.js';
import { channels } from './channels.js';
import { consentMethods } from './consent-methods.js';
import { contactMethods } from './contact-methods.js';
import { genderIdentities } from './gender-identities.js';
import { keyPopulations } from './key-populations.js';
import { outcomeResults } from './outcome-results.js';
import { outcomeStatuses } from './outcome-statuses.js';
import { perpetratorTypes } from './perpetrator-types.js';
import { placeKinds } from './place-kinds.js';
import { referralStatuses } from './referral-statuses.js';
import { referralTargets } from './referral-targets.js';
import { reporterRelations } from './reporter-relations.js';
import { responderRoles } from './responder-roles.js';
import { responseTypes } from './response-types.js';
import { rights } from './rights.js';
import { violationTypes } from './violation-types.js';

export type { AgeBand } from './age-bands.js';
export { ageBandCodes, ageBands } from './age-bands.js';
export type { CaseQualification } from './case-qualifications.js';
export { caseQualificationCodes, caseQualifications } from './case-qualifications.js';
export type { Channel } from './channels.js';
export { channelCodes, channels } from './channels.js';
export type { ConsentMethod } from './consent-methods.js';
export { consentMethodCodes, consentMethods } from './consent-methods.js';
export type { ContactMethod } from './contact-methods.js';
export { contactMethodCodes, contactMethods } from './contact-methods.js';
export type { GenderIdentity } from './gender-identities.js';
export { genderIdentities, genderIdentityCodes } from './gender-identities.js';
export type { KeyPopulation } from './key-populations.js';
export { keyPopulationCodes, keyPopulations } from './key-populations.js';
export type { OutcomeResult } from './outcome-results.js';
export { outcomeResultCodes, outcomeResults } from './outcome-results.js';
export type { OutcomeStatus } from './outcome-statuses.js';
export { outcomeStatusCodes, outcomeStatuses } from './outcome-statuses.js';
export type { PerpetratorType } from './perpetrator-types.js';
export { perpetratorTypeCodes, perpetratorTypes } from './perpetrator-types.js';
export type { PlaceKind } from './place-kinds.js';
export { placeKindCodes, placeKinds } from './place-kinds.js';
export type { ReferralStatus } from './referral-statuses.js';
export { referralStatusCodes, referralStatuses } from './referral-statuses.js';
export type { ReferralTarget } from './referral-targets.js';
export { referralTargetCodes, referralTargets } from './referral-targets.js';
export type { ReporterRelation } from './reporter-relations.js';
export { reporterRelationCodes, reporterRelations } from './reporter-relations.js';
export type { ResponderRole } from './responder-roles.js';
export { responderRoleCodes, responderRoles } from './responder-roles.js';
export type { ResponseType } from './response-types.js';
export { responseTypeCodes, responseTypes } from './response-types.js';
export type { Right } from './rights.js';
export { rightCodes, rights } from './rights.js';
export type { ViolationType } from './violation-types.js';
export { violationTypeCodes, violationTypes } from './violation-types.js';
export type { Vocabulary, VocabularyEntry } from './vocabulary.js';

/** Every vocabulary by name. */
export const vocabularies = {
  violationType: violationTypes,
  right: rights,
  perpetratorType: perpetratorTypes,
  placeKind: placeKinds,
  keyPopulation: keyPopulations,
  genderIdentity: genderIdentities,
  responseType: responseTypes,
  referralTarget: referralTargets,
  referralStatus: referralStatuses,
  outcomeStatus: outcomeStatuses,
  outcomeResult: outcomeResults,
  consentMethod: consentMethods,
  channel: channels,
  ageBand: ageBands,
  caseQualification: caseQualifications,
  reporterRelation: reporterRelations,
  contactMethod: contactMethods,
  responderRole: responderRoles,
} as const;

/** The name of a vocabulary. */
export type VocabularyName = keyof typeof vocabularies;
