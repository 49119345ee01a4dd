import * as z from 'zod/mini';
import { ageBandCodes } from '../vocab/age-bands.js';
import { caseQualificationCodes } from '../vocab/case-qualifications.js';
import { channelCodes } from '../vocab/channels.js';
import { consentMethodCodes } from '../vocab/consent-methods.js';
import { contactMethodCodes } from '../vocab/contact-methods.js';
import { genderIdentityCodes } from '../vocab/gender-identities.js';
import { keyPopulationCodes } from '../vocab/key-populations.js';
import { outcomeResultCodes } from '../vocab/outcome-results.js';
import { outcomeStatusCodes } from '../vocab/outcome-statuses.js';
import { perpetratorTypeCodes } from '../vocab/perpetrator-types.js';
import { placeKindCodes } from '../vocab/place-kinds.js';
import { referralStatusCodes } from '../vocab/referral-statuses.js';
import { referralTargetCodes } from '../vocab/referral-targets.js';
import { reporterRelationCodes } from '../vocab/reporter-relations.js';
import { responderRoleCodes } from '../vocab/responder-roles.js';
import { responseTypeCodes } from '../vocab/response-types.js';
import { rightCodes } from '../vocab/rights.js';
import { violationTypeCodes } from '../vocab/violation-types.js';
import { encryptable } from './encrypted-value.js';
import { type FieldMetaInput, field } from './field.js';
import {
  clientCodePattern,
  countryPattern,
  currencyPattern,
  emailPattern,
  extensionKeyPattern,
  organisationPattern,
  partialDatePattern,
  patterned,
  phonePattern,
  text,
  textLimits,
  timestampPattern,
  uuidV7Pattern,
} from './primitives.js';
import {
  type CaseRule,
  isRecord,
  otherInListNeedsDescription,
  otherNeedsDescription,
  ruleCheck,
} from './rule.js';
import { uniqueItems } from './unique.js';

/** The schema version this package writes and validates. */
export const currentSchemaVersion = 1;

/** The stable identifier of the case JSON Schema. */
export const caseSchemaId = 'https://talap.dev/schema/case/v1/case.schema.json';

const codes = <const T extends readonly [string, ...string[]]>(list: T) => z.enum(list);
const codeList = <const T extends readonly [string, ...string[]]>(list: T) =>
  z.array(z.enum(list)).check(uniqueItems());
const partialDate = () => patterned(partialDatePattern);
const shortText = () => text(textLimits.short);

/** An optional field: the metadata sits on the inner schema. */
const optional = <S extends z.ZodMiniType>(key: string, schema: S, meta: FieldMetaInput) =>
  z.optional(field(key, schema, meta));

/** A field that points at a person: its plain value, or that value encrypted for the organisation. */
const identifying = <S extends z.ZodMiniType>(
  key: string,
  schema: S,
  meta: Omit<FieldMetaInput, 'sensitivity'>,
) => encryptable(field(key, schema, { ...meta, sensitivity: 'identifying' }));

/** An optional identifying field. */
const optionalIdentifying = <S extends z.ZodMiniType>(
  key: string,
  schema: S,
  meta: Omit<FieldMetaInput, 'sensitivity'>,
) => z.optional(identifying(key, schema, meta));

/** A strict object (unknown properties are an error) with its cross-field rules. */
function withRules<S extends z.ZodMiniObject>(schema: S, rules: readonly CaseRule[]): S {
  return rules.length === 0 ? schema : schema.check(...rules.map((rule) => ruleCheck(rule)));
}

const perpetratorSchema = withRules(
  z.strictObject({
    type: field('incident.violations.perpetrators.type', codes(perpetratorTypeCodes), {
      sensitivity: 'none',
      tier: 'aggregate',
      section: 'violations',
      selfReport: true,
      vocabulary: 'perpetratorType',
    }),
    typeOther: optional('incident.violations.perpetrators.typeOther', shortText(), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'violations',
      selfReport: true,
    }),
    isGroup: optional('incident.violations.perpetrators.isGroup', z.boolean(), {
      sensitivity: 'none',
      tier: 'partner',
      section: 'violations',
      selfReport: false,
    }),
    isAnonymous: optional('incident.violations.perpetrators.isAnonymous', z.boolean(), {
      sensitivity: 'none',
      tier: 'partner',
      section: 'violations',
      selfReport: false,
    }),
  }),
  [otherNeedsDescription('type')],
);

/** An amount of money with its currency. */
const money = (key: string) =>
  z.strictObject({
    amount: field(`${key}.amount`, z.number().check(z.gte(0), z.lte(1e12)), {
      sensitivity: 'quasi',
      tier: 'partner',
      section: 'violations',
      selfReport: false,
    }),
    currency: field(`${key}.currency`, patterned(currencyPattern), {
      sensitivity: 'none',
      tier: 'partner',
      section: 'violations',
      selfReport: false,
    }),
  });

const harmSchema = z.strictObject({
  physicalInjury: optional('incident.violations.harm.physicalInjury', z.boolean(), {
    sensitivity: 'special',
    tier: 'aggregate',
    section: 'violations',
    selfReport: true,
  }),
  death: optional('incident.violations.harm.death', z.boolean(), {
    sensitivity: 'special',
    tier: 'aggregate',
    section: 'violations',
    selfReport: false,
  }),
  moneyTaken: z.optional(money('incident.violations.harm.moneyTaken')),
  fineImposed: z.optional(money('incident.violations.harm.fineImposed')),
});

const violationSchema = withRules(
  z.strictObject({
    type: field('incident.violations.type', codes(violationTypeCodes), {
      sensitivity: 'special',
      tier: 'aggregate',
      section: 'violations',
      selfReport: true,
      vocabulary: 'violationType',
    }),
    typeOther: optional('incident.violations.typeOther', shortText(), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'violations',
      selfReport: true,
    }),
    rights: field('incident.violations.rights', codeList(rightCodes), {
      sensitivity: 'none',
      tier: 'aggregate',
      section: 'violations',
      selfReport: false,
      vocabulary: 'right',
    }),
    rightsOther: optional('incident.violations.rightsOther', shortText(), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'violations',
      selfReport: false,
    }),
    perpetrators: z.array(perpetratorSchema).check(z.minLength(1), z.maxLength(20)),
    harm: z.optional(harmSchema),
  }),
  [otherNeedsDescription('type'), otherInListNeedsDescription('rights')],
);

const contactSchema = z.strictObject({
  phone: optionalIdentifying('client.contact.phone', patterned(phonePattern), {
    tier: 'organisation',
    section: 'client',
    selfReport: true,
  }),
  email: optionalIdentifying(
    'client.contact.email',
    patterned(emailPattern).check(z.maxLength(254)),
    {
      tier: 'organisation',
      section: 'client',
      selfReport: true,
    },
  ),
  messenger: optionalIdentifying('client.contact.messenger', shortText(), {
    tier: 'organisation',
    section: 'client',
    selfReport: true,
  }),
  preferredMethod: optional('client.contact.preferredMethod', codes(contactMethodCodes), {
    sensitivity: 'none',
    tier: 'organisation',
    section: 'client',
    selfReport: true,
    vocabulary: 'contactMethod',
  }),
  safeTimes: optionalIdentifying('client.contact.safeTimes', shortText(), {
    tier: 'organisation',
    section: 'client',
    selfReport: true,
  }),
  safeToLeaveMessage: optional('client.contact.safeToLeaveMessage', z.boolean(), {
    sensitivity: 'none',
    tier: 'organisation',
    section: 'client',
    selfReport: true,
  }),
});

const clientSchema = withRules(
  z.strictObject({
    code: identifying('client.code', patterned(clientCodePattern), {
      tier: 'organisation',
      section: 'client',
      selfReport: false,
    }),
    age: optional('client.age', z.int().check(z.gte(0), z.lte(120)), {
      sensitivity: 'quasi',
      tier: 'partner',
      section: 'client',
      selfReport: true,
    }),
    ageBand: optional('client.ageBand', codes(ageBandCodes), {
      sensitivity: 'quasi',
      tier: 'aggregate',
      section: 'client',
      selfReport: true,
      vocabulary: 'ageBand',
    }),
    genderIdentity: optional('client.genderIdentity', codes(genderIdentityCodes), {
      sensitivity: 'special',
      tier: 'aggregate',
      section: 'client',
      selfReport: true,
      vocabulary: 'genderIdentity',
    }),
    genderIdentityOther: optional('client.genderIdentityOther', shortText(), {
      sensitivity: 'special',
      tier: 'organisation',
      section: 'client',
      selfReport: true,
    }),
    pronouns: optional('client.pronouns', text(50), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'client',
      selfReport: true,
    }),
    keyPopulations: field('client.keyPopulations', codeList(keyPopulationCodes), {
      sensitivity: 'special',
      tier: 'aggregate',
      section: 'client',
      selfReport: true,
      vocabulary: 'keyPopulation',
    }),
    keyPopulationsOther: optional('client.keyPopulationsOther', shortText(), {
      sensitivity: 'special',
      tier: 'organisation',
      section: 'client',
      selfReport: true,
    }),
    countryOfResidence: optional('client.countryOfResidence', patterned(countryPattern), {
      sensitivity: 'quasi',
      tier: 'aggregate',
      section: 'client',
      selfReport: true,
    }),
    contact: z.optional(contactSchema),
  }),
  [
    otherNeedsDescription('genderIdentity', 'self_described'),
    otherInListNeedsDescription('keyPopulations'),
  ],
);

const reporterSchema = withRules(
  z.strictObject({
    relation: field('reporter.relation', codes(reporterRelationCodes), {
      sensitivity: 'none',
      tier: 'partner',
      section: 'reporter',
      selfReport: true,
      vocabulary: 'reporterRelation',
    }),
    relationOther: optional('reporter.relationOther', shortText(), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'reporter',
      selfReport: true,
    }),
  }),
  [otherNeedsDescription('relation')],
);

const otherAffectedSchema = z.strictObject({
  count: field('incident.otherAffected.count', z.int().check(z.gte(1), z.lte(100000)), {
    sensitivity: 'none',
    tier: 'aggregate',
    section: 'incident',
    selfReport: false,
  }),
  includesChildren: optional('incident.otherAffected.includesChildren', z.boolean(), {
    sensitivity: 'none',
    tier: 'aggregate',
    section: 'incident',
    selfReport: false,
  }),
});

const incidentSchema = withRules(
  z.strictObject({
    date: field('incident.date', partialDate(), {
      sensitivity: 'quasi',
      tier: 'aggregate',
      section: 'incident',
      selfReport: true,
      coarsen: 'month',
    }),
    dateApproximate: optional('incident.dateApproximate', z.boolean(), {
      sensitivity: 'none',
      tier: 'aggregate',
      section: 'incident',
      selfReport: true,
    }),
    country: field('incident.country', patterned(countryPattern), {
      sensitivity: 'quasi',
      tier: 'aggregate',
      section: 'incident',
      selfReport: true,
    }),
    region: optional('incident.region', shortText(), {
      sensitivity: 'quasi',
      tier: 'partner',
      section: 'incident',
      selfReport: true,
    }),
    city: optional('incident.city', shortText(), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'incident',
      selfReport: true,
    }),
    placeKind: field('incident.placeKind', codes(placeKindCodes), {
      sensitivity: 'none',
      tier: 'aggregate',
      section: 'incident',
      selfReport: true,
      vocabulary: 'placeKind',
    }),
    placeKindOther: optional('incident.placeKindOther', shortText(), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'incident',
      selfReport: true,
    }),
    account: optionalIdentifying('incident.account', text(textLimits.long), {
      tier: 'organisation',
      section: 'incident',
      selfReport: true,
    }),
    violations: z.array(violationSchema).check(z.minLength(1), z.maxLength(50)),
    otherAffected: z.optional(otherAffectedSchema),
  }),
  [otherNeedsDescription('placeKind')],
);

const referralSchema = withRules(
  z.strictObject({
    target: field('responses.referral.target', codes(referralTargetCodes), {
      sensitivity: 'none',
      tier: 'partner',
      section: 'responses',
      selfReport: false,
      vocabulary: 'referralTarget',
    }),
    targetOther: optional('responses.referral.targetOther', shortText(), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'responses',
      selfReport: false,
    }),
    status: optional('responses.referral.status', codes(referralStatusCodes), {
      sensitivity: 'none',
      tier: 'partner',
      section: 'responses',
      selfReport: false,
      vocabulary: 'referralStatus',
    }),
  }),
  [otherNeedsDescription('target')],
);

/** A referral response needs a referral with its target. */
const referralNeedsTarget: CaseRule = {
  code: 'referral_target_required',
  path: ['referral'],
  jsonSchema: {
    if: { type: 'object', required: ['type'], properties: { type: { const: 'referral' } } },
    then: { required: ['referral'] },
  },
  isBroken: (value) => isRecord(value) && value.type === 'referral' && value.referral === undefined,
};

const responseSchema = withRules(
  z.strictObject({
    type: field('responses.type', codes(responseTypeCodes), {
      sensitivity: 'none',
      tier: 'aggregate',
      section: 'responses',
      selfReport: false,
      vocabulary: 'responseType',
    }),
    typeOther: optional('responses.typeOther', shortText(), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'responses',
      selfReport: false,
    }),
    date: optional('responses.date', partialDate(), {
      sensitivity: 'quasi',
      tier: 'partner',
      section: 'responses',
      selfReport: false,
      coarsen: 'month',
    }),
    by: optional('responses.by', codes(responderRoleCodes), {
      sensitivity: 'none',
      tier: 'partner',
      section: 'responses',
      selfReport: false,
      vocabulary: 'responderRole',
    }),
    notes: optionalIdentifying('responses.notes', text(textLimits.medium), {
      tier: 'organisation',
      section: 'responses',
      selfReport: false,
    }),
    referral: z.optional(referralSchema),
  }),
  [otherNeedsDescription('type'), referralNeedsTarget],
);

const outcomeSchema = withRules(
  z.strictObject({
    status: field('outcome.status', codes(outcomeStatusCodes), {
      sensitivity: 'none',
      tier: 'aggregate',
      section: 'outcome',
      selfReport: false,
      vocabulary: 'outcomeStatus',
    }),
    results: optional('outcome.results', codeList(outcomeResultCodes), {
      sensitivity: 'none',
      tier: 'aggregate',
      section: 'outcome',
      selfReport: false,
      vocabulary: 'outcomeResult',
    }),
    resultsOther: optional('outcome.resultsOther', shortText(), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'outcome',
      selfReport: false,
    }),
    date: optional('outcome.date', partialDate(), {
      sensitivity: 'quasi',
      tier: 'partner',
      section: 'outcome',
      selfReport: false,
      coarsen: 'month',
    }),
    strategicCase: optional('outcome.strategicCase', z.boolean(), {
      sensitivity: 'none',
      tier: 'aggregate',
      section: 'outcome',
      selfReport: false,
    }),
  }),
  [otherInListNeedsDescription('results')],
);

/** Consent for one purpose: whether it was given, how, when, and when it was withdrawn. */
const consentGrant = (purpose: string, given: z.ZodMiniType<boolean>) =>
  withRules(
    z.strictObject({
      given: field(`consent.${purpose}.given`, given, {
        sensitivity: 'none',
        tier: 'partner',
        section: 'consent',
        selfReport: true,
      }),
      method: optional(`consent.${purpose}.method`, codes(consentMethodCodes), {
        sensitivity: 'none',
        tier: 'partner',
        section: 'consent',
        selfReport: false,
        vocabulary: 'consentMethod',
      }),
      methodOther: optional(`consent.${purpose}.methodOther`, shortText(), {
        sensitivity: 'quasi',
        tier: 'organisation',
        section: 'consent',
        selfReport: false,
      }),
      date: optional(`consent.${purpose}.date`, partialDate(), {
        sensitivity: 'quasi',
        tier: 'partner',
        section: 'consent',
        selfReport: false,
        coarsen: 'month',
      }),
      withdrawnAt: optional(`consent.${purpose}.withdrawnAt`, partialDate(), {
        sensitivity: 'quasi',
        tier: 'partner',
        section: 'consent',
        selfReport: false,
        coarsen: 'month',
      }),
    }),
    [otherNeedsDescription('method')],
  );

const consentSchema = z.strictObject({
  record: consentGrant('record', z.literal(true)),
  refer: z.optional(consentGrant('refer', z.boolean())),
  statistics: z.optional(consentGrant('statistics', z.boolean())),
  story: z.optional(consentGrant('story', z.boolean())),
  contact: z.optional(consentGrant('contact', z.boolean())),
});

/** Contact details may be kept only when the client agreed to be contacted. */
const contactNeedsConsent: CaseRule = {
  code: 'contact_without_consent',
  path: ['client', 'contact'],
  jsonSchema: {
    if: {
      type: 'object',
      required: ['client'],
      properties: { client: { type: 'object', required: ['contact'] } },
    },
    then: {
      required: ['consent'],
      properties: {
        consent: {
          type: 'object',
          required: ['contact'],
          properties: {
            contact: {
              type: 'object',
              required: ['given'],
              properties: { given: { const: true } },
            },
          },
        },
      },
    },
  },
  isBroken: (value) => {
    if (!isRecord(value) || !isRecord(value.client) || value.client.contact === undefined) {
      return false;
    }
    const consent = value.consent;
    return !(isRecord(consent) && isRecord(consent.contact) && consent.contact.given === true);
  },
};

const provenance = { sensitivity: 'none', section: 'record', selfReport: false } as const;

/** The case schema, version 1: one client's account of one or more violations and what was done about it. */
export const caseSchema = withRules(
  z.strictObject({
    schemaVersion: field('schemaVersion', z.literal(currentSchemaVersion), {
      ...provenance,
      tier: 'aggregate',
    }),
    id: field('id', patterned(uuidV7Pattern), { ...provenance, tier: 'partner' }),
    organisation: field('organisation', patterned(organisationPattern), {
      ...provenance,
      tier: 'aggregate',
    }),
    channel: field('channel', codes(channelCodes), {
      ...provenance,
      tier: 'aggregate',
      vocabulary: 'channel',
    }),
    createdAt: field('createdAt', patterned(timestampPattern), {
      ...provenance,
      sensitivity: 'quasi',
      tier: 'partner',
      coarsen: 'month',
    }),
    updatedAt: field('updatedAt', patterned(timestampPattern), {
      ...provenance,
      sensitivity: 'quasi',
      tier: 'partner',
      coarsen: 'month',
    }),
    revision: optional('revision', z.int().check(z.gte(0)), { ...provenance, tier: 'partner' }),
    reporter: z.optional(reporterSchema),
    client: clientSchema,
    incident: incidentSchema,
    firstContactDate: optional('firstContactDate', partialDate(), {
      sensitivity: 'quasi',
      tier: 'partner',
      section: 'record',
      selfReport: false,
      coarsen: 'month',
    }),
    responses: z.optional(z.array(responseSchema).check(z.maxLength(200))),
    outcome: z.optional(outcomeSchema),
    qualification: optional('qualification', codes(caseQualificationCodes), {
      sensitivity: 'none',
      tier: 'aggregate',
      section: 'outcome',
      selfReport: false,
      vocabulary: 'caseQualification',
    }),
    consent: consentSchema,
    extensions: optional('extensions', z.record(patterned(extensionKeyPattern), z.unknown()), {
      sensitivity: 'quasi',
      tier: 'organisation',
      section: 'record',
      selfReport: false,
    }),
  }),
  [contactNeedsConsent],
);

/** A case as stored and exchanged: the output of a successful validation. */
export type Case = z.output<typeof caseSchema>;
/** A violation within a case's incident. */
export type Violation = Case['incident']['violations'][number];
/** A perpetrator of a violation. */
export type Perpetrator = Violation['perpetrators'][number];
/** A response (action taken) recorded on a case. */
export type CaseResponse = NonNullable<Case['responses']>[number];
/** The consent a client gave, per purpose. */
export type Consent = Case['consent'];
