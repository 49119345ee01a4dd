import type { Vocabulary } from './vocabulary.js';

/** Codes of how the person reporting a case relates to the person harmed. */
export const reporterRelationCodes = [
  'self',
  'family_member',
  'partner',
  'friend',
  'social_worker',
  'health_worker',
  'community_worker',
  'other',
] as const;

/** A reporter relation code. */
export type ReporterRelation = (typeof reporterRelationCodes)[number];

/** Reporter relations with descriptions. */
export const reporterRelations: Vocabulary<ReporterRelation> = {
  name: 'reporterRelation',
  codes: reporterRelationCodes,
  entries: {
    self: {
      description: 'The person harmed reports the case themself.',
    },
    family_member: {
      description: 'A parent, child, sibling or other relative of the person harmed.',
    },
    partner: {
      description: 'A spouse or intimate partner of the person harmed.',
    },
    friend: {
      description: 'A friend or acquaintance of the person harmed.',
    },
    social_worker: {
      description: 'A social worker or case manager.',
    },
    health_worker: {
      description: 'A doctor, nurse or other health worker.',
    },
    community_worker: {
      description:
        'An outreach worker, peer consultant or staff member of a community organisation.',
    },
    other: {
      description:
        'A reporter that none of the other codes describes; the case records it in words.',
    },
  },
};
