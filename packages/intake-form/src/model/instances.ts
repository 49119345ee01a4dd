import type { FormSection } from '@talap/core';
import type { FieldNode, GroupNode, ListNode, ModelNode } from './form-model.js';
import { isPlainObject, type ValuePath, valueAt } from './form-values.js';

/** One field as it stands in the current answers: where it is, its value, and whether it applies. */
export interface FieldInstance {
  readonly kind: 'field';
  readonly node: FieldNode;
  readonly path: ValuePath;
  /** The JSON Pointer of the field in the case, as validation issues name it. */
  readonly pointer: string;
  /** The id of its input in the form. */
  readonly id: string;
  readonly section: FormSection;
  readonly value: unknown;
  /** False for an `…Other` description while its choice is not "other". */
  readonly active: boolean;
}

/** A group, a list or one item of a list, as it stands in the current answers. */
export type ContainerInstance = GroupInstance | ListInstance;

interface ContainerBase {
  readonly path: ValuePath;
  readonly pointer: string;
  readonly id: string;
  /** The section of the first shown field inside, if any is shown. */
  readonly section: FormSection | undefined;
}

/** A nested object of the case as it stands in the answers. */
export interface GroupInstance extends ContainerBase {
  readonly kind: 'group';
  readonly node: GroupNode;
}

/** A repeatable list, or one item of it, as it stands in the answers. */
export interface ListInstance extends ContainerBase {
  readonly kind: 'list' | 'item';
  readonly node: ListNode;
}

/** Everything in the form that an issue can point at. */
export type Instance = FieldInstance | ContainerInstance;

/** Escapes one segment of a JSON Pointer. */
function escapeSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The JSON Pointer of a path (`['incident', 'violations', 0]` is `/incident/violations/0`). */
export function toPointer(path: ValuePath): string {
  return path.map((segment) => `/${escapeSegment(segment)}`).join('');
}

/** The element id of a path: unique within the form, safe in a CSS selector. */
export function domId(path: ValuePath, prefix = 'f'): string {
  return `${prefix}-${path.map((segment) => String(segment).replace(/[^A-Za-z0-9_]/g, '_')).join('-')}`;
}

/** Whether an `…Other` field applies: its sibling choice holds one of the revealing codes. */
export function isRevealed(node: FieldNode, parent: unknown): boolean {
  if (!node.revealedBy) return true;
  const choice = isPlainObject(parent) ? parent[node.revealedBy.name] : undefined;
  const codes = node.revealedBy.codes;
  if (typeof choice === 'string') return codes.includes(choice);
  if (Array.isArray(choice)) return choice.some((code) => codes.includes(code as string));
  return false;
}

function firstShownSection(nodes: readonly ModelNode[]): FormSection | undefined {
  for (const node of nodes) {
    if (node.kind === 'field' && node.shown) return node.section;
    if (node.kind !== 'field') {
      const inner = firstShownSection(node.kind === 'group' ? node.children : node.item);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Lists the instances of `nodes` over `values`, depth first, hidden fields included. */
export function instancesOf(
  nodes: readonly ModelNode[],
  values: unknown,
  base: ValuePath = [],
): Instance[] {
  const parent = valueAt(values, base);
  const found: Instance[] = [];
  for (const node of nodes) {
    const path = [...base, node.name];
    if (node.kind === 'field') {
      found.push({
        kind: 'field',
        node,
        path,
        pointer: toPointer(path),
        id: domId(path),
        section: node.section,
        value: isPlainObject(parent) ? parent[node.name] : undefined,
        active: isRevealed(node, parent),
      });
      continue;
    }
    const where = { path, pointer: toPointer(path), id: domId(path) };
    if (node.kind === 'group') {
      found.push({ kind: 'group', node, ...where, section: firstShownSection(node.children) });
      found.push(...instancesOf(node.children, values, path));
      continue;
    }
    const section = firstShownSection(node.item);
    found.push({ kind: 'list', node, ...where, section });
    const items = valueAt(values, path);
    const count = Array.isArray(items) ? items.length : 0;
    for (let index = 0; index < count; index++) {
      const itemPath = [...path, index];
      found.push({
        kind: 'item',
        node,
        path: itemPath,
        pointer: toPointer(itemPath),
        id: domId(itemPath),
        section,
      });
      found.push(...instancesOf(node.item, values, itemPath));
    }
  }
  return found;
}
