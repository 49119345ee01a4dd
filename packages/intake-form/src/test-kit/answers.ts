import type { FieldNode, FormModel } from '../model/form-model.js';
import {
  type FormValues,
  newItem,
  type RawValue,
  valueAt,
  withValueAt,
} from '../model/form-values.js';
import { type FieldInstance, instancesOf } from '../model/instances.js';

/** A valid answer for a field, by its input kind: the first code, a month-precise date, and so on. */
export function sampleAnswer(field: FieldNode): RawValue {
  switch (field.input) {
    case 'date':
      return { year: '2024', month: '03', day: '' };
    case 'country':
      return 'KZ';
    case 'currency':
      return 'KZT';
    case 'email':
      return 'someone@example.org';
    case 'tel':
      return '+7 701 234 5678';
    case 'number':
    case 'integer':
      return '12';
    case 'agree':
    case 'checkbox':
      return true;
    case 'checkboxes':
      return [field.codes?.[0] ?? 'x'];
    case 'radios':
    case 'select':
      return field.codes?.[0] ?? 'x';
    default:
      return 'answer-1';
  }
}

/**
 * Answers the shown fields of a model: every required one, or every one when `all` is set. Lists
 * get one item each when `all` is set, so their fields are answered too.
 */
export function answerFields(model: FormModel, all: boolean, start: FormValues = {}): FormValues {
  let values = start;
  for (let round = 0; round < 4; round++) {
    const instances = instancesOf(model.root, values);
    for (const instance of instances) {
      if (instance.kind === 'list' && all && instance.section !== undefined) {
        const items = valueAt(values, instance.path);
        if (!Array.isArray(items) || items.length === 0)
          values = withValueAt(values, [...instance.path, 0], newItem(instance.node));
      }
    }
    for (const instance of instancesOf(model.root, values)) {
      if (instance.kind !== 'field') continue;
      const field = instance as FieldInstance;
      if (!field.node.shown || !field.active) continue;
      if (!all && !field.node.required) continue;
      if (field.value !== undefined && field.value !== '') continue;
      values = withValueAt(values, field.path, sampleAnswer(field.node));
    }
  }
  return values;
}
