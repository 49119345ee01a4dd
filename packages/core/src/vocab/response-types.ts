import type { Vocabulary } from './vocabulary.js';

/** Codes of the actions an organisation takes in response to a case. */
export const responseTypeCodes = [
  'counselling',
  'legal_consultation',
  'written_complaint',
  'referral',
  'mediation',
  'accompaniment',
  'court_representation',
  'information_or_documentation',
  'peer_support',
  'media_or_advocacy',
  'no_action_client_declined',
  'other',
] as const;

/** A response type code. */
export type ResponseType = (typeof responseTypeCodes)[number];

/** Response types with descriptions. */
export const responseTypes: Vocabulary<ResponseType> = {
  name: 'responseType',
  codes: responseTypeCodes,
  entries: {
    counselling: {
      description:
        'Emotional support or advice given to the client by the documenter or a counsellor.',
    },
    legal_consultation: {
      description: 'Advice on the client’s rights and legal options.',
    },
    written_complaint: {
      description:
        'A complaint, statement or request drafted or filed with an authority, institution or service.',
    },
    referral: {
      description:
        'The client referred to another service or specialist; the referral records the target and status.',
    },
    mediation: {
      description:
        'Negotiation between the client and the other side, such as a clinic, school, employer or family.',
    },
    accompaniment: {
      description: 'Going with the client to a clinic, police station, court or office.',
    },
    court_representation: {
      description: 'Representing the client in court or in an administrative hearing.',
    },
    information_or_documentation: {
      description:
        'Information on rights and services given, or evidence and documents gathered for the case.',
    },
    peer_support: {
      description: 'Support from a peer consultant or member of the client’s community.',
    },
    media_or_advocacy: {
      description: 'Using the case, with consent, in media work, advocacy or strategic litigation.',
    },
    no_action_client_declined: {
      description: 'No action was taken because the client did not want one.',
    },
    other: {
      description:
        'An action that none of the other codes describes; the case records it in words.',
    },
  },
};
