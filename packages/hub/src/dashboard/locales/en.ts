/** The dashboard's own text in English; vocabulary labels come from @talap/core's catalogs. */
export const strings = {
  title: 'Case statistics',
  intro:
    'Counts of the cases your organisation documented. Enter an analyst or admin key of this hub to see them.',
  key: 'Hub key',
  keyHelp: 'Kept in this page only while it is open; never saved.',
  language: 'Language',
  from: 'From month',
  to: 'To month',
  monthHelp: 'Optional. Both months are included.',
  show: 'Show statistics',
  loading: 'Loading statistics…',
  loaded: 'Statistics loaded: {total} cases.',
  noKey: 'Enter a hub key first.',
  monthOrder: 'The "from" month must not come after the "to" month.',
  unauthorized:
    'The hub did not accept this key. Check that you copied all of it, or ask your hub administrator for a new one.',
  forbidden:
    'This key cannot see statistics. Use a key with the role "analyst" or "admin"; intake and documenter keys cannot.',
  rateLimited: 'Too many requests with this key. Wait {seconds} seconds and try again.',
  unreachable: 'The hub could not be reached. Check your connection and try again.',
  failed: 'The hub answered with an error ({status}): {detail}',
  total: 'Cases counted',
  range: 'Incidents from {from} to {to}',
  rangeFrom: 'Incidents from {from}',
  rangeTo: 'Incidents up to {to}',
  rangeAll: 'All incident dates',
  consentNote:
    'Only cases whose clients consented to be counted in statistics, and did not withdraw it, are counted.',
  suppressionNote:
    'This analyst view hides counts under {threshold}. Countries and months add up to the total, so one more of them may be hidden, so that a small count cannot be worked out by subtraction.',
  exactNote: 'This admin view shows exact counts, small ones included.',
  overlapNote:
    'A case can have several violations, perpetrators and key populations, so those counts can add up to more than the total.',
  byMonth: 'Cases by month of the incident',
  byViolationType: 'Cases by violation type',
  byPerpetrator: 'Cases by perpetrator',
  byKeyPopulation: 'Cases by key population of the client',
  byCountry: 'Cases by country of the incident',
  category: 'Category',
  month: 'Month',
  count: 'Cases',
  table: 'Show as a table',
  empty: 'No cases to count.',
  fewerThan: 'fewer than {threshold}',
  hidden: 'hidden',
  describeBars: '{count} categories. Largest: {label}, {value}.',
  describeBarsHidden: 'All {count} counts are hidden.',
  describeMonths: '{count} months from {first} to {last}. Highest: {label}, {value}.',
  describeMonthsHidden: '{count} months from {first} to {last}; all counts are hidden.',
  hiddenMarker: 'A hollow circle marks a month whose count is hidden.',
} as const;

/** The keys of the dashboard's text. */
export type DashboardStringKey = keyof typeof strings;
