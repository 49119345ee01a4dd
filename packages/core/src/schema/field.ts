import * as z from 'zod/mini';

/** How harmful a field's value is if it reaches the wrong hands. */
export type Sensitivity = 'identifying' | 'special' | 'quasi' | 'none';

/** The widest circle a field may be shared with: the organisation only, partner organisations, or aggregate statistics. */
export type SharingTier = 'organisation' | 'partner' | 'aggregate';

/** The form section (step) a field belongs to. */
export type FormSection =
  | 'record'
  | 'reporter'
  | 'client'
  | 'incident'
  | 'violations'
  | 'responses'
  | 'outcome'
  | 'consent';

/** What the schema says about one field: its labels, its sensitivity, how far it may be shared and where the form shows it. */
export interface FieldMeta {
  /** Dotted path of the field without array indexes, e.g. `incident.violations.type`. */
  readonly key: string;
  /** Catalog key of the field's label. */
  readonly labelKey: string;
  /** Catalog key of the field's help text. */
  readonly helpKey: string;
  readonly sensitivity: Sensitivity;
  readonly tier: SharingTier;
  readonly section: FormSection;
  /** Whether the short self-report form shows the field. */
  readonly selfReport: boolean;
  /** The vocabulary whose codes the field holds, if any. */
  readonly vocabulary?: string;
  /** How the `partner` policy coarsens the value instead of dropping it. */
  readonly coarsen?: 'month';
}

/** The registry that holds the metadata of every field of the case schema. */
export const fieldRegistry = z.registry<FieldMeta>();

/** Metadata as written beside a field; the label and help keys follow from the key. */
export type FieldMetaInput = Omit<FieldMeta, 'labelKey' | 'helpKey' | 'key'>;

/** Registers a schema as the field `key` with its metadata and returns the same schema. */
export function field<S extends z.ZodMiniType>(key: string, schema: S, meta: FieldMetaInput): S {
  fieldRegistry.add(schema, {
    key,
    labelKey: `field.${key}.label`,
    helpKey: `field.${key}.help`,
    ...meta,
  });
  return schema;
}

/** Tiers from narrowest to widest. */
export const sharingTiers: readonly SharingTier[] = ['organisation', 'partner', 'aggregate'];

/** Whether a field of tier `fieldTier` may appear in data shared at tier `policyTier`. */
export function tierAllows(fieldTier: SharingTier, policyTier: SharingTier): boolean {
  return sharingTiers.indexOf(fieldTier) >= sharingTiers.indexOf(policyTier);
}
