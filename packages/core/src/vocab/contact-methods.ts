import type { Vocabulary } from './vocabulary.js';

/** Codes of the ways a client agrees to be contacted. */
export const contactMethodCodes = [
  'phone_call',
  'sms',
  'messenger',
  'email',
  'in_person',
  'other',
] as const;

/** A contact method code. */
export type ContactMethod = (typeof contactMethodCodes)[number];

/** Contact methods with descriptions. */
export const contactMethods: Vocabulary<ContactMethod> = {
  name: 'contactMethod',
  codes: contactMethodCodes,
  entries: {
    phone_call: {
      description: 'A telephone call.',
    },
    sms: {
      description: 'A text message (SMS).',
    },
    messenger: {
      description: 'A messaging app such as Telegram, WhatsApp or Signal.',
    },
    email: {
      description: 'Email.',
    },
    in_person: {
      description: 'A face-to-face meeting.',
    },
    other: {
      description:
        'A contact method that none of the other codes describes; the case records it in words.',
    },
  },
};
