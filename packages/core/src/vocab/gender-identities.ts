import type { Vocabulary } from './vocabulary.js';

/** Codes of a client’s self-described gender identity; `self_described` takes the place of `other`. */
export const genderIdentityCodes = [
  'woman',
  'man',
  'transgender_woman',
  'transgender_man',
  'non_binary',
  'self_described',
  'prefer_not_to_say',
] as const;

/** A gender identity code. */
export type GenderIdentity = (typeof genderIdentityCodes)[number];

/** Gender identities with descriptions. */
export const genderIdentities: Vocabulary<GenderIdentity> = {
  name: 'genderIdentity',
  codes: genderIdentityCodes,
  entries: {
    woman: {
      description: 'The person describes themself as a woman.',
    },
    man: {
      description: 'The person describes themself as a man.',
    },
    transgender_woman: {
      description: 'The person describes themself as a transgender woman.',
    },
    transgender_man: {
      description: 'The person describes themself as a transgender man.',
    },
    non_binary: {
      description:
        'The person describes themself as non-binary, neither exclusively a woman nor exclusively a man.',
    },
    self_described: {
      description: 'The person describes their gender in their own words, recorded in the case.',
    },
    prefer_not_to_say: {
      description: 'The person chose not to state a gender identity.',
    },
  },
};
