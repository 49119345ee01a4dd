import { type Channel, currentSchemaVersion } from '@talap/core';
import type { FieldNode, ModelNode } from './form-model.js';
import { type DateParts, isDateParts, isPlainObject } from './form-values.js';
import { isRevealed } from './instances.js';

/** What the element itself writes into every case. */
export interface CaseContext {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly organisation: string;
  readonly channel: Channel;
}

/** A pseudonymous client code for a self-report, made from the case id: never a name. */
export function selfReportClientCode(caseId: string): string {
  return `SR-${caseId.replaceAll('-', '').slice(-10)}`;
}

/** A partial date (`2024`, `2024-03`, `2024-03-05`) from its parts; malformed parts stay visible to validation. */
export function composeDate(parts: DateParts): string | undefined {
  const year = parts.year.trim();
  const month = parts.month.trim();
  const day = parts.day.trim();
  if (year === '' && month === '' && day === '') return undefined;
  const twoDigits = (value: string) => (/^\d$/.test(value) ? `0${value}` : value);
  let date = year;
  if (month !== '' || day !== '') date += `-${month === '' ? '??' : twoDigits(month)}`;
  if (day !== '') date += `-${twoDigits(day)}`;
  return date;
}

/** A number from text (a comma may be the decimal mark); text that is not a number stays text, for validation to flag. */
export function parseNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const normalised = trimmed.replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : trimmed;
}

/** The case value of one field's raw answer, or undefined when it holds none. */
export function caseValueOf(field: FieldNode, raw: unknown): unknown {
  switch (field.input) {
    case 'checkbox':
    case 'agree':
      return raw === true ? true : undefined;
    case 'checkboxes':
      return Array.isArray(raw) && raw.length > 0 ? [...raw] : undefined;
    case 'date':
      return isDateParts(raw) ? composeDate(raw) : undefined;
    case 'number':
    case 'integer':
      return typeof raw === 'string' ? parseNumber(raw) : typeof raw === 'number' ? raw : undefined;
    case 'country':
    case 'currency': {
      const text = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
      return text === '' ? undefined : text;
    }
    default: {
      // An answer kept encrypted in a draft (see encryption/seal-draft.ts) goes into the case as it is.
      if (isPlainObject(raw)) return raw;
      const text = typeof raw === 'string' ? raw.trim() : '';
      return text === '' ? undefined : text;
    }
  }
}

function provenanceValue(key: string, context: CaseContext): unknown {
  switch (key) {
    case 'schemaVersion':
      return currentSchemaVersion;
    case 'id':
      return context.id;
    case 'organisation':
      return context.organisation;
    case 'channel':
      return context.channel;
    case 'createdAt':
      return context.createdAt;
    case 'updatedAt':
      return context.updatedAt;
    default:
      return undefined;
  }
}

interface Built {
  readonly object: Record<string, unknown>;
  /** Whether anything in it came from an answer (not from a default). */
  readonly answered: boolean;
}

function buildObject(nodes: readonly ModelNode[], values: unknown, context: CaseContext): Built {
  const source = isPlainObject(values) ? values : {};
  const object: Record<string, unknown> = {};
  let answered = false;
  for (const node of nodes) {
    if (node.kind === 'field') {
      if (node.autofill === 'provenance') {
        const value = provenanceValue(node.key, context);
        if (value !== undefined) object[node.name] = value;
        continue;
      }
      if (!isRevealed(node, source)) continue;
      const value = caseValueOf(node, source[node.name]);
      if (value !== undefined) {
        object[node.name] = value;
        answered = true;
      } else if (node.autofill === 'client-code') {
        object[node.name] = selfReportClientCode(context.id);
      } else if (node.present && node.input === 'checkboxes') {
        object[node.name] = [];
      } else if (node.present && (node.input === 'checkbox' || node.input === 'agree')) {
        // An unticked box is an answer ("no") when the schema needs one, e.g. a consent's `given`.
        object[node.name] = false;
        if (node.shown) answered = true;
      }
      continue;
    }
    if (node.kind === 'group') {
      const inner = buildObject(node.children, source[node.name], context);
      if (node.present || inner.answered) {
        object[node.name] = inner.object;
        answered ||= inner.answered;
      }
      continue;
    }
    const items = Array.isArray(source[node.name]) ? (source[node.name] as unknown[]) : [];
    if (node.present || items.length > 0) {
      object[node.name] = items.map((item) => buildObject(node.item, item, context).object);
      answered ||= items.length > 0;
    }
  }
  return { object, answered };
}

/**
 * Builds the case record from the form's answers: values converted from what was typed, empty
 * answers and unused `…Other` descriptions left out, optional objects only when something in
 * them was answered, and provenance filled from `context`. The result is for `validateCase`.
 */
export function buildCase(
  root: readonly ModelNode[],
  values: unknown,
  context: CaseContext,
): Record<string, unknown> {
  return buildObject(root, values, context).object;
}
