/**
 * @talap/intake-form/react: `<talap-intake-form>` as a React component. Importing this module
 * registers the tag. Properties (`config`, `draftStore`, ...) are set on the element, not as
 * attributes, and each event has a handler prop: `onTalapSubmit`, `onTalapChange`, ...
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type {
  TalapChangeDetail,
  TalapErrorDetail,
  TalapQueuedDetail,
  TalapSubmitDetail,
  TalapSyncedDetail,
} from './events.js';
import { intakeFormTagName, TalapIntakeForm as TalapIntakeFormElement } from './intake-form.js';

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
  TalapQueuedDetail,
  TalapSubmitDetail,
  TalapSyncedDetail,
} from './events.js';
export { TalapIntakeFormElement };

/** The React component of `<talap-intake-form>`: element properties as props, events as `onTalap…` handlers. */
export const TalapIntakeForm = createComponent({
  tagName: intakeFormTagName,
  elementClass: TalapIntakeFormElement,
  react: React,
  events: {
    onTalapChange: 'talap-change' as EventName<CustomEvent<TalapChangeDetail>>,
    onTalapSubmit: 'talap-submit' as EventName<CustomEvent<TalapSubmitDetail>>,
    onTalapQueued: 'talap-queued' as EventName<CustomEvent<TalapQueuedDetail>>,
    onTalapSynced: 'talap-synced' as EventName<CustomEvent<TalapSyncedDetail>>,
    onTalapError: 'talap-error' as EventName<CustomEvent<TalapErrorDetail>>,
  },
  displayName: 'TalapIntakeForm',
});

/** The props of the React component `TalapIntakeForm`. */
export type TalapIntakeFormProps = React.ComponentProps<typeof TalapIntakeForm>;
