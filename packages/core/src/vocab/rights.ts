import type { Vocabulary } from './vocabulary.js';

/** Codes of the human rights a violation can affect. */
export const rightCodes = [
  'right_to_health',
  'non_discrimination',
  'privacy',
  'liberty_and_security',
  'freedom_from_torture_and_ill_treatment',
  'life',
  'work',
  'education',
  'housing',
  'social_security',
  'fair_trial_and_legal_aid',
  'freedom_of_expression',
  'freedom_of_assembly_and_association',
  'freedom_of_movement',
  'family_life',
  'property',
  'other',
] as const;

/** A right code. */
export type Right = (typeof rightCodes)[number];

/** Rights with descriptions and crosswalks to the HURIDOCS rights typology. */
export const rights: Vocabulary<Right> = {
  name: 'right',
  codes: rightCodes,
  entries: {
    right_to_health: {
      description:
        'The right to the highest attainable standard of physical and mental health, including HIV, TB, drug-dependence and sexual health services.',
      huridocs: 'Right to health',
    },
    non_discrimination: {
      description:
        'The right to equal treatment without discrimination on grounds such as health status, sex, sexual orientation or gender identity.',
      huridocs: 'Right to equality and non-discrimination',
    },
    privacy: {
      description:
        'The right to private life, including confidentiality of health information and protection of personal data.',
      huridocs: 'Right to privacy',
    },
    liberty_and_security: {
      description: 'The right not to be arbitrarily arrested or detained and to personal security.',
      huridocs: 'Right to liberty and security of person',
    },
    freedom_from_torture_and_ill_treatment: {
      description:
        'The right not to be subjected to torture or to cruel, inhuman or degrading treatment.',
      huridocs: 'Freedom from torture and cruel, inhuman or degrading treatment',
    },
    life: {
      description: 'The right to life, engaged when a violation leads to or risks death.',
      huridocs: 'Right to life',
    },
    work: {
      description: 'The right to work and to just and favourable conditions of work.',
      huridocs: 'Right to work',
    },
    education: {
      description: 'The right to education at every level, from kindergarten to university.',
      huridocs: 'Right to education',
    },
    housing: {
      description: 'The right to adequate housing and protection from forced eviction.',
      huridocs: 'Right to adequate housing',
    },
    social_security: {
      description:
        'The right to social security and social protection, including benefits and pensions.',
      huridocs: 'Right to social security',
    },
    fair_trial_and_legal_aid: {
      description: 'The right to a fair hearing, to legal assistance and to an effective remedy.',
      huridocs: 'Right to a fair trial',
    },
    freedom_of_expression: {
      description: 'The right to hold and express opinions and to seek and share information.',
      huridocs: 'Freedom of opinion and expression',
    },
    freedom_of_assembly_and_association: {
      description:
        'The right to peaceful assembly and to form and join associations, including community organisations.',
      huridocs: 'Freedom of assembly and association',
    },
    freedom_of_movement: {
      description:
        'The right to move freely, to choose a residence, and to leave and enter a country.',
      huridocs: 'Freedom of movement and residence',
    },
    family_life: {
      description:
        'The right to family life, including to marry, to have and raise children and to parental rights.',
      huridocs: 'Right to protection of the family',
    },
    property: {
      description: 'The right to own property and not to be arbitrarily deprived of it.',
      huridocs: 'Right to property',
    },
    other: {
      description: 'A right that none of the other codes names; the case records it in words.',
    },
  },
};
