import { html, nothing } from 'lit';
import type { FieldNode, FormStep } from '../model/form-model.js';
import { type FormValues, isAnswered, isDateParts, isPlainObject } from '../model/form-values.js';
import { instancesOf } from '../model/instances.js';
import { composeDate } from '../model/to-case.js';
import { countryName, formatPartialDate } from './intl-names.js';
import { codeLabel, fieldLabel, listText, sectionTitle, type TextContext, ui } from './texts.js';

/** One answer as the review shows it. */
function answerText(context: TextContext, field: FieldNode, value: unknown): string {
  switch (field.input) {
    case 'checkbox':
    case 'agree':
      return ui(context, value === true ? 'answer.yes' : 'answer.no');
    case 'checkboxes':
      return (value as string[]).map((code) => codeLabel(context, field, code)).join(', ');
    case 'radios':
    case 'select':
      return codeLabel(context, field, String(value));
    case 'country':
      return countryName(context.locale, String(value).trim().toUpperCase());
    case 'date': {
      const date = isDateParts(value) ? composeDate(value) : undefined;
      return date ? formatPartialDate(context.locale, date) : '';
    }
    default:
      return isPlainObject(value) ? ui(context, 'answer.encrypted') : String(value);
  }
}

/** The answers of one step: label and answer pairs, in blocks under a heading per list item. */
function stepAnswers(context: TextContext, step: FormStep, values: FormValues) {
  const blocks: { heading?: string; rows: unknown[] }[] = [{ rows: [] }];
  for (const instance of instancesOf(step.nodes, values)) {
    if (instance.kind === 'item') {
      const n = Number(instance.path.at(-1)) + 1;
      blocks.push({ heading: listText(context, instance.node, 'item', { n }), rows: [] });
      continue;
    }
    if (instance.kind !== 'field' || !instance.node.shown || !instance.active) continue;
    if (!isAnswered(instance.value)) continue;
    blocks.at(-1)?.rows.push(html`<dt>${fieldLabel(context, instance.node)}</dt>
      <dd>${answerText(context, instance.node, instance.value)}</dd>`);
  }
  const answered = blocks.some((block) => block.rows.length > 0);
  if (!answered) return html`<p>${ui(context, 'answer.none')}</p>`;
  return blocks
    .filter((block) => block.rows.length > 0)
    .map(
      (block) =>
        html`${block.heading ? html`<h4>${block.heading}</h4>` : nothing}
          <dl>${block.rows}</dl>`,
    );
}

/** The review step: every step's answers, each with a button that goes back to change them. */
export function renderReview(
  context: TextContext,
  steps: readonly FormStep[],
  values: FormValues,
  onChange: (stepIndex: number) => void,
) {
  return html`<div class="review" part="review">
    <p class="intro">${ui(context, 'step.review.intro')}</p>
    ${steps.map((step, index) => {
      const title = sectionTitle(context, step.section);
      return html`<section class="review-section" aria-labelledby="review-${step.section}">
        <div class="review-heading">
          <h3 id="review-${step.section}">${title}</h3>
          <button
            type="button"
            class="link-button"
            part="button"
            @click=${() => onChange(index)}
          >
            ${ui(context, 'button.change')}<span class="visually-hidden"> ${title}</span>
          </button>
        </div>
        ${stepAnswers(context, step, values)}
      </section>`;
    })}
  </div>`;
}
