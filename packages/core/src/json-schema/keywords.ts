/** A JSON Schema document as plain data. */
export type JsonSchema = Record<string, unknown>;

/** The `x-` keywords Talap adds to the JSON Schema for field metadata and rules. */
export const talapKeywords = [
  'x-talap-key',
  'x-talap-label',
  'x-talap-sensitivity',
  'x-talap-tier',
  'x-talap-section',
  'x-talap-self-report',
  'x-talap-vocabulary',
  'x-talap-coarsen',
  'x-talap-rule',
  'x-talap-rule-path',
] as const;
