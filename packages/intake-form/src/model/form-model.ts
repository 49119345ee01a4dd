import {
  arrayItem,
  enumCodes,
  type FieldMeta,
  type FormSection,
  fieldMetaOf,
  isOptional,
  maxLengthOf,
  minLengthOf,
  objectShape,
  type SchemaNode,
  unwrapOptional,
} from '@talap/core';
import type { ExtensionFieldConfig, IntakeFormConfig, IntakeFormMode } from '../config.js';
import { type InputKind, inputKindOf } from './input-kind.js';

/** How a field that the form does not show gets its value. */
export type Autofill =
  /** From the element's context: id, timestamps, organisation, channel, schema version. */
  | 'provenance'
  /** An empty list, for required lists of codes. */
  | 'empty-list'
  /** A pseudonymous client code made from the case id (`SR-…`), for self-reports. */
  | 'client-code';

/** One answer the form may ask for. */
export interface FieldNode {
  readonly kind: 'field';
  /** The property name in its parent object. */
  readonly name: string;
  /** The dotted key without list indexes, e.g. `incident.violations.type`. */
  readonly key: string;
  readonly section: FormSection;
  readonly input: InputKind;
  /** Whether the form shows it in this mode and configuration. */
  readonly shown: boolean;
  /** Whether the schema needs the property whenever its parent object is present. */
  readonly present: boolean;
  /** Whether the person must answer it (with every parent present), by the schema or by configuration. */
  readonly required: boolean;
  /** Whether the requirement comes from the configuration (the schema alone would accept no answer). */
  readonly requiredByConfig: boolean;
  /** The codes of a choice field. */
  readonly codes?: readonly string[];
  /** The vocabulary whose catalog labels the codes. */
  readonly vocabulary?: string;
  readonly maxLength?: number;
  /** For an `…Other` description: the sibling choice and the codes that reveal it. */
  readonly revealedBy?: { readonly name: string; readonly codes: readonly string[] };
  readonly autofill?: Autofill;
  /** The schema's metadata (absent for extension fields). */
  readonly meta?: FieldMeta;
  /** The configuration of an extension field. */
  readonly extension?: ExtensionFieldConfig;
}

/** A nested object of the case (e.g. `client.contact`): present only when something in it is answered, unless required. */
export interface GroupNode {
  readonly kind: 'group';
  readonly name: string;
  readonly key: string;
  readonly present: boolean;
  readonly children: readonly ModelNode[];
}

/** A repeatable list of objects (violations, perpetrators, responses). */
export interface ListNode {
  readonly kind: 'list';
  readonly name: string;
  readonly key: string;
  readonly present: boolean;
  readonly min: number;
  readonly max: number;
  readonly item: readonly ModelNode[];
}

/** A node of the form model. */
export type ModelNode = FieldNode | GroupNode | ListNode;

/** One step of the form: the nodes of one schema section that the form shows. */
export interface FormStep {
  readonly section: FormSection;
  readonly nodes: readonly ModelNode[];
}

/** The whole form for one mode and configuration, derived from the case schema. */
export interface FormModel {
  readonly mode: IntakeFormMode;
  /** Every property of the case, shown or not, in schema order. */
  readonly root: readonly ModelNode[];
  /** The steps in the order they are asked, without empty ones. */
  readonly steps: readonly FormStep[];
}

/** The order of the steps: consent comes first in both modes. */
export const stepOrder: readonly FormSection[] = [
  'consent',
  'reporter',
  'client',
  'incident',
  'violations',
  'responses',
  'outcome',
  'record',
];

/** Fields the element fills itself and never asks for. */
const provenanceKeys = new Set([
  'schemaVersion',
  'id',
  'organisation',
  'channel',
  'createdAt',
  'updatedAt',
  'revision',
  'extensions',
]);

/** A choice field whose code means "something else" reveals its `…Other` description. */
const describeItCodes = ['other', 'self_described'];

interface BuildContext {
  readonly mode: IntakeFormMode;
  readonly hide: ReadonlySet<string>;
  readonly require: ReadonlySet<string>;
}

function fieldNode(
  name: string,
  schema: SchemaNode,
  meta: FieldMeta,
  present: boolean,
  parentRequired: boolean,
  siblings: Record<string, SchemaNode>,
  context: BuildContext,
): FieldNode {
  const input = inputKindOf(schema);
  const provenance = provenanceKeys.has(meta.key);
  const inMode = context.mode === 'documenter' || meta.selfReport;
  // Only what the schema lets a record leave out can be hidden.
  const hidden = !(present && parentRequired) && context.hide.has(meta.key);
  const shown = !provenance && inMode && !hidden;
  const requiredByConfig = !present && context.require.has(meta.key);
  // A required list of codes may be empty, and an unticked box is an answer (false).
  const answerNeeded = present && input !== 'checkboxes' && input !== 'checkbox';
  const required = parentRequired && (answerNeeded || requiredByConfig);
  let autofill: Autofill | undefined;
  if (provenance) autofill = 'provenance';
  else if (!shown && present && input === 'checkboxes') autofill = 'empty-list';
  else if (!shown && present && meta.key === 'client.code') autofill = 'client-code';
  const codes = enumCodes(schema);
  const maxLength = maxLengthOf(schema);
  let revealedBy: FieldNode['revealedBy'];
  if (name.endsWith('Other')) {
    const base = name.slice(0, -'Other'.length);
    const baseSchema = siblings[base];
    const baseCodes = baseSchema ? enumCodes(baseSchema) : undefined;
    const trigger = baseCodes?.filter((code) => describeItCodes.includes(code));
    if (trigger && trigger.length > 0) revealedBy = { name: base, codes: trigger };
  }
  return {
    kind: 'field',
    name,
    key: meta.key,
    section: meta.section,
    input,
    shown,
    present,
    required,
    requiredByConfig,
    meta,
    ...(codes ? { codes } : {}),
    ...(meta.vocabulary ? { vocabulary: meta.vocabulary } : {}),
    ...(maxLength !== undefined && input !== 'checkboxes' ? { maxLength } : {}),
    ...(revealedBy ? { revealedBy } : {}),
    ...(autofill ? { autofill } : {}),
  };
}

function walkObject(
  shape: Record<string, SchemaNode>,
  key: string,
  required: boolean,
  context: BuildContext,
): ModelNode[] {
  const nodes: ModelNode[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const present = !isOptional(schema);
    const childKey = key === '' ? name : `${key}.${name}`;
    const meta = fieldMetaOf(schema);
    if (meta) {
      nodes.push(fieldNode(name, schema, meta, present, required, shape, context));
      continue;
    }
    const childShape = objectShape(schema);
    if (childShape) {
      nodes.push({
        kind: 'group',
        name,
        key: childKey,
        present,
        children: walkObject(childShape, childKey, required && present, context),
      });
      continue;
    }
    const item = arrayItem(schema);
    const itemShape = item ? objectShape(item) : undefined;
    if (itemShape) {
      const inner = unwrapOptional(schema);
      nodes.push({
        kind: 'list',
        name,
        key: childKey,
        present,
        min: minLengthOf(inner),
        max: maxLengthOfList(inner),
        item: walkObject(itemShape, childKey, true, context),
      });
    }
  }
  return nodes;
}

function maxLengthOfList(schema: SchemaNode): number {
  return maxLengthOf(schema) ?? 1000;
}

function extensionInput(extension: ExtensionFieldConfig): InputKind {
  switch (extension.type) {
    case 'textarea':
      return 'textarea';
    case 'number':
      return 'number';
    case 'boolean':
      return 'checkbox';
    case 'choice':
      return (extension.options?.length ?? 0) <= 6 ? 'radios' : 'select';
    case 'choices':
      return 'checkboxes';
    default:
      return 'text';
  }
}

function extensionNodes(config: IntakeFormConfig, mode: IntakeFormMode): GroupNode | undefined {
  const extensions = config.extensions ?? [];
  if (extensions.length === 0) return undefined;
  return {
    kind: 'group',
    name: 'extensions',
    key: 'extensions',
    present: false,
    children: extensions.map((extension): FieldNode => {
      const required = extension.required === true;
      const codes = extension.options?.map((option) => option.value);
      return {
        kind: 'field',
        name: extension.key,
        key: `extensions.${extension.key}`,
        section: extension.section ?? 'record',
        input: extensionInput(extension),
        shown: mode === 'documenter' || extension.selfReport !== false,
        present: false,
        required,
        requiredByConfig: required,
        extension,
        ...(codes ? { codes } : {}),
      };
    }),
  };
}

/** Whether a node, or anything inside it, is shown in `section`. */
function showsIn(node: ModelNode, section: FormSection): boolean {
  if (node.kind === 'field') return node.shown && node.section === section;
  const children = node.kind === 'group' ? node.children : node.item;
  return children.some((child) => showsIn(child, section));
}

/** The part of `nodes` that `section` shows. */
function nodesOfSection(nodes: readonly ModelNode[], section: FormSection): ModelNode[] {
  const kept: ModelNode[] = [];
  for (const node of nodes) {
    if (!showsIn(node, section)) continue;
    if (node.kind === 'field') kept.push(node);
    else if (node.kind === 'group') {
      kept.push({ ...node, children: nodesOfSection(node.children, section) });
    } else kept.push({ ...node, item: nodesOfSection(node.item, section) });
  }
  return kept;
}

/**
 * Builds the form model of `schema` (the case schema) from its field metadata: the steps, the
 * groups and repeatable lists, and each field with its input kind. A field or code added to the
 * schema shows up here without form code changes.
 */
export function buildFormModel(
  schema: SchemaNode,
  mode: IntakeFormMode,
  config: IntakeFormConfig = {},
): FormModel {
  const shape = objectShape(schema);
  if (!shape) throw new TypeError('The form model needs an object schema (the case schema).');
  const context: BuildContext = {
    mode,
    hide: new Set(config.hide ?? []),
    require: new Set(config.require ?? []),
  };
  const root = walkObject(shape, '', true, context);
  const extensions = extensionNodes(config, mode);
  if (extensions) {
    const index = root.findIndex((node) => node.name === 'extensions');
    if (index === -1) root.push(extensions);
    else root.splice(index, 1, extensions);
  }
  const steps = stepOrder
    .map((section) => ({ section, nodes: nodesOfSection(root, section) }))
    .filter((step) => step.nodes.length > 0);
  return { mode, root, steps };
}

/** Every field node of a tree, depth first. */
export function fieldNodes(nodes: readonly ModelNode[]): FieldNode[] {
  return nodes.flatMap((node) =>
    node.kind === 'field' ? [node] : fieldNodes(node.kind === 'group' ? node.children : node.item),
  );
}
