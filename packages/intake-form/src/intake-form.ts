import type { TalapIntakeFormEventMap } from './events.js';
import { TalapIntakeForm } from './intake-form.component.js';

export { TalapIntakeForm };

/** The tag name of the element. */
export const intakeFormTagName = 'talap-intake-form';

if (!customElements.get(intakeFormTagName)) {
  customElements.define(intakeFormTagName, TalapIntakeForm);
}

declare global {
  interface HTMLElementTagNameMap {
    'talap-intake-form': TalapIntakeForm;
  }
  interface GlobalEventHandlersEventMap extends TalapIntakeFormEventMap {}
}
