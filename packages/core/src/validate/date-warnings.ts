import { isRecord } from '../schema/rule.js';
import type { RawIssue } from './issue.js';

/** Whether partial date `a` is certainly before partial date `b`, compared at the precision both share. */
export function isBeforePartialDate(a: string, b: string): boolean {
  const length = Math.min(a.length, b.length);
  return a.slice(0, length) < b.slice(0, length);
}

/**
 * Rules JSON Schema cannot express (comparing two dates): reported as warnings, which do not make a
 * record invalid. Runs on a record that already passed validation.
 */
export function dateWarnings(record: unknown): RawIssue[] {
  const warnings: RawIssue[] = [];
  if (!isRecord(record) || !isRecord(record.incident)) return warnings;
  const incidentDate = record.incident.date;
  if (typeof incidentDate !== 'string') return warnings;
  if (
    isRecord(record.outcome) &&
    typeof record.outcome.date === 'string' &&
    isBeforePartialDate(record.outcome.date, incidentDate)
  ) {
    warnings.push({ path: ['outcome', 'date'], code: 'outcome_before_incident' });
  }
  if (Array.isArray(record.responses)) {
    record.responses.forEach((response, index) => {
      if (
        isRecord(response) &&
        typeof response.date === 'string' &&
        isBeforePartialDate(response.date, incidentDate)
      ) {
        warnings.push({ path: ['responses', index, 'date'], code: 'response_before_incident' });
      }
    });
  }
  return warnings;
}
