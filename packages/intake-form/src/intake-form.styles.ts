import { css } from 'lit';

const darkPalette = css`
  --_text: var(--talap-color-text, #ececf1);
  --_muted: var(--talap-color-muted, #c2c2cf);
  --_bg: var(--talap-color-background, #17171c);
  --_surface: var(--talap-color-surface, #24242c);
  --_border: var(--talap-color-border, #9a9aa8);
  --_accent: var(--talap-color-accent, #9cc0ff);
  --_accent-text: var(--talap-color-accent-text, #0b1b3a);
  --_error: var(--talap-color-error, #ff9a90);
  --_success: var(--talap-color-success, #86e09a);
  --_exit: var(--talap-color-exit, #ffb4ab);
  --_exit-text: var(--talap-color-exit-text, #410002);
  --_focus: var(--talap-focus-ring-color, #ffd166);
  color-scheme: dark;
`;

/** The styles of `<talap-intake-form>`: themable through `--talap-*` custom properties and `::part()`. */
export const intakeFormStyles = css`
  :host {
    --_text: var(--talap-color-text, #1d1d21);
    --_muted: var(--talap-color-muted, #4a4a55);
    --_bg: var(--talap-color-background, #ffffff);
    --_surface: var(--talap-color-surface, #f3f3f6);
    --_border: var(--talap-color-border, #6b6b76);
    --_accent: var(--talap-color-accent, #1f4fa8);
    --_accent-text: var(--talap-color-accent-text, #ffffff);
    --_error: var(--talap-color-error, #b3261e);
    --_success: var(--talap-color-success, #1e6b34);
    --_exit: var(--talap-color-exit, #8c1d18);
    --_exit-text: var(--talap-color-exit-text, #ffffff);
    --_focus: var(--talap-focus-ring-color, #1f4fa8);
    --_focus-width: var(--talap-focus-ring-width, 3px);
    --_font: var(--talap-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_size: var(--talap-font-size, 1rem);
    --_radius: var(--talap-radius, 6px);
    --_space: var(--talap-space, 1rem);
    --_max: var(--talap-max-width, 44rem);
    display: block;
    container-type: inline-size;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkPalette}
    }
  }
  :host([theme='dark']) {
    ${darkPalette}
  }
  :host([hidden]) {
    display: none;
  }
  .frame {
    box-sizing: border-box;
    max-width: var(--_max);
    margin-inline: auto;
    padding: var(--_space);
    font-family: var(--_font);
    font-size: var(--_size);
    line-height: 1.5;
    color: var(--_text);
    background: var(--_bg);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .top {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) / 2);
    padding-block: calc(var(--_space) / 2);
    background: var(--_bg);
  }
  .quick-exit-hint {
    margin: 0;
    font-size: 0.875em;
    color: var(--_muted);
    flex: 1 1 12rem;
  }
  button {
    font: inherit;
    min-height: 2.75rem;
    padding: 0.5em 1.1em;
    border-radius: var(--_radius);
    border: 2px solid var(--_accent);
    cursor: pointer;
  }
  .primary {
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  .secondary,
  .link-button {
    background: transparent;
    color: var(--_accent);
  }
  .link-button {
    border-color: transparent;
    text-decoration: underline;
    padding-inline: 0.25em;
  }
  .quick-exit {
    background: var(--_exit);
    border-color: var(--_exit);
    color: var(--_exit-text);
    font-weight: 700;
  }
  :focus-visible {
    outline: var(--_focus-width) solid var(--_focus);
    outline-offset: 2px;
  }
  [tabindex='-1']:focus:not(:focus-visible) {
    outline: none;
  }
  h2,
  h3,
  h4 {
    line-height: 1.25;
    margin-block: var(--_space) calc(var(--_space) / 2);
  }
  h2 {
    font-size: 1.5em;
  }
  h3 {
    font-size: 1.2em;
  }
  .progress {
    margin: calc(var(--_space) / 2) 0 0;
    color: var(--_muted);
    font-weight: 600;
  }
  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    list-style: none;
    margin: 0.25rem 0 0;
    padding: 0;
    font-size: 0.875em;
    color: var(--_muted);
  }
  .steps [aria-current='step'] {
    color: var(--_text);
    font-weight: 700;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  .intro {
    margin-block: 0 var(--_space);
  }
  .field,
  fieldset {
    margin: 0 0 calc(var(--_space) * 1.25);
    padding: 0;
    border: 0;
    min-width: 0;
  }
  fieldset.group,
  fieldset.item {
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  fieldset.item {
    background: var(--_surface);
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25rem;
    padding: 0;
  }
  legend.group-legend {
    font-size: 1.1em;
  }
  .required {
    font-weight: 400;
    color: var(--_muted);
  }
  .help {
    display: block;
    margin: 0 0 0.35rem;
    color: var(--_muted);
    font-size: 0.925em;
  }
  .invalid {
    border-inline-start: 4px solid var(--_error);
    padding-inline-start: calc(var(--_space) * 0.75);
  }
  .message {
    display: block;
    margin: 0 0 0.35rem;
    font-weight: 600;
  }
  .message.error {
    color: var(--_error);
  }
  .message.warning {
    color: var(--_text);
  }
  input:not([type='checkbox']):not([type='radio']),
  select,
  textarea {
    display: block;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.45em 0.6em;
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
  }
  textarea {
    min-height: 8rem;
    resize: vertical;
  }
  [aria-invalid='true']:not([type='checkbox']):not([type='radio']) {
    border-color: var(--_error);
    border-width: 3px;
  }
  .choices {
    display: grid;
    gap: 0.35rem;
  }
  .choice {
    display: flex;
    align-items: flex-start;
    gap: 0.6rem;
  }
  .choice label {
    font-weight: 400;
    margin: 0;
    padding-block: 0.15rem;
  }
  input[type='checkbox'],
  input[type='radio'] {
    flex: none;
    width: 1.5rem;
    height: 1.5rem;
    margin: 0.1rem 0 0;
    accent-color: var(--_accent);
  }
  .date {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .date label {
    font-weight: 400;
  }
  .date input.year {
    width: 6em;
  }
  .date input.day {
    width: 4.5em;
  }
  .date select {
    width: auto;
    min-width: 9em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    margin-top: calc(var(--_space) * 1.5);
  }
  .actions .primary {
    order: 2;
  }
  .actions .secondary {
    order: 1;
  }
  .error-summary {
    margin-block: var(--_space);
    padding: var(--_space);
    border: 4px solid var(--_error);
    border-radius: var(--_radius);
  }
  .error-summary h3 {
    margin-top: 0;
  }
  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  .error-summary a {
    color: var(--_error);
    font-weight: 600;
  }
  .status {
    margin-block: var(--_space);
  }
  .status:empty {
    display: none;
  }
  .status p {
    margin: 0;
    padding: 0.75rem var(--_space);
    border-inline-start: 4px solid var(--_success);
    background: var(--_surface);
  }
  .review dl {
    margin: 0;
  }
  .review dt {
    font-weight: 600;
  }
  .review dd {
    margin: 0 0 0.5rem;
    white-space: pre-wrap;
  }
  .review-section {
    border-top: 1px solid var(--_border);
    padding-top: calc(var(--_space) / 2);
  }
  .review-heading {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @container (min-width: 36rem) {
    .choices.many {
      grid-template-columns: 1fr 1fr;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    button {
      transition:
        background-color 0.15s ease,
        color 0.15s ease;
    }
  }
  @media (forced-colors: active) {
    :focus-visible {
      outline-color: Highlight;
    }
    .invalid {
      border-inline-start-color: CanvasText;
    }
  }
`;
