import { type Case, newCaseId } from '@talap/core';
import { dentalRefusalCase } from '../../../core/src/test-kit/sample-cases.js';

/** A valid documenter case with a fresh id and no revision, as a device saves it before its first sync. */
export function newCase(): Case {
  const record = structuredClone(dentalRefusalCase()) as Case & { revision?: number };
  delete record.revision;
  record.id = newCaseId();
  return record;
}
