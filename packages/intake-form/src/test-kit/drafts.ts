import { caseSchema, newCaseId } from '@talap/core';
import type { IntakeFormConfig, IntakeFormMode } from '../config.js';
import { buildFormModel } from '../model/form-model.js';
import { type FormValues, initialValues } from '../model/form-values.js';
import type { Draft, DraftStore } from '../storage/draft-store.js';
import { answerFields } from './answers.js';

/** A draft store in memory, for tests that open the form on a given step with given answers. */
export function memoryDraftStore(initial: Record<string, Draft> = {}): DraftStore & {
  readonly drafts: Map<string, Draft>;
} {
  const drafts = new Map(Object.entries(initial));
  return {
    drafts,
    load: async (key) => drafts.get(key),
    save: async (key, draft) => {
      drafts.set(key, draft);
    },
    clear: async (key) => {
      drafts.delete(key);
    },
  };
}

/** A draft of `mode` on step `step`: empty answers, or every required answer when `complete`. */
export function draftAt(
  mode: IntakeFormMode,
  step: number,
  complete: boolean,
  config: IntakeFormConfig = {},
): Draft {
  const model = buildFormModel(caseSchema, mode, config);
  const empty = initialValues(model.root, config.values);
  const values: FormValues = complete ? answerFields(model, false, empty) : empty;
  return {
    mode,
    values,
    step,
    caseId: newCaseId(),
    createdAt: '2024-09-14T20:01:00.000Z',
    savedAt: '2024-09-14T20:02:00.000Z',
  };
}

/** The number of steps of a mode, review not counted. */
export function stepCount(mode: IntakeFormMode, config: IntakeFormConfig = {}): number {
  return buildFormModel(caseSchema, mode, config).steps.length;
}
