import type { Vocabulary } from './vocabulary.js';

/** Codes of the channel through which a case reached the organisation. */
export const channelCodes = ['self_report', 'documenter', 'hotline', 'import'] as const;

/** A channel code. */
export type Channel = (typeof channelCodes)[number];

/** Channels with descriptions. */
export const channels: Vocabulary<Channel> = {
  name: 'channel',
  codes: channelCodes,
  entries: {
    self_report: {
      description: 'The client or reporter filled in a self-report form on a website or app.',
    },
    documenter: {
      description: 'A documenter recorded the case while meeting or talking with the client.',
    },
    hotline: {
      description: 'The case came in through a telephone or online hotline.',
    },
    import: {
      description: 'The case was imported from another database, spreadsheet or system.',
    },
  },
};
