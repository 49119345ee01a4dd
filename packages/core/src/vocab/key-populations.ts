import type { Vocabulary } from './vocabulary.js';

/** Codes of the key population groups a client may identify with; an empty set means none declared. */
export const keyPopulationCodes = [
  'people_living_with_hiv',
  'sex_workers',
  'people_who_use_drugs',
  'people_who_inject_drugs',
  'people_on_ost',
  'gay_bisexual_msm',
  'transgender_people',
  'non_binary_people',
  'lesbian_bisexual_women',
  'intersex_people',
  'migrants',
  'people_in_prison',
  'people_released_from_prison',
  'people_with_tb',
  'people_with_viral_hepatitis',
  'other',
] as const;

/** A key population code. */
export type KeyPopulation = (typeof keyPopulationCodes)[number];

/** Key populations with descriptions. */
export const keyPopulations: Vocabulary<KeyPopulation> = {
  name: 'keyPopulation',
  codes: keyPopulationCodes,
  entries: {
    people_living_with_hiv: {
      description: 'People living with HIV, whether or not on treatment.',
    },
    sex_workers: {
      description: 'Adults who sell or exchange sexual services, whatever the setting.',
    },
    people_who_use_drugs: {
      description: 'People who use psychoactive drugs in any way.',
    },
    people_who_inject_drugs: {
      description: 'People who inject drugs, a subgroup of people who use drugs.',
    },
    people_on_ost: {
      description:
        'People receiving opioid substitution therapy, such as methadone or buprenorphine.',
    },
    gay_bisexual_msm: {
      description: 'Gay, bisexual and other men who have sex with men.',
    },
    transgender_people: {
      description: 'People whose gender identity differs from the sex assigned at birth.',
    },
    non_binary_people: {
      description: 'People whose gender identity is neither exclusively woman nor exclusively man.',
    },
    lesbian_bisexual_women: {
      description: 'Lesbian, bisexual and other women who have sex with women.',
    },
    intersex_people: {
      description:
        'People born with sex characteristics that do not fit typical definitions of female or male bodies.',
    },
    migrants: {
      description:
        'Labour migrants, refugees, asylum seekers and other people living outside their country of citizenship.',
    },
    people_in_prison: {
      description: 'People currently in prison, a penal colony or other closed setting.',
    },
    people_released_from_prison: {
      description: 'People who have been released from prison or another closed setting.',
    },
    people_with_tb: {
      description: 'People who have or are being treated for tuberculosis.',
    },
    people_with_viral_hepatitis: {
      description: 'People living with viral hepatitis B or C.',
    },
    other: {
      description: 'A group that none of the other codes names; the case records it in words.',
    },
  },
};
