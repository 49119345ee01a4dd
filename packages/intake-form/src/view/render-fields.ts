import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import {
  type FieldNode,
  fieldNodes,
  type GroupNode,
  type ListNode,
  type ModelNode,
} from '../model/form-model.js';
import {
  type DateParts,
  type FormValues,
  isDateParts,
  isPlainObject,
  type RawValue,
  type ValuePath,
  valueAt,
} from '../model/form-values.js';
import { domId, isRevealed } from '../model/instances.js';
import type { PlacedIssue } from '../model/issues.js';
import { countryOptions, monthOptions } from './intl-names.js';
import {
  codeLabel,
  fieldHelp,
  fieldLabel,
  groupLegend,
  issueMessage,
  listText,
  type TextContext,
  ui,
} from './texts.js';

/** What rendering the fields of a step needs: texts, answers, the issues on show, and what to call on input. */
export interface FieldsContext {
  readonly text: TextContext;
  readonly values: FormValues;
  /** Issues to show, by the id of the element they belong to. */
  readonly issues: ReadonlyMap<string, readonly PlacedIssue[]>;
  onValue(path: ValuePath, raw: RawValue): void;
  /** The person left a field (or changed a choice): time to check it. */
  onLeave(path: ValuePath): void;
  onAdd(list: ListNode, path: ValuePath): void;
  onRemove(list: ListNode, path: ValuePath, index: number): void;
}

/** The element to focus for an issue or a new list item: the control itself, or the first one inside. */
export function focusTarget(root: ParentNode, id: string): HTMLElement | null {
  const element = root.querySelector<HTMLElement>(`#${id}`);
  if (!element) return null;
  if (element.matches('input, select, textarea, button')) return element;
  return element.querySelector<HTMLElement>('input, select, textarea, button');
}

function messages(context: FieldsContext, id: string, issues: readonly PlacedIssue[]) {
  if (issues.length === 0) return nothing;
  const error = issues.some((issue) => issue.severity === 'error');
  const prefix = ui(context.text, error ? 'error.prefix' : 'warning.prefix');
  const texts = [...new Set(issues.map((issue) => issueMessage(context.text, issue)))];
  return html`<span class="message ${error ? 'error' : 'warning'}" id="${id}-message" part="error"
    ><span class="visually-hidden">${prefix} </span>${texts.join(' ')}</span
  >`;
}

function describedBy(help: string | undefined, issues: readonly PlacedIssue[], id: string) {
  const ids = [help ? `${id}-help` : '', issues.length > 0 ? `${id}-message` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function requiredMarker(context: FieldsContext, field: FieldNode) {
  return field.required
    ? html` <span class="required">(${ui(context.text, 'marker.required')})</span>`
    : nothing;
}

function helpText(help: string | undefined, id: string) {
  return help ? html`<span class="help" id="${id}-help" part="help">${help}</span>` : nothing;
}

function textValue(raw: unknown): string {
  return typeof raw === 'string' ? raw : '';
}

function renderChoiceOptions(
  context: FieldsContext,
  field: FieldNode,
  id: string,
  path: ValuePath,
  value: unknown,
  invalid: boolean,
) {
  const codes = field.codes ?? [];
  const multiple = field.input === 'checkboxes';
  const selected = multiple
    ? Array.isArray(value)
      ? (value as string[])
      : []
    : [textValue(value)];
  return html`<div class="choices ${codes.length > 8 ? 'many' : ''}">
    ${codes.map((code, index) => {
      const optionId = `${id}-${index}`;
      const onChange = (event: Event) => {
        const checked = (event.target as HTMLInputElement).checked;
        if (multiple) {
          const next = checked
            ? [...selected.filter((item) => item !== code), code]
            : selected.filter((item) => item !== code);
          context.onValue(path, next);
        } else if (checked) {
          context.onValue(path, code);
        }
        context.onLeave(path);
      };
      return html`<div class="choice">
        <input
          type=${multiple ? 'checkbox' : 'radio'}
          id=${optionId}
          name=${id}
          value=${code}
          part="input"
          aria-invalid=${invalid ? 'true' : 'false'}
          .checked=${live(selected.includes(code))}
          @change=${onChange}
        /><label for=${optionId}>${codeLabel(context.text, field, code)}</label>
      </div>`;
    })}
  </div>`;
}

function renderSelect(
  context: FieldsContext,
  field: FieldNode,
  id: string,
  path: ValuePath,
  value: unknown,
  described: string | undefined,
  invalid: boolean,
) {
  const current = textValue(value);
  const options =
    field.input === 'country'
      ? countryOptions(context.text.locale).map((option) => ({
          code: option.code,
          name: option.name,
        }))
      : (field.codes ?? []).map((code) => ({ code, name: codeLabel(context.text, field, code) }));
  const onChange = (event: Event) => {
    context.onValue(path, (event.target as HTMLSelectElement).value);
    context.onLeave(path);
  };
  return html`<select
    id=${id}
    part="input"
    aria-describedby=${ifDefined(described)}
    aria-invalid=${invalid ? 'true' : 'false'}
    @change=${onChange}
  >
    <option value="" ?selected=${current === ''}>${ui(context.text, 'choice.placeholder')}</option>
    ${options.map(
      (option) =>
        html`<option value=${option.code} ?selected=${option.code === current}>${option.name}</option>`,
    )}
  </select>`;
}

function renderDate(
  context: FieldsContext,
  id: string,
  path: ValuePath,
  value: unknown,
  invalid: boolean,
) {
  const parts: DateParts = isDateParts(value) ? value : { year: '', month: '', day: '' };
  const set = (part: keyof DateParts) => (event: Event) =>
    context.onValue(path, { ...parts, [part]: (event.target as HTMLInputElement).value });
  const text = context.text;
  const invalidValue = invalid ? 'true' : 'false';
  // The year and the day are typed digits; the month is chosen from a list.
  const numberPart = (part: 'year' | 'day', digits: number) => html`<div>
      <label for="${id}-${part}">${ui(text, `date.${part}`)}</label>
      <input
        class=${part}
        id="${id}-${part}"
        part="input"
        inputmode="numeric"
        autocomplete="off"
        maxlength=${digits}
        aria-invalid=${invalidValue}
        .value=${live(parts[part])}
        @input=${set(part)}
      />
    </div>`;
  return html`<div class="date">
    ${numberPart('year', 4)}
    <div>
      <label for="${id}-month">${ui(text, 'date.month')}</label>
      <select
        id="${id}-month"
        part="input"
        aria-invalid=${invalidValue}
        @change=${(event: Event) => {
          set('month')(event);
          context.onLeave(path);
        }}
      >
        <option value="" ?selected=${parts.month === ''}>${ui(text, 'date.monthUnknown')}</option>
        ${monthOptions(text.locale).map(
          (month) =>
            html`<option value=${month.code} ?selected=${month.code === parts.month}>
              ${month.name}
            </option>`,
        )}
      </select>
    </div>
    ${numberPart('day', 2)}
  </div>`;
}

function renderTextInput(
  context: FieldsContext,
  field: FieldNode,
  id: string,
  path: ValuePath,
  value: unknown,
  described: string | undefined,
  invalid: boolean,
) {
  const onInput = (event: Event) =>
    context.onValue(path, (event.target as HTMLInputElement | HTMLTextAreaElement).value);
  const onBlur = () => context.onLeave(path);
  const common = {
    described,
    invalid: invalid ? 'true' : 'false',
    maxLength: field.maxLength,
    // An answer restored encrypted from a draft cannot be shown; typing replaces it.
    placeholder: isPlainObject(value) ? ui(context.text, 'answer.encrypted') : undefined,
  };
  if (field.input === 'textarea') {
    return html`<textarea
      id=${id}
      part="input"
      rows="6"
      maxlength=${ifDefined(common.maxLength)}
      placeholder=${ifDefined(common.placeholder)}
      aria-describedby=${ifDefined(common.described)}
      aria-invalid=${common.invalid}
      .value=${live(textValue(value))}
      @input=${onInput}
      @blur=${onBlur}
    ></textarea>`;
  }
  const type = field.input === 'email' ? 'email' : field.input === 'tel' ? 'tel' : 'text';
  const inputMode =
    field.input === 'integer' ? 'numeric' : field.input === 'number' ? 'decimal' : undefined;
  return html`<input
    type=${type}
    id=${id}
    part="input"
    autocomplete="off"
    inputmode=${ifDefined(inputMode)}
    maxlength=${ifDefined(common.maxLength)}
    placeholder=${ifDefined(common.placeholder)}
    aria-describedby=${ifDefined(common.described)}
    aria-invalid=${common.invalid}
    .value=${live(textValue(value))}
    @input=${onInput}
    @blur=${onBlur}
  />`;
}

function renderField(
  context: FieldsContext,
  field: FieldNode,
  path: ValuePath,
  parent: unknown,
): TemplateResult | typeof nothing {
  if (!field.shown) return nothing;
  const id = domId(path);
  const issues = context.issues.get(id) ?? [];
  if (!isRevealed(field, parent) && issues.length === 0) return nothing;
  const value = isPlainObject(parent) ? parent[field.name] : undefined;
  const label = fieldLabel(context.text, field);
  const help =
    field.input === 'date'
      ? [fieldHelp(context.text, field), ui(context.text, 'date.hint')].filter(Boolean).join(' ')
      : fieldHelp(context.text, field);
  const invalid = issues.some((issue) => issue.severity === 'error');
  const described = describedBy(help, issues, id);
  const fieldClass = `field${invalid ? ' invalid' : ''}`;
  const marker = requiredMarker(context, field);

  if (field.input === 'checkbox' || field.input === 'agree') {
    return html`<div class=${fieldClass} part="field" data-key=${field.key}>
      <div class="choice">
        <input
          type="checkbox"
          id=${id}
          part="input"
          aria-describedby=${ifDefined(described)}
          aria-invalid=${invalid ? 'true' : 'false'}
          .checked=${live(value === true)}
          @change=${(event: Event) => {
            context.onValue(path, (event.target as HTMLInputElement).checked);
            context.onLeave(path);
          }}
        />
        <div>
          <label for=${id} part="label">${label}${marker}</label>
          ${helpText(help, id)} ${messages(context, id, issues)}
        </div>
      </div>
    </div>`;
  }
  if (field.input === 'radios' || field.input === 'checkboxes' || field.input === 'date') {
    const onFocusOut = (event: FocusEvent) => {
      const to = event.relatedTarget as Node | null;
      if (!to || !(event.currentTarget as HTMLElement).contains(to)) context.onLeave(path);
    };
    return html`<fieldset
      class=${fieldClass}
      id=${id}
      part="field"
      data-key=${field.key}
      aria-describedby=${ifDefined(described)}
      @focusout=${field.input === 'date' ? onFocusOut : undefined}
    >
      <legend part="label">${label}${marker}</legend>
      ${helpText(help, id)} ${messages(context, id, issues)}
      ${
        field.input === 'date'
          ? renderDate(context, id, path, value, invalid)
          : renderChoiceOptions(context, field, id, path, value, invalid)
      }
    </fieldset>`;
  }
  return html`<div class=${fieldClass} part="field" data-key=${field.key}>
    <label for=${id} part="label">${label}${marker}</label>
    ${helpText(help, id)} ${messages(context, id, issues)}
    ${
      field.input === 'select' || field.input === 'country'
        ? renderSelect(context, field, id, path, value, described, invalid)
        : renderTextInput(context, field, id, path, value, described, invalid)
    }
  </div>`;
}

function renderGroup(context: FieldsContext, group: GroupNode, path: ValuePath) {
  const id = domId(path);
  const issues = context.issues.get(id) ?? [];
  const children = renderNodes(context, group.children, path);
  const legend = path.length > 1 ? groupLegend(context.text, group) : undefined;
  const shownFields = fieldNodes(group.children).filter((node) => node.shown).length;
  const invalid = issues.some((issue) => issue.severity === 'error');
  if (legend && shownFields >= 2) {
    return html`<fieldset
      class="group${invalid ? ' invalid' : ''}"
      id=${id}
      aria-describedby=${ifDefined(issues.length > 0 ? `${id}-message` : undefined)}
    >
      <legend class="group-legend">${legend}</legend>
      ${messages(context, id, issues)} ${children}
    </fieldset>`;
  }
  if (issues.length === 0) return html`${children}`;
  return html`<div class="group${invalid ? ' invalid' : ''}" id=${id}>
    ${messages(context, id, issues)} ${children}
  </div>`;
}

function renderList(context: FieldsContext, list: ListNode, path: ValuePath) {
  const id = domId(path);
  const issues = context.issues.get(id) ?? [];
  const stored = valueAt(context.values, path);
  const items = Array.isArray(stored) ? stored : [];
  return html`<div class="list" id=${id}>
    ${messages(context, id, issues)}
    ${items.map((_, index) => {
      const itemPath = [...path, index];
      const itemId = domId(itemPath);
      const itemIssues = context.issues.get(itemId) ?? [];
      const n = index + 1;
      return html`<fieldset class="item" id=${itemId} part="list-item">
        <legend class="group-legend">${listText(context.text, list, 'item', { n })}</legend>
        ${messages(context, itemId, itemIssues)} ${renderNodes(context, list.item, itemPath)}
        ${
          items.length > list.min
            ? html`<button
                type="button"
                class="secondary remove"
                part="button button-secondary"
                @click=${() => context.onRemove(list, path, index)}
              >
                ${listText(context.text, list, 'remove', { n })}
              </button>`
            : nothing
        }
      </fieldset>`;
    })}
    ${items.length === 0 ? html`<p>${listText(context.text, list, 'empty')}</p>` : nothing}
    ${
      items.length < list.max
        ? html`<button
            type="button"
            class="secondary"
            id="${id}-add"
            part="button button-secondary"
            @click=${() => context.onAdd(list, path)}
          >
            ${listText(context.text, list, 'add')}
          </button>`
        : nothing
    }
  </div>`;
}

/** Renders the nodes of one step under `base` (the path of their parent object). */
export function renderNodes(
  context: FieldsContext,
  nodes: readonly ModelNode[],
  base: ValuePath,
): unknown[] {
  const parent = valueAt(context.values, base);
  return nodes.map((node) => {
    const path = [...base, node.name];
    if (node.kind === 'field') return renderField(context, node, path, parent);
    if (node.kind === 'group') return renderGroup(context, node, path);
    return renderList(context, node, path);
  });
}
