import { createHash } from 'node:crypto';
import { newCaseId } from '@talap/core';

/**
 * The case id of an imported submission. With the submission's instance id (ODK's
 * `meta/instanceID`), the id is a UUID version 7 whose time is the submission time and whose
 * other bits come from a SHA-256 of the instance id: importing the same export twice gives the
 * same ids, so a re-import does not duplicate cases. Without one it is a fresh `newCaseId()`.
 */
export function caseIdOf(instanceId: string | undefined, time: number): string {
  if (instanceId === undefined || instanceId === '') return newCaseId(time);
  const bytes = createHash('sha256').update(instanceId, 'utf8').digest().subarray(0, 16);
  let rest = Math.max(0, Math.floor(time));
  for (let index = 5; index >= 0; index--) {
    bytes[index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
