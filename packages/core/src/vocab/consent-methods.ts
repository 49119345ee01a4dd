import type { Vocabulary } from './vocabulary.js';

/** Codes of how a client gave consent to the record. */
export const consentMethodCodes = [
  'written_signature',
  'verbal_recorded_by_documenter',
  'online_checkbox',
  'via_guardian',
  'other',
] as const;

/** A consent method code. */
export type ConsentMethod = (typeof consentMethodCodes)[number];

/** Consent methods with descriptions. */
export const consentMethods: Vocabulary<ConsentMethod> = {
  name: 'consentMethod',
  codes: consentMethodCodes,
  entries: {
    written_signature: {
      description: 'The client signed a written consent form.',
    },
    verbal_recorded_by_documenter: {
      description: 'The client consented orally and the documenter recorded it.',
    },
    online_checkbox: {
      description: 'The client ticked a consent box in an online form.',
    },
    via_guardian: {
      description:
        'A parent or legal guardian consented on behalf of a child or a person who cannot consent.',
    },
    other: {
      description:
        'A consent method that none of the other codes describes; the case records it in words.',
    },
  },
};
