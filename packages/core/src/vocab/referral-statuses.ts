import type { Vocabulary } from './vocabulary.js';

/** Codes of how far a referral has got. */
export const referralStatusCodes = [
  'planned',
  'made',
  'accepted',
  'completed',
  'refused_by_service',
  'client_declined',
] as const;

/** A referral status code. */
export type ReferralStatus = (typeof referralStatusCodes)[number];

/** Referral statuses with descriptions. */
export const referralStatuses: Vocabulary<ReferralStatus> = {
  name: 'referralStatus',
  codes: referralStatusCodes,
  entries: {
    planned: {
      description: 'The referral is agreed with the client but not yet made.',
    },
    made: {
      description: 'The client has been referred and the service contacted or informed.',
    },
    accepted: {
      description: 'The service has agreed to help the client.',
    },
    completed: {
      description: 'The service has provided its help.',
    },
    refused_by_service: {
      description: 'The service refused to help the client.',
    },
    client_declined: {
      description: 'The client decided not to use the referral.',
    },
  },
};
