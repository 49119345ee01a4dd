/**
 * @talap/intake-form: the `<talap-intake-form>` web component. Importing this module registers
 * the tag; `@talap/intake-form/component` has the class alone.
 */

export type {
  ExtensionFieldConfig,
  IntakeFormConfig,
  IntakeFormMode,
  LocalisedText,
} from './config.js';
export type {
  TalapChangeDetail,
  TalapErrorDetail,
  TalapErrorKind,
  TalapIntakeFormEventMap,
  TalapQueuedDetail,
  TalapSubmitDetail,
  TalapSyncedDetail,
} from './events.js';
export { intakeFormTagName, TalapIntakeForm } from './intake-form.js';
export { buildFormModel, type FormModel } from './model/form-model.js';
export { type Draft, type DraftStore, indexedDbDraftStore } from './storage/draft-store.js';
