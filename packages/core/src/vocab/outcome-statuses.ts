import type { Vocabulary } from './vocabulary.js';

/** Codes of where a case stands. */
export const outcomeStatusCodes = [
  'resolved',
  'partly_resolved',
  'pending',
  'not_resolved',
  'client_declined_further_action',
] as const;

/** An outcome status code. */
export type OutcomeStatus = (typeof outcomeStatusCodes)[number];

/** Outcome statuses with descriptions. */
export const outcomeStatuses: Vocabulary<OutcomeStatus> = {
  name: 'outcomeStatus',
  codes: outcomeStatusCodes,
  entries: {
    resolved: {
      description: 'The problem was solved, formally or informally, to the client’s satisfaction.',
    },
    partly_resolved: {
      description: 'Part of the problem was solved.',
    },
    pending: {
      description: 'Actions are still under way and the result is not yet known.',
    },
    not_resolved: {
      description: 'The actions taken did not solve the problem.',
    },
    client_declined_further_action: {
      description: 'The client chose not to pursue the case further.',
    },
  },
};
