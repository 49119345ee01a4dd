import type { Vocabulary } from './vocabulary.js';

/** Codes of who or what is responsible for a violation. */
export const perpetratorTypeCodes = [
  'health_worker',
  'police',
  'prison_staff',
  'other_official',
  'law_or_regulation',
  'family_member',
  'intimate_partner',
  'employer_or_colleague',
  'sex_work_client',
  'teacher_or_school_staff',
  'landlord',
  'neighbour',
  'social_services_worker',
  'religious_leader',
  'online_account',
  'unknown_person',
  'other',
] as const;

/** A perpetrator type code. */
export type PerpetratorType = (typeof perpetratorTypeCodes)[number];

/** Perpetrator types with descriptions and crosswalks to HURIDOCS and GBVIMS. */
export const perpetratorTypes: Vocabulary<PerpetratorType> = {
  name: 'perpetratorType',
  codes: perpetratorTypeCodes,
  entries: {
    health_worker: {
      description:
        'A doctor, nurse, dentist, laboratory worker or other staff of a health facility or pharmacy.',
      huridocs: 'Medical personnel',
      gbvims: 'Service provider',
    },
    police: {
      description:
        'A police officer or other law-enforcement officer, alone or as part of a patrol.',
      huridocs: 'Police',
    },
    prison_staff: {
      description: 'Staff of a prison, penal colony or pre-trial or temporary detention facility.',
      huridocs: 'Prison personnel',
    },
    other_official: {
      description:
        'A public official other than police or prison staff, such as a migration officer, prosecutor, judge or local authority.',
      huridocs: 'Government official',
    },
    law_or_regulation: {
      description:
        'A law, regulation, institutional rule or policy that itself causes the violation, with no individual perpetrator.',
    },
    family_member: {
      description:
        'A parent, sibling, child, in-law or other relative other than an intimate partner.',
      gbvims: 'Family other than spouse or caregiver',
    },
    intimate_partner: {
      description: 'A current or former spouse or intimate partner.',
      gbvims: 'Intimate partner / Former partner',
    },
    employer_or_colleague: {
      description: 'An employer, manager or co-worker.',
      gbvims: 'Supervisor/Employer',
    },
    sex_work_client: {
      description: 'A person who buys or negotiates sexual services from a sex worker.',
    },
    teacher_or_school_staff: {
      description:
        'A teacher, lecturer or other staff of a kindergarten, school, college or university.',
      gbvims: 'Teacher/School official',
    },
    landlord: {
      description: 'A person who rents out or manages the client’s housing.',
    },
    neighbour: {
      description: 'A neighbour or other member of the local community known to the client.',
      gbvims: 'Family friend/Neighbor',
    },
    social_services_worker: {
      description: 'Staff of a social services, child protection or welfare office.',
      gbvims: 'Service provider',
    },
    religious_leader: {
      description:
        'A priest, imam or other religious leader or representative of a religious community.',
    },
    online_account: {
      description:
        'An anonymous or pseudonymous account, channel or group online whose owner is not known.',
    },
    unknown_person: {
      description: 'A person the client does not know and cannot identify.',
      gbvims: 'No relation',
    },
    other: {
      description:
        'A perpetrator that none of the other codes describes; the case records it in words.',
      gbvims: 'Other',
    },
  },
};
