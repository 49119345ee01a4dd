import {
  arrayItem,
  caseSchema,
  enumCodes,
  type FieldMeta,
  type FormSection,
  fieldMetaOf,
  isOptional,
  maxLengthOf,
  minLengthOf,
  objectShape,
  patternOf,
  type SchemaNode,
  schemaDef,
  unwrapOptional,
  type VocabularyName,
  vocabularies,
} from '@talap/core';

// The KoboToolbox/ODK form of a Talap case, read from the case schema: which questions it asks,
// what each is called in the XLSForm and in exports, and where its answer goes in a case. Both
// `talap xlsform` (to write the form) and `talap import --from kobo` (to read its exports) use it,
// so the two cannot drift apart.

/** How a question is answered in the XLSForm, and so how its exported value is read back. */
export type AnswerKind =
  | 'text'
  | 'integer'
  | 'decimal'
  | 'select_one'
  | 'select_multiple'
  | 'yes_no'
  | 'partial_date';

/** One question of the form, tied to one field of the case schema. */
export interface KoboField {
  readonly kind: 'field';
  /** The XLSForm name, unique in the whole form, e.g. `violation_type`. */
  readonly name: string;
  /** The schema key, e.g. `incident.violations.type`. */
  readonly key: string;
  /** Property names from the enclosing repeat item (or the case) down to the field. */
  readonly path: readonly string[];
  /** Group and repeat names from the form's root to the question, its own name last. */
  readonly xpath: readonly string[];
  /** The repeat the question sits in, if any. */
  readonly repeat: string | undefined;
  readonly section: FormSection;
  readonly answer: AnswerKind;
  readonly meta: FieldMeta;
  /** The choice list of a select question. */
  readonly listName?: string;
  /** Every code the schema accepts (deprecated ones too, so old answers still import). */
  readonly codes?: readonly string[];
  /** The XLSForm `required` cell: `yes` or an expression. */
  readonly required?: string;
  /** The XLSForm `relevant` cell. */
  readonly relevant?: string;
  /** The XLSForm `constraint` cell, for the checks an ODK expression can say. */
  readonly constraint?: string;
  readonly appearance?: string;
  readonly defaultValue?: string;
  /** For a partial date: the name of the question that says how exact the date is. */
  readonly precisionName?: string;
  /** Whether the schema needs a list here even when nothing is chosen (an empty list). */
  readonly emptyList: boolean;
  /** Whether the field points at a person (contact details, free-text accounts, the client code). */
  readonly identifying: boolean;
  /** Whether the generated XLSForm asks it. */
  readonly collected: boolean;
}

/** A repeat group: one of the case's lists of objects (violations, perpetrators, responses). */
export interface KoboRepeat {
  readonly kind: 'repeat';
  /** The XLSForm name: one item of the list, e.g. `violation`. */
  readonly name: string;
  readonly key: string;
  /** Property names from the enclosing repeat item (or the case) down to the list. */
  readonly path: readonly string[];
  readonly xpath: readonly string[];
  /** The repeat this one sits in, if any. */
  readonly repeat: string | undefined;
  readonly section: FormSection;
  /** How many items the schema needs at least and allows at most. */
  readonly min: number;
  readonly max: number;
  /** The catalog key of the repeat's label: the label of its first question. */
  readonly labelKey: string;
  /** The questions and repeats inside, those the form asks only. */
  readonly children: readonly KoboNode[];
}

/** A question or a repeat. */
export type KoboNode = KoboField | KoboRepeat;

/** One group of the form: the questions of one schema section, in the order they are asked. */
export interface KoboSection {
  readonly name: FormSection;
  readonly labelKey: string;
  readonly children: readonly KoboNode[];
}

/** The whole KoboToolbox/ODK form of a case. */
export interface KoboForm {
  /** The groups the XLSForm asks, consent first. */
  readonly sections: readonly KoboSection[];
  /** Every field a submission may carry, asked or not (identifying ones included), in schema order. */
  readonly fields: readonly KoboField[];
  /** Every repeat group. */
  readonly repeats: readonly KoboRepeat[];
  /** Identifying fields the form leaves out. */
  readonly leftOut: readonly KoboField[];
  /** Vocabularies whose codes the form's questions offer. */
  readonly vocabularies: readonly VocabularyName[];
  /** The organisation code the form records in a hidden `organisation` field, if set. */
  readonly organisation?: string;
}

/** Options of the form. */
export interface KoboFormOptions {
  /** Ask identifying fields too (contact details, the client code, free-text accounts and notes). */
  readonly includeIdentifying?: boolean;
  /** An organisation code to record in every submission (a hidden calculated field). */
  readonly organisation?: string;
}

/** The choice list of the yes/no questions that stand in for the schema's booleans. */
export const yesNoList = 'yes_no';
/** The choice list of the questions that say how exact a date is. */
export const datePrecisionList = 'date_precision';
/** Codes of the date precision list: a date picker gives a full date, the precision cuts it. */
export const datePrecisionCodes = ['day', 'month', 'year'] as const;
/** The name of the hidden field that carries the organisation code. */
export const organisationFieldName = 'organisation';

/** The order of the groups: consent comes first, then what the intake form asks, in its order. */
export const sectionOrder: readonly FormSection[] = [
  'consent',
  'reporter',
  'client',
  'incident',
  'violations',
  'responses',
  'outcome',
  'record',
];

/** Fields that describe the record itself: `talap import` fills them, the form never asks. */
const importerFills = new Set([
  'schemaVersion',
  'id',
  'organisation',
  'createdAt',
  'updatedAt',
  'revision',
  'extensions',
]);

/** Codes of a choice that mean "something else" and reveal the `…Other` description. */
const describeItCodes = ['other', 'self_described'];

/** Answers pre-filled in the form. */
const defaultAnswers: Readonly<Record<string, string>> = { channel: 'documenter' };

/** Text longer than this gets a multi-line box. */
const longTextAbove = 200;

/** Up to this many choices show as buttons; more show as a drop-down list. */
const maxButtonChoices = 6;

/** `camelCase` to `snake_case`. */
function snake(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The name of one item of a list: `violations` gives `violation`. */
function singular(name: string): string {
  return snake(name.endsWith('s') ? name.slice(0, -1) : name);
}

/** The XLSForm name of a field outside any list, from its schema key. */
function rootName(key: string): string {
  return key.split('.').map(snake).join('_');
}

/** Whether a string pattern is the schema's partial date (`2024`, `2024-03`, `2024-03-15`). */
function isPartialDatePattern(pattern: RegExp): boolean {
  return (
    pattern.test('2024') &&
    pattern.test('2024-03') &&
    pattern.test('2024-03-15') &&
    !pattern.test('2024-13') &&
    !pattern.test('24-03')
  );
}

function answerKindOf(schema: SchemaNode): AnswerKind {
  const inner = unwrapOptional(schema);
  const def = schemaDef(inner);
  if (def.type === 'boolean' || def.type === 'literal') return 'yes_no';
  if (def.type === 'number') return def.format === 'safeint' ? 'integer' : 'decimal';
  if (def.type === 'enum') return 'select_one';
  if (def.type === 'array' && arrayItem(inner) && enumCodes(inner)) return 'select_multiple';
  const pattern = patternOf(inner);
  if (pattern && isPartialDatePattern(pattern)) return 'partial_date';
  return 'text';
}

interface NumberCheck {
  readonly check?: string;
  readonly value?: number;
  readonly inclusive?: boolean;
}

/** The ODK constraint of a field, for the checks an expression can say; undefined when none. */
function constraintOf(schema: SchemaNode, answer: AnswerKind): string | undefined {
  const inner = unwrapOptional(schema);
  const def = schemaDef(inner);
  const parts: string[] = [];
  if (def.type === 'literal' && def.values?.[0] === true) parts.push(". = 'yes'");
  if (answer === 'integer' || answer === 'decimal') {
    for (const check of def.checks ?? []) {
      const { check: kind, value, inclusive } = check._zod.def as NumberCheck;
      if (typeof value !== 'number') continue;
      if (kind === 'greater_than') parts.push(`. ${inclusive ? '>=' : '>'} ${value}`);
      if (kind === 'less_than') parts.push(`. ${inclusive ? '<=' : '<'} ${value}`);
    }
  }
  if (answer === 'text') {
    const pattern = patternOf(inner);
    // An XLSForm expression quotes with single quotes: a pattern holding one cannot be written.
    if (pattern && !pattern.source.includes("'")) parts.push(`regex(., '${pattern.source}')`);
    const max = maxLengthOf(inner);
    if (max !== undefined) parts.push(`string-length(.) <= ${max}`);
  }
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/** Joins conditions with `and`, or undefined when there are none. */
function allOf(conditions: readonly string[]): string | undefined {
  const unique = [...new Set(conditions)];
  if (unique.length === 0) return undefined;
  return unique
    .map((condition) => (condition.includes(' or ') ? `(${condition})` : condition))
    .join(' and ');
}

const ref = (name: string) => `\${${name}}`;
const answered = (name: string) => `${ref(name)} != ''`;

/**
 * Conditions that come from the schema's cross-field rules rather than from its shape: contact
 * details only once the client agreed to be contacted, and a referral's target whenever the
 * action is a referral.
 */
const objectRelevance: Readonly<Record<string, string>> = {
  'client.contact': `${ref(rootName('consent.contact.given'))} = 'yes'`,
};
const requiredWhen: Readonly<Record<string, string>> = {
  'responses.referral.target': `${ref('response_type')} = 'referral'`,
};

interface Level {
  /** The repeat whose item holds these properties, if any. */
  readonly repeat: string | undefined;
  /** Names of the groups and repeats from the root to this item (sections added later). */
  readonly xpath: readonly string[];
}

interface WalkContext {
  readonly level: Level;
  readonly keyPrefix: string;
  readonly path: readonly string[];
  readonly namePrefix: readonly string[];
  /** Conditions under which the enclosing optional objects are asked. */
  readonly conditions: readonly string[];
  readonly includeIdentifying: boolean;
}

interface Collected {
  readonly fields: KoboField[];
  readonly repeats: KoboRepeat[];
}

/** The first required question of an optional object: answering it is what makes the object present. */
function gateOf(shape: Record<string, SchemaNode>): string | undefined {
  return Object.entries(shape).find(
    ([, child]) => fieldMetaOf(child) !== undefined && !isOptional(child),
  )?.[0];
}

function fieldOf(
  name: string,
  schema: SchemaNode,
  meta: FieldMeta,
  siblings: Record<string, SchemaNode>,
  gate: string | undefined,
  context: WalkContext,
): KoboField {
  const xlsName = snake([...context.namePrefix, name].join('_'));
  const nameOfSibling = (sibling: string) => snake([...context.namePrefix, sibling].join('_'));
  const answer = answerKindOf(schema);
  const present = !isOptional(schema);
  const isGate = gate === name;
  const conditions = [...context.conditions];
  if (gate !== undefined && !isGate) conditions.push(answered(nameOfSibling(gate)));

  let required: string | undefined;
  if (answer !== 'select_multiple' && present && !isGate) required = 'yes';
  if (isGate && requiredWhen[meta.key]) required = requiredWhen[meta.key];

  if (name.endsWith('Other')) {
    const base = name.slice(0, -'Other'.length);
    const baseSchema = siblings[base];
    const reveal = baseSchema
      ? enumCodes(baseSchema)?.filter((code) => describeItCodes.includes(code))
      : undefined;
    if (baseSchema && reveal && reveal.length > 0) {
      const baseName = nameOfSibling(base);
      const multiple = answerKindOf(baseSchema) === 'select_multiple';
      const shows = reveal.map((code) =>
        multiple ? `selected(${ref(baseName)}, '${code}')` : `${ref(baseName)} = '${code}'`,
      );
      // Revealed by the gate itself: its own "answered" condition says nothing more.
      if (base === gate) conditions.pop();
      conditions.push(shows.join(' or '));
      required = 'yes';
    }
  }

  const codes = enumCodes(schema);
  const constraint = constraintOf(schema, answer);
  const maxLength = maxLengthOf(unwrapOptional(schema));
  let appearance: string | undefined;
  if (answer === 'select_one' && (codes?.length ?? 0) > maxButtonChoices) appearance = 'minimal';
  if (answer === 'text' && (maxLength ?? 0) > longTextAbove) appearance = 'multiline';
  const identifying = meta.sensitivity === 'identifying';
  const relevant = allOf(conditions);
  const defaultValue = defaultAnswers[meta.key];
  return {
    kind: 'field',
    name: xlsName,
    key: meta.key,
    path: [...context.path, name],
    xpath: [...context.level.xpath, xlsName],
    repeat: context.level.repeat,
    section: meta.section,
    answer,
    meta,
    ...(meta.vocabulary ? { listName: meta.vocabulary } : {}),
    ...(answer === 'yes_no' ? { listName: yesNoList } : {}),
    ...(codes ? { codes } : {}),
    ...(required ? { required } : {}),
    ...(relevant ? { relevant } : {}),
    ...(constraint ? { constraint } : {}),
    ...(appearance ? { appearance } : {}),
    ...(defaultValue ? { defaultValue } : {}),
    ...(answer === 'partial_date' ? { precisionName: `${xlsName}_precision` } : {}),
    emptyList: present && answer === 'select_multiple',
    identifying,
    collected: !identifying || context.includeIdentifying,
  };
}

function walkObject(
  shape: Record<string, SchemaNode>,
  gate: string | undefined,
  context: WalkContext,
  collected: Collected,
): KoboNode[] {
  const nodes: KoboNode[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const key = context.keyPrefix === '' ? name : `${context.keyPrefix}.${name}`;
    if (importerFills.has(key)) continue;
    const meta = fieldMetaOf(schema);
    if (meta) {
      const field = fieldOf(name, schema, meta, shape, gate, context);
      collected.fields.push(field);
      if (field.collected) nodes.push(field);
      continue;
    }
    const childShape = objectShape(schema);
    if (childShape) {
      const childGate = isOptional(schema) ? gateOf(childShape) : undefined;
      const conditions = [...context.conditions];
      // A nested object of an optional object is asked once the outer object's gate is answered.
      if (gate !== undefined)
        conditions.push(answered(snake([...context.namePrefix, gate].join('_'))));
      const relevance = objectRelevance[key];
      if (relevance) conditions.push(relevance);
      nodes.push(
        ...walkObject(
          childShape,
          childGate,
          {
            ...context,
            keyPrefix: key,
            path: [...context.path, name],
            namePrefix: [...context.namePrefix, name],
            conditions,
          },
          collected,
        ),
      );
      continue;
    }
    const item = arrayItem(schema);
    const itemShape = item ? objectShape(item) : undefined;
    if (itemShape) {
      const repeatName = singular(name);
      const xpath = [...context.level.xpath, repeatName];
      const children = walkObject(
        itemShape,
        undefined,
        {
          level: { repeat: repeatName, xpath },
          keyPrefix: key,
          path: [],
          namePrefix: [repeatName],
          conditions: [],
          includeIdentifying: context.includeIdentifying,
        },
        collected,
      );
      const first = children.find((child): child is KoboField => child.kind === 'field');
      const inner = unwrapOptional(schema);
      const repeat: KoboRepeat = {
        kind: 'repeat',
        name: repeatName,
        key,
        path: [...context.path, name],
        xpath,
        repeat: context.level.repeat,
        section: first?.section ?? 'record',
        min: minLengthOf(inner),
        max: maxLengthOf(inner) ?? 1000,
        labelKey: first?.meta.labelKey ?? `field.${key}.label`,
        children,
      };
      collected.repeats.push(repeat);
      if (first) nodes.push(repeat);
    }
  }
  return nodes;
}

/** Puts a node under its section group: xpaths gain the group's name in front. */
function placeInSection(node: KoboNode, section: FormSection): KoboNode {
  if (node.kind === 'field') return { ...node, xpath: [section, ...node.xpath] };
  return {
    ...node,
    xpath: [section, ...node.xpath],
    children: node.children.map((child) => placeInSection(child, section)),
  };
}

function flatten(nodes: readonly KoboNode[], collected: Collected): void {
  for (const node of nodes) {
    if (node.kind === 'field') collected.fields.push(node);
    else {
      collected.repeats.push(node);
      flatten(node.children, collected);
    }
  }
}

/**
 * Builds the KoboToolbox/ODK form of a Talap case from the case schema: one question per field,
 * in groups by section with consent first, repeat groups for violations, perpetrators and
 * responses, and the identifying fields left out unless `includeIdentifying` is set.
 */
export function buildKoboForm(options: KoboFormOptions = {}): KoboForm {
  const shape = objectShape(caseSchema);
  if (!shape) throw new TypeError('The case schema is not an object schema.');
  const walked: Collected = { fields: [], repeats: [] };
  const rootNodes = walkObject(
    shape,
    undefined,
    {
      level: { repeat: undefined, xpath: [] },
      keyPrefix: '',
      path: [],
      namePrefix: [],
      conditions: [],
      includeIdentifying: options.includeIdentifying === true,
    },
    walked,
  );
  const sections = sectionOrder
    .map((section) => ({
      name: section,
      labelKey: `section.${section}`,
      children: rootNodes
        .filter((node) => node.section === section)
        .map((node) => placeInSection(node, section)),
    }))
    .filter((section) => section.children.length > 0);

  // Asked nodes carry their section in their xpath; the rest keep the xpath they would have.
  const placed: Collected = { fields: [], repeats: [] };
  for (const section of sections) flatten(section.children, placed);
  const placedFields = new Map(placed.fields.map((field) => [field.key, field]));
  const placedRepeats = new Map(placed.repeats.map((repeat) => [repeat.key, repeat]));
  const fields = walked.fields.map((field) => placedFields.get(field.key) ?? field);
  const repeats = walked.repeats.map((repeat) => placedRepeats.get(repeat.key) ?? repeat);

  const used = new Set<string>();
  for (const field of fields) {
    if (field.collected && field.meta.vocabulary) used.add(field.meta.vocabulary);
  }
  return {
    sections,
    fields,
    repeats,
    leftOut: fields.filter((field) => !field.collected),
    vocabularies: (Object.keys(vocabularies) as VocabularyName[]).filter((name) => used.has(name)),
    ...(options.organisation ? { organisation: options.organisation } : {}),
  };
}

/** The codes of a vocabulary that a new answer may use: deprecated codes are not offered. */
export function offeredCodes(vocabulary: VocabularyName): readonly string[] {
  const entries = vocabularies[vocabulary].entries as Readonly<
    Record<string, { readonly deprecated?: boolean }>
  >;
  return vocabularies[vocabulary].codes.filter((code) => entries[code]?.deprecated !== true);
}
