import type { Vocabulary } from './vocabulary.js';

/** Codes of how the organisation qualifies a case after review. */
export const caseQualificationCodes = [
  'rights_violation',
  'legal_advice_only',
  'not_a_violation',
  'pending_review',
] as const;

/** A case qualification code. */
export type CaseQualification = (typeof caseQualificationCodes)[number];

/** Case qualifications with descriptions. */
export const caseQualifications: Vocabulary<CaseQualification> = {
  name: 'caseQualification',
  codes: caseQualificationCodes,
  entries: {
    rights_violation: {
      description: 'The case documents at least one human rights violation.',
    },
    legal_advice_only: {
      description: 'The client needed legal information or advice, but no violation was reported.',
    },
    not_a_violation: {
      description: 'After review, the events do not amount to a human rights violation.',
    },
    pending_review: {
      description: 'The case has not yet been reviewed and qualified.',
    },
  },
};
