/**
 * @talap/intake-form/component: the `<talap-intake-form>` class without registering a tag, for
 * apps that register it under their own name or in a scoped registry.
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
export { TalapIntakeForm } from './intake-form.component.js';
export type { Draft, DraftStore } from './storage/draft-store.js';
