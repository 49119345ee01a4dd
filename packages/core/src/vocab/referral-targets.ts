import type { Vocabulary } from './vocabulary.js';

/** Codes of the services or specialists a client can be referred to. */
export const referralTargetCodes = [
  'lawyer',
  'doctor',
  'psychologist',
  'shelter',
  'ombudsman',
  'prosecutor',
  'police',
  'aids_centre',
  'harm_reduction_service',
  'social_services',
  'community_organisation',
  'human_rights_organisation',
  'other',
] as const;

/** A referral target code. */
export type ReferralTarget = (typeof referralTargetCodes)[number];

/** Referral targets with descriptions and crosswalks to GBVIMS referral services. */
export const referralTargets: Vocabulary<ReferralTarget> = {
  name: 'referralTarget',
  codes: referralTargetCodes,
  entries: {
    lawyer: {
      description: 'A lawyer, advocate or legal aid service.',
      gbvims: 'Legal Assistance Services',
    },
    doctor: {
      description: 'A doctor or other health service.',
      gbvims: 'Health/Medical Services',
    },
    psychologist: {
      description: 'A psychologist or other mental health or psychosocial service.',
      gbvims: 'Psychosocial Services',
    },
    shelter: {
      description: 'A shelter, crisis centre or safe accommodation.',
      gbvims: 'Safe House/Shelter',
    },
    ombudsman: {
      description:
        'The national ombudsperson or human rights institution, or its regional representative.',
    },
    prosecutor: {
      description: 'The prosecutor’s office.',
    },
    police: {
      description: 'The police, to report a crime or request protection.',
      gbvims: 'Police/Other Security Actor',
    },
    aids_centre: {
      description: 'An AIDS centre or HIV clinic.',
      gbvims: 'Health/Medical Services',
    },
    harm_reduction_service: {
      description:
        'A needle and syringe programme, opioid substitution therapy site or other harm reduction service.',
      gbvims: 'Health/Medical Services',
    },
    social_services: {
      description: 'A state or municipal social services or child protection office.',
    },
    community_organisation: {
      description:
        'A community-led organisation of people living with HIV, sex workers, people who use drugs or LGBTIQ+ people.',
    },
    human_rights_organisation: {
      description: 'A human rights or legal aid NGO.',
    },
    other: {
      description:
        'A service that none of the other codes describes; the case records it in words.',
    },
  },
};
