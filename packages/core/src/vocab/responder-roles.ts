import type { Vocabulary } from './vocabulary.js';

/** Codes of the role of the person who carried out a response. */
export const responderRoleCodes = [
  'documenter',
  'paralegal',
  'lawyer',
  'psychologist',
  'social_worker',
  'organisation_staff',
  'other',
] as const;

/** A responder role code. */
export type ResponderRole = (typeof responderRoleCodes)[number];

/** Responder roles with descriptions. */
export const responderRoles: Vocabulary<ResponderRole> = {
  name: 'responderRole',
  codes: responderRoleCodes,
  entries: {
    documenter: {
      description: 'A trained community documenter (REActor) who records cases and responds.',
    },
    paralegal: {
      description: 'A community paralegal.',
    },
    lawyer: {
      description: 'A lawyer or advocate.',
    },
    psychologist: {
      description: 'A psychologist or counsellor.',
    },
    social_worker: {
      description: 'A social worker or case manager.',
    },
    organisation_staff: {
      description: 'Another staff member or volunteer of the organisation.',
    },
    other: {
      description: 'A role that none of the other codes describes; the case records it in words.',
    },
  },
};
