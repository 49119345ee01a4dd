import { caseSchema, describeFields, newCaseId, validateCase } from '@talap/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IntakeFormMode } from '../config.js';
import { answerFields } from '../test-kit/answers.js';
import {
  buildFormModel,
  type FieldNode,
  type FormModel,
  fieldNodes,
  type ModelNode,
} from './form-model.js';
import { type FormValues, initialValues, valueAt, withValueAt } from './form-values.js';
import { type FieldInstance, instancesOf } from './instances.js';
import { configurationIssues, fromValidation, issuesOfSection, placeIssues } from './issues.js';
import { buildCase, type CaseContext, composeDate, parseNumber } from './to-case.js';

const context = (mode: IntakeFormMode): CaseContext => ({
  id: newCaseId(Date.UTC(2024, 2, 15)),
  createdAt: '2024-03-15T10:00:00.000Z',
  updatedAt: '2024-03-15T10:05:00.000Z',
  organisation: 'kz-aman',
  channel: mode === 'self-report' ? 'self_report' : 'documenter',
});

const modes: readonly IntakeFormMode[] = ['self-report', 'documenter'];

function field(model: FormModel, key: string): FieldNode {
  const found = fieldNodes(model.root).find((node) => node.key === key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
}

function shownKeys(nodes: readonly ModelNode[]): string[] {
  return fieldNodes(nodes)
    .filter((node) => node.shown)
    .map((node) => node.key);
}

function validate(model: FormModel, values: FormValues, mode: IntakeFormMode) {
  return validateCase(buildCase(model.root, values, context(mode)));
}

describe('the form model', () => {
  it('puts consent first and asks the documenter every section', () => {
    const model = buildFormModel(caseSchema, 'documenter');
    expect(model.steps.map((step) => step.section)).toEqual([
      'consent',
      'reporter',
      'client',
      'incident',
      'violations',
      'responses',
      'outcome',
      'record',
    ]);
  });

  it('asks a self-reporting client only the fields marked for self-report, consent first', () => {
    const model = buildFormModel(caseSchema, 'self-report');
    expect(model.steps[0]?.section).toBe('consent');
    const shown = model.steps.flatMap((step) => shownKeys(step.nodes));
    const selfReport = describeFields(caseSchema)
      .filter((info) => info.selfReport)
      .map((info) => info.key);
    expect(shown.sort()).toEqual([...selfReport].sort());
    expect(model.steps.map((step) => step.section)).not.toContain('responses');
  });

  it('never shows the provenance fields the element fills itself', () => {
    for (const mode of modes) {
      const shown = shownKeys(buildFormModel(caseSchema, mode).root);
      for (const key of [
        'schemaVersion',
        'id',
        'organisation',
        'channel',
        'createdAt',
        'updatedAt',
      ]) {
        expect(shown).not.toContain(key);
      }
    }
  });

  it('covers every field of the schema exactly once', () => {
    const model = buildFormModel(caseSchema, 'documenter');
    expect(fieldNodes(model.root).map((node) => node.key)).toEqual(
      describeFields(caseSchema).map((info) => info.key),
    );
  });

  it('shows each field on the step of its section', () => {
    const model = buildFormModel(caseSchema, 'documenter');
    for (const step of model.steps) {
      for (const node of fieldNodes(step.nodes)) expect(node.section).toBe(step.section);
    }
  });

  it('picks inputs from the schema: radios up to six codes, a list beyond, checkboxes for several', () => {
    const model = buildFormModel(caseSchema, 'documenter');
    const kinds = Object.fromEntries(fieldNodes(model.root).map((node) => [node.key, node.input]));
    expect(kinds).toMatchObject({
      'incident.date': 'date',
      'incident.country': 'country',
      'incident.placeKind': 'select',
      'incident.account': 'textarea',
      'incident.dateApproximate': 'checkbox',
      'client.contact.preferredMethod': 'radios',
      'client.contact.email': 'email',
      'client.contact.phone': 'tel',
      'client.keyPopulations': 'checkboxes',
      'client.age': 'integer',
      'client.pronouns': 'text',
      'consent.record.given': 'agree',
      'consent.refer.given': 'checkbox',
      'incident.violations.harm.moneyTaken.amount': 'number',
      'incident.violations.harm.moneyTaken.currency': 'currency',
      'outcome.status': 'radios',
    });
    for (const node of fieldNodes(model.root)) {
      if (node.input === 'radios') expect(node.codes?.length).toBeLessThanOrEqual(6);
      if (node.input === 'select') expect(node.codes?.length).toBeGreaterThan(6);
    }
  });

  it('reveals every "…Other" description from its choice', () => {
    const model = buildFormModel(caseSchema, 'documenter');
    const others = fieldNodes(model.root).filter((node) => node.name.endsWith('Other'));
    expect(others.length).toBeGreaterThan(10);
    for (const node of others) expect(node.revealedBy, node.key).toBeDefined();
    expect(field(model, 'client.genderIdentityOther').revealedBy).toEqual({
      name: 'genderIdentity',
      codes: ['self_described'],
    });
  });

  it('models violations, perpetrators and responses as repeatable lists', () => {
    const model = buildFormModel(caseSchema, 'documenter');
    const lists: string[] = [];
    const visit = (nodes: readonly ModelNode[]) => {
      for (const node of nodes) {
        if (node.kind === 'list') {
          lists.push(`${node.key} ${node.min}..${node.max}`);
          visit(node.item);
        } else if (node.kind === 'group') visit(node.children);
      }
    };
    visit(model.root);
    expect(lists).toEqual([
      'incident.violations 1..50',
      'incident.violations.perpetrators 1..20',
      'responses 0..200',
    ]);
  });

  for (const mode of modes) {
    it(`reaches every required field in ${mode} mode: it is shown or filled by the element`, () => {
      const model = buildFormModel(caseSchema, mode);
      // Fields of lists that start empty (responses) are needed only once an item is added.
      const fields = instancesOf(model.root, initialValues(model.root)).filter(
        (instance): instance is FieldInstance => instance.kind === 'field',
      );
      expect(fields.length).toBeGreaterThan(40);
      for (const { node } of fields) {
        if (node.required) expect(node.shown || node.autofill !== undefined, node.key).toBe(true);
      }
    });

    it(`makes a valid case from the required answers alone in ${mode} mode`, () => {
      const model = buildFormModel(caseSchema, mode);
      const values = answerFields(model, false, initialValues(model.root));
      const result = validate(model, values, mode);
      expect(result.issues).toEqual([]);
      expect(result.ok).toBe(true);
    });

    it(`makes a valid case with every shown field answered in ${mode} mode`, () => {
      const model = buildFormModel(caseSchema, mode);
      const values = answerFields(model, true, initialValues(model.root));
      const result = validate(model, values, mode);
      expect(result.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
      expect(result.ok).toBe(true);
    });

    it(`places every issue of an empty ${mode} form on a shown field of its step`, () => {
      const model = buildFormModel(caseSchema, mode);
      const values = initialValues(model.root);
      const result = validate(model, values, mode);
      expect(result.ok).toBe(false);
      const placement = placeIssues(fromValidation(result.issues), instancesOf(model.root, values));
      expect(placement.unplaced).toEqual([]);
      for (const issue of placement.placed) {
        expect(issue.target.kind, issue.pointer).toBe('field');
        expect(issue.target.pointer).toBe(issue.pointer);
        expect(model.steps.some((step) => step.section === issue.target.section)).toBe(true);
      }
    });
  }

  it('writes self-reports with a generated client code and no rights chosen', () => {
    const model = buildFormModel(caseSchema, 'self-report');
    const values = answerFields(model, false, initialValues(model.root));
    const record = buildCase(model.root, values, context('self-report')) as {
      client: { code: string };
      incident: { violations: { rights: string[] }[] };
      channel: string;
    };
    expect(record.client.code).toMatch(/^SR-[0-9a-f]{10}$/);
    expect(record.incident.violations[0]?.rights).toEqual([]);
    expect(record.channel).toBe('self_report');
  });
});

describe('answers to a case', () => {
  it('maps issues back to the field by JSON Pointer', () => {
    const model = buildFormModel(caseSchema, 'documenter');
    let values = answerFields(model, false, initialValues(model.root));
    values = withValueAt(values, ['incident', 'date'], { year: '24', month: '', day: '' });
    values = withValueAt(values, ['incident', 'violations', 0, 'type'], 'other');
    const result = validate(model, values, 'documenter');
    const placement = placeIssues(fromValidation(result.issues), instancesOf(model.root, values));
    const where = placement.placed.map((issue) => `${issue.target.id} ${issue.code}`);
    expect(where).toEqual([
      'f-incident-date invalid_format',
      'f-incident-violations-0-typeOther other_needs_description',
    ]);
    expect(issuesOfSection(placement, 'violations').map((issue) => issue.code)).toEqual([
      'other_needs_description',
    ]);
  });

  it('shows a rule about a whole group on that group', () => {
    const model = buildFormModel(caseSchema, 'self-report');
    let values = answerFields(model, false, initialValues(model.root));
    values = withValueAt(values, ['client', 'contact', 'phone'], '+7 701 234 5678');
    const result = validate(model, values, 'self-report');
    const placement = placeIssues(fromValidation(result.issues), instancesOf(model.root, values));
    expect(
      placement.placed.map((issue) => [issue.target.kind, issue.target.id, issue.code]),
    ).toEqual([['group', 'f-client-contact', 'contact_without_consent']]);
  });

  it('keeps text typed into a number field, for validation to flag, instead of dropping it', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber(' 1 500,5 ')).toBe(1500.5);
    expect(parseNumber('twelve')).toBe('twelve');
    expect(parseNumber('  ')).toBeUndefined();
  });

  it('composes partial dates from a year, a month and a day', () => {
    expect(composeDate({ year: '2024', month: '', day: '' })).toBe('2024');
    expect(composeDate({ year: '2024', month: '03', day: '' })).toBe('2024-03');
    expect(composeDate({ year: '2024', month: '3', day: '5' })).toBe('2024-03-05');
    expect(composeDate({ year: '', month: '', day: '' })).toBeUndefined();
    expect(composeDate({ year: '2024', month: '', day: '5' })).toBe('2024-??-05');
  });

  it('leaves out an "…Other" description once its choice is no longer "other", and keeps it in the answers', () => {
    const model = buildFormModel(caseSchema, 'documenter');
    let values = answerFields(model, false, initialValues(model.root));
    values = withValueAt(values, ['incident', 'placeKind'], 'other');
    values = withValueAt(values, ['incident', 'placeKindOther'], 'A market');
    values = withValueAt(values, ['incident', 'placeKind'], 'street');
    const record = buildCase(model.root, values, context('documenter')) as {
      incident: Record<string, unknown>;
    };
    expect(record.incident.placeKindOther).toBeUndefined();
    expect(valueAt(values, ['incident', 'placeKindOther'])).toBe('A market');
  });

  it('leaves out optional objects with nothing answered, and records an unticked consent as "no"', () => {
    const model = buildFormModel(caseSchema, 'documenter');
    const values = answerFields(model, false, initialValues(model.root));
    const record = buildCase(model.root, values, context('documenter')) as Record<
      string,
      Record<string, unknown> | undefined
    >;
    expect(record.reporter).toBeUndefined();
    expect(record.outcome).toBeUndefined();
    expect(record.responses).toBeUndefined();
    expect(record.client?.contact).toBeUndefined();
    expect(record.consent).toMatchObject({ record: { given: true }, refer: { given: false } });
  });

  it('never throws, and places every issue, whatever was typed', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('other', '2024', 'KZ', '-1'),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...modes),
        fc.array(fc.tuple(fc.nat(200), text)),
        (mode, edits) => {
          const model = buildFormModel(caseSchema, mode);
          let values = initialValues(model.root);
          const fields = instancesOf(model.root, values).filter(
            (instance): instance is FieldInstance =>
              instance.kind === 'field' && instance.node.shown,
          );
          for (const [index, typed] of edits) {
            const target = fields[index % fields.length] as FieldInstance;
            const raw =
              target.node.input === 'date'
                ? { year: typed, month: '', day: '' }
                : target.node.input === 'checkboxes'
                  ? [typed]
                  : target.node.input === 'checkbox' || target.node.input === 'agree'
                    ? typed.length % 2 === 0
                    : typed;
            values = withValueAt(values, target.path, raw);
          }
          const result = validate(model, values, mode);
          const placement = placeIssues(
            fromValidation(result.issues),
            instancesOf(model.root, values),
          );
          expect(placement.unplaced).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('configuration', () => {
  it('hides optional fields and refuses to hide required ones', () => {
    const model = buildFormModel(caseSchema, 'documenter', {
      hide: ['client.pronouns', 'incident.date', 'consent.story.given'],
    });
    expect(field(model, 'client.pronouns').shown).toBe(false);
    expect(field(model, 'consent.story.given').shown).toBe(false);
    expect(field(model, 'incident.date').shown).toBe(true);
  });

  it('requires extra fields and reports them when unanswered', () => {
    const model = buildFormModel(caseSchema, 'self-report', { require: ['client.age'] });
    expect(field(model, 'client.age').required).toBe(true);
    const values = initialValues(model.root);
    const issues = configurationIssues(instancesOf(model.root, values));
    expect(issues).toEqual([{ pointer: '/client/age', code: 'required', severity: 'error' }]);
  });

  it('presets answers, also of hidden fields, and adds namespaced extension fields', () => {
    const model = buildFormModel(caseSchema, 'self-report', {
      hide: ['incident.region'],
      values: { 'incident.country': 'KZ', 'incident.region': 'Almaty', 'kz-aman:ticket': 'T-1' },
      extensions: [
        { key: 'kz-aman:ticket', label: { en: 'Ticket', ru: 'Номер обращения' } },
        { key: 'kz-aman:urgent', label: 'Urgent', type: 'boolean', section: 'incident' },
      ],
    });
    const values = answerFields(
      model,
      false,
      initialValues(model.root, {
        'incident.country': 'KG',
        'incident.region': 'Almaty',
        'kz-aman:ticket': 'T-1',
      }),
    );
    const record = buildCase(model.root, values, context('self-report')) as {
      incident: { country: string; region: string };
      extensions: Record<string, unknown>;
    };
    expect(record.incident.country).toBe('KG');
    expect(record.incident.region).toBe('Almaty');
    expect(record.extensions).toEqual({ 'kz-aman:ticket': 'T-1' });
    expect(validateCase(record).ok).toBe(true);
    expect(model.steps.at(-1)?.section).toBe('record');
  });
});
