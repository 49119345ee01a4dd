import { type FormSection, translate } from '@talap/core';
import type { IntakeFormMode, LocalisedText } from '../config.js';
import { formOverride, formString } from '../locales/strings.js';
import type { FieldNode, GroupNode, ListNode } from '../model/form-model.js';
import type { FormIssue, PlacedIssue } from '../model/issues.js';

/** Everything a text depends on: the language and the mode. */
export interface TextContext {
  readonly locale: string;
  readonly mode: IntakeFormMode;
}

/** The form's own string `key`, with placeholders filled. */
export function ui(
  context: TextContext,
  key: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return formString(context.locale, key, params) ?? key;
}

/** A catalog text of `@talap/core`, or undefined when the catalog has none. */
function catalog(context: TextContext, key: string): string | undefined {
  const text = translate(key, {}, context.locale);
  return text === key ? undefined : text;
}

/** A text given in one or several languages, in the best one for `locale`. */
export function localised(text: LocalisedText | undefined, locale: string): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  return text[locale] ?? text.en ?? Object.values(text)[0];
}

/** A catalog key as the form words it: the self-report wording, the form's own, then the catalog's. */
function worded(context: TextContext, key: string): string | undefined {
  return (
    (context.mode === 'self-report'
      ? formOverride(context.locale, `selfReport.${key}`)
      : undefined) ??
    formOverride(context.locale, key) ??
    catalog(context, key)
  );
}

/** The label of a field. */
export function fieldLabel(context: TextContext, field: FieldNode): string {
  if (field.extension) return localised(field.extension.label, context.locale) ?? field.name;
  return worded(context, `field.${field.key}.label`) ?? field.name;
}

/** The help text of a field, if it has one. */
export function fieldHelp(context: TextContext, field: FieldNode): string | undefined {
  if (field.extension) return localised(field.extension.help, context.locale);
  return worded(context, `field.${field.key}.help`);
}

/** The label of one code of a choice field. */
export function codeLabel(context: TextContext, field: FieldNode, code: string): string {
  if (field.extension) {
    const option = field.extension.options?.find((candidate) => candidate.value === code);
    return localised(option?.label, context.locale) ?? code;
  }
  return field.vocabulary ? (catalog(context, `vocab.${field.vocabulary}.${code}`) ?? code) : code;
}

/** The title of a step. */
export function sectionTitle(context: TextContext, section: FormSection): string {
  return worded(context, `section.${section}`) ?? section;
}

/** The legend of a group, if the form has one for it. */
export function groupLegend(context: TextContext, group: GroupNode): string | undefined {
  return (
    (context.mode === 'self-report'
      ? formOverride(context.locale, `selfReport.group.${group.key}`)
      : undefined) ?? formString(context.locale, `group.${group.key}`)
  );
}

/** A text of a repeatable list (`item`, `add`, `remove`, `empty`), its own or the generic one. */
export function listText(
  context: TextContext,
  list: ListNode,
  which: 'item' | 'add' | 'remove' | 'empty',
  params: Readonly<Record<string, string | number>> = {},
): string {
  return (
    formString(context.locale, `list.${list.key}.${which}`, params) ??
    ui(context, `list.${which}`, params)
  );
}

const choiceInputs = new Set(['radios', 'select', 'country']);

function messageKey(issue: FormIssue, field: FieldNode | undefined): string | undefined {
  const input = field?.input;
  const origin = issue.params?.origin;
  switch (issue.code) {
    case 'required':
      if (input === 'agree' || input === 'checkbox') return 'error.required.agree';
      if (input === 'checkboxes') return 'error.required.choices';
      return input && choiceInputs.has(input) ? 'error.required.choice' : 'error.required';
    case 'invalid_value':
      if (input === 'agree' || input === 'checkbox') return 'error.agree';
      return input && choiceInputs.has(input) ? 'error.choice' : 'error.invalid';
    case 'invalid_type':
      if (input === 'integer') return 'error.integer';
      return input === 'number' ? 'error.number' : 'error.invalid';
    case 'invalid_format':
      switch (input) {
        case 'date':
        case 'email':
        case 'tel':
        case 'country':
        case 'currency':
          return `error.${input}`;
        default:
          return 'error.format';
      }
    case 'too_small':
      if (origin === 'array') return 'error.tooFew';
      return origin === 'string' ? 'error.tooShort' : 'error.tooSmall';
    case 'too_big':
      if (origin === 'array') return 'error.tooMany';
      return origin === 'string' ? 'error.tooLong' : 'error.tooBig';
    case 'duplicate_item':
      return 'error.duplicate';
    case 'other_needs_description':
      return 'error.otherNeedsDescription';
    case 'referral_target_required':
      return 'error.referralTarget';
    case 'contact_without_consent':
      return 'error.contactWithoutConsent';
    case 'outcome_before_incident':
    case 'response_before_incident':
      return 'warning.dateBeforeIncident';
    default:
      return undefined;
  }
}

/** What an issue says to the person filling in the form: short, plain, and without the JSON path. */
export function issueMessage(context: TextContext, issue: FormIssue | PlacedIssue): string {
  const target = 'target' in issue ? issue.target : undefined;
  const field = target?.kind === 'field' ? target.node : undefined;
  const key = messageKey(issue, field);
  if (key) return ui(context, key, issue.params ?? {});
  return issue.message ?? ui(context, 'error.invalid');
}

/** The label an issue is listed under in the error summary. */
export function issueLabel(context: TextContext, issue: PlacedIssue): string {
  const target = issue.target;
  if (target.kind === 'field') return fieldLabel(context, target.node);
  if (target.kind === 'group') return groupLegend(context, target.node) ?? target.node.name;
  if (target.kind === 'item') {
    const index = target.path.at(-1);
    return listText(context, target.node, 'item', { n: Number(index) + 1 });
  }
  return sectionTitle(context, target.section ?? 'record');
}
