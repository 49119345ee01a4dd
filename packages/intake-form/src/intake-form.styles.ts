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
    --_gap: calc(var(--_space) * 1.5);
    --_max: var(--talap-max-width, 44rem);
    --_line: color-mix(in srgb, var(--_border) 35%, var(--_bg));
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
    padding: 0 var(--_space) var(--_space);
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
    align-items: center;
    gap: 0.75rem;
    padding-block: 0.625rem;
    margin-bottom: var(--_space);
    background: var(--_bg);
    border-bottom: 1px solid var(--_line);
  }
  .quick-exit-hint {
    flex: 1 1 0;
    min-width: 0;
    margin: 0;
    font-size: 0.8125em;
    line-height: 1.35;
    color: var(--_muted);
  }
  button {
    font: inherit;
    font-weight: 600;
    min-height: 2.75rem;
    padding: 0.5em 1.25em;
    border-radius: var(--_radius);
    border: 2px solid var(--_accent);
    cursor: pointer;
  }
  .primary {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .secondary,
  .link-button {
    background: transparent;
    color: var(--_accent);
  }
  .link-button,
  .remove {
    border-color: transparent;
    text-decoration: underline;
    text-underline-offset: 0.2em;
    padding-inline: 0.25em;
  }
  .quick-exit {
    flex: none;
    background: var(--_exit);
    border-color: var(--_exit);
    color: var(--_exit-text);
    font-weight: 700;
  }
  .body {
    margin: 0;
  }
  .body:disabled {
    opacity: 0.6;
  }
  .body:not(:disabled) button:disabled {
    opacity: 0.6;
  }
  :disabled {
    cursor: not-allowed;
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
    margin-block: calc(var(--_space) * 1.25) var(--_space);
  }
  h3 {
    font-size: 1.2em;
  }
  h4 {
    font-size: 1em;
    color: var(--_muted);
  }
  .progress {
    margin: 0 0 0.5rem;
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_muted);
  }
  .steps {
    display: flex;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .steps li {
    flex: 1;
    height: 0.375rem;
    border-radius: 1rem;
    background: var(--_line);
  }
  .steps .done,
  .steps [aria-current='step'] {
    background: var(--_accent);
  }
  .intro {
    margin-block: 0 var(--_gap);
  }
  .field,
  fieldset {
    margin: 0 0 var(--_gap);
    padding: 0;
    border: 0;
    min-width: 0;
  }
  fieldset.group,
  fieldset.item {
    padding: var(--_space);
    border: 1px solid var(--_line);
    border-radius: calc(var(--_radius) * 1.5);
  }
  fieldset.item {
    background: var(--_surface);
    border-color: transparent;
  }
  fieldset.item fieldset.item {
    padding: 0 0 0 0.875rem;
    background: none;
    border: 0;
    border-inline-start: 3px solid var(--_line);
    border-radius: 0;
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25rem;
    padding: 0;
  }
  legend.group-legend {
    float: left;
    width: 100%;
    margin-bottom: 0.75rem;
    font-size: 1.125em;
  }
  .group-legend + * {
    clear: both;
  }
  fieldset.group fieldset.group {
    padding: 0;
    border: 0;
  }
  :is(.group, .item) :is(.group, .item) > .group-legend {
    font-size: 1em;
  }
  :is(.field, fieldset, .list):last-child {
    margin-bottom: 0;
  }
  .required {
    font-weight: 400;
    color: var(--_muted);
  }
  .help {
    display: block;
    margin: 0 0 0.5rem;
    color: var(--_muted);
    font-size: 0.875em;
    line-height: 1.45;
  }
  .invalid {
    border-inline-start: 4px solid var(--_error);
    padding-inline-start: calc(var(--_space) * 0.75);
  }
  .message {
    display: block;
    margin: 0 0 0.5rem;
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
    padding: 0.5em 0.75em;
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
  }
  input:hover,
  select:hover,
  textarea:hover {
    border-color: var(--_text);
  }
  textarea {
    min-height: 8rem;
    max-height: 32rem;
    resize: vertical;
    field-sizing: content;
  }
  [aria-invalid='true']:not([type='checkbox']):not([type='radio']) {
    border-color: var(--_error);
    border-width: 3px;
  }
  .choices {
    display: grid;
    gap: 0.5rem 1.5rem;
  }
  .choice {
    display: flex;
    align-items: flex-start;
    gap: 0.625rem;
  }
  .choice label {
    font-weight: 400;
    margin: 0;
    padding-block: 0.1rem;
  }
  input[type='checkbox'],
  input[type='radio'] {
    flex: none;
    width: 1.5rem;
    height: 1.5rem;
    margin: 0.05rem 0 0;
    accent-color: var(--_accent);
  }
  .date {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }
  .date label {
    font-weight: 400;
  }
  .date input.year {
    width: 5em;
  }
  .date input.day {
    width: 4em;
  }
  .date select {
    width: auto;
    min-width: 8.5em;
  }
  .list {
    margin-bottom: var(--_gap);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin-top: calc(var(--_space) * 2);
    padding-top: calc(var(--_space) * 1.25);
    border-top: 1px solid var(--_line);
  }
  .actions button {
    min-width: 7rem;
  }
  .actions .primary {
    order: 2;
  }
  .actions .secondary {
    order: 1;
  }
  .error-summary {
    margin-block: 0 var(--_gap);
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
    border-radius: 0 var(--_radius) var(--_radius) 0;
    background: var(--_surface);
  }
  .review dl {
    margin: 0 0 0.5rem;
  }
  .review dt {
    font-weight: 600;
  }
  .review dd {
    margin: 0 0 0.75rem;
    white-space: pre-wrap;
  }
  .review-section {
    border-top: 1px solid var(--_line);
    margin-top: var(--_space);
  }
  .review-heading {
    display: flex;
    align-items: baseline;
    gap: 0.5rem;
  }
  .review-heading h3 {
    flex: 1;
    margin-block: 0.75rem 0.5rem;
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
    .frame {
      padding: calc(var(--_space) / 2) calc(var(--_space) * 2) calc(var(--_space) * 2);
    }
    .choices.many {
      grid-template-columns: 1fr 1fr;
    }
    .review dl {
      display: grid;
      grid-template-columns: minmax(0, 2fr) minmax(0, 3fr);
    }
    .review dd {
      padding-inline-start: 1.5rem;
    }
    .review dt,
    .review dd {
      margin: 0;
      padding-block: 0.5rem;
      border-top: 1px solid var(--_line);
    }
    .review dl > :nth-child(-n + 2) {
      border-top: 0;
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
    .steps li {
      forced-color-adjust: none;
      border: 1px solid CanvasText;
      background: Canvas;
    }
    .steps .done,
    .steps [aria-current='step'] {
      background: Highlight;
    }
  }
`;
