import type { Vocabulary } from './vocabulary.js';

/** Codes of the age bands a client’s age falls into. */
export const ageBandCodes = [
  'age_0_14',
  'age_15_17',
  'age_18_24',
  'age_25_34',
  'age_35_49',
  'age_50_plus',
  'unknown',
] as const;

/** An age band code. */
export type AgeBand = (typeof ageBandCodes)[number];

/** Age bands with descriptions. */
export const ageBands: Vocabulary<AgeBand> = {
  name: 'ageBand',
  codes: ageBandCodes,
  entries: {
    age_0_14: {
      description: 'A child aged 14 or younger.',
    },
    age_15_17: {
      description: 'An adolescent aged 15 to 17.',
    },
    age_18_24: {
      description: 'A young adult aged 18 to 24.',
    },
    age_25_34: {
      description: 'An adult aged 25 to 34.',
    },
    age_35_49: {
      description: 'An adult aged 35 to 49.',
    },
    age_50_plus: {
      description: 'An adult aged 50 or older.',
    },
    unknown: {
      description: 'The age is not known or was not given.',
    },
  },
};
