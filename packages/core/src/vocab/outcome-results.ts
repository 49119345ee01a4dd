import type { Vocabulary } from './vocabulary.js';

/** Codes of the concrete results a case achieved. */
export const outcomeResultCodes = [
  'service_restored',
  'apology_received',
  'compensation_paid',
  'disciplinary_action',
  'policy_changed',
  'perpetrator_prosecuted',
  'release_from_detention',
  'documents_returned',
  'court_decision_in_favour',
  'other',
] as const;

/** An outcome result code. */
export type OutcomeResult = (typeof outcomeResultCodes)[number];

/** Outcome results with descriptions. */
export const outcomeResults: Vocabulary<OutcomeResult> = {
  name: 'outcomeResult',
  codes: outcomeResultCodes,
  entries: {
    service_restored: {
      description:
        'The refused or interrupted service, treatment, enrolment or job was provided or restored.',
    },
    apology_received: {
      description: 'The perpetrator or institution apologised to the client.',
    },
    compensation_paid: {
      description: 'Money was paid or returned to the client as compensation or refund.',
    },
    disciplinary_action: {
      description: 'The perpetrator received a reprimand, dismissal or other disciplinary measure.',
    },
    policy_changed: {
      description: 'A rule, order, policy or practice was changed or withdrawn.',
    },
    perpetrator_prosecuted: {
      description: 'The perpetrator was charged or held criminally or administratively liable.',
    },
    release_from_detention: {
      description: 'The client was released from detention.',
    },
    documents_returned: {
      description: 'Confiscated or withheld documents were returned.',
    },
    court_decision_in_favour: {
      description: 'A court decided in the client’s favour.',
    },
    other: {
      description: 'A result that none of the other codes describes; the case records it in words.',
    },
  },
};
