import type { FormSection, ValidationIssue } from '@talap/core';
import { isAnswered } from './form-values.js';
import type { FieldInstance, Instance } from './instances.js';

/** A problem with an answer: where (JSON Pointer), a stable code, and facts for its message. */
export interface FormIssue {
  readonly pointer: string;
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly params?: Readonly<Record<string, string | number>>;
  /** `@talap/core`'s message, used when the form has no plainer one. */
  readonly message?: string;
}

/** An issue with the form element it belongs to. */
export interface PlacedIssue extends FormIssue {
  /** The field, group, list or list item the issue is shown on. */
  readonly target: Instance;
}

/** Where the issues of a validation go. */
export interface IssuePlacement {
  /** Issues by the id of the instance they are shown on, in order. */
  readonly byId: ReadonlyMap<string, readonly PlacedIssue[]>;
  /** Every placed issue, in form order. */
  readonly placed: readonly PlacedIssue[];
  /** Issues about something the form does not show (a preset, a generated value). */
  readonly unplaced: readonly FormIssue[];
}

/** The form's issues from a `validateCase` result. */
export function fromValidation(issues: readonly ValidationIssue[]): FormIssue[] {
  return issues.map((issue) => ({
    pointer: issue.path,
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
    ...(issue.params ? { params: issue.params } : {}),
  }));
}

/** Issues the schema cannot know of: answers the configuration requires (extension fields included). */
export function configurationIssues(instances: readonly Instance[]): FormIssue[] {
  return instances
    .filter(
      (instance): instance is FieldInstance =>
        instance.kind === 'field' &&
        instance.node.shown &&
        instance.node.requiredByConfig &&
        instance.active &&
        !isAnswered(instance.value),
    )
    .map((instance) => ({ pointer: instance.pointer, code: 'required', severity: 'error' }));
}

function isShown(instance: Instance): boolean {
  return instance.kind === 'field' ? instance.node.shown : instance.section !== undefined;
}

/**
 * Puts each issue on the form element its JSON Pointer names: the field itself, else the group,
 * list or item it names, else the nearest shown element above it.
 */
export function placeIssues(
  issues: readonly FormIssue[],
  instances: readonly Instance[],
): IssuePlacement {
  const shown = instances.filter(isShown);
  const byPointer = new Map<string, Instance>();
  for (const instance of shown) {
    // A field wins over a container with the same pointer; the first of each kind wins.
    const existing = byPointer.get(instance.pointer);
    if (!existing || (existing.kind !== 'field' && instance.kind === 'field')) {
      byPointer.set(instance.pointer, instance);
    }
  }
  const order = new Map(shown.map((instance, index) => [instance, index]));
  const placed: PlacedIssue[] = [];
  const unplaced: FormIssue[] = [];
  for (const issue of issues) {
    let target = byPointer.get(issue.pointer);
    if (!target) {
      let pointer = issue.pointer;
      while (!target && pointer.includes('/')) {
        pointer = pointer.slice(0, pointer.lastIndexOf('/'));
        target = byPointer.get(pointer);
      }
    }
    if (target) placed.push({ ...issue, target });
    else unplaced.push(issue);
  }
  placed.sort((a, b) => (order.get(a.target) ?? 0) - (order.get(b.target) ?? 0));
  const byId = new Map<string, PlacedIssue[]>();
  for (const issue of placed) {
    const list = byId.get(issue.target.id) ?? [];
    list.push(issue);
    byId.set(issue.target.id, list);
  }
  return { byId, placed, unplaced };
}

/** The placed issues that belong to one step. */
export function issuesOfSection(
  placement: IssuePlacement,
  section: FormSection,
): readonly PlacedIssue[] {
  return placement.placed.filter((issue) => issue.target.section === section);
}
