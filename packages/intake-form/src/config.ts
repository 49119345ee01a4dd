import type { Channel, FormSection } from '@talap/core';

/** Which form the element shows: a client reporting for themself, or a documenter recording a full case. */
export type IntakeFormMode = 'self-report' | 'documenter';

/** A text in one language, or in several keyed by locale (`en`, `ru`, `kk`, `uk`); English is the fallback. */
export type LocalisedText = string | Readonly<Record<string, string>>;

/** An organisation's own field, stored under the case's `extensions` with a namespaced key. */
export interface ExtensionFieldConfig {
  /** The namespaced key, e.g. `kz-aman:hotlineTicket` (organisation code, a colon, a field name). */
  readonly key: string;
  readonly label: LocalisedText;
  readonly help?: LocalisedText;
  /** The kind of answer. Default `text`. */
  readonly type?: 'text' | 'textarea' | 'number' | 'boolean' | 'choice' | 'choices';
  /** The options of a `choice` or `choices` field. */
  readonly options?: readonly { readonly value: string; readonly label: LocalisedText }[];
  /** Whether an answer is needed before the step can be left. */
  readonly required?: boolean;
  /** The step the field appears on. Default `record` ("About the record"). */
  readonly section?: FormSection;
  /** Whether the self-report form shows it too. Default true. */
  readonly selfReport?: boolean;
}

/** What an embedding site can change without touching the schema. */
export interface IntakeFormConfig {
  /** The organisation code written into every case (e.g. `kz-aman`). Default `unspecified`. */
  readonly organisation?: string;
  /** How the case arrived. Default `self_report` in self-report mode, `documenter` otherwise. */
  readonly channel?: Channel;
  /** Optional fields (dotted keys such as `client.pronouns`) not to show. Required fields cannot be hidden. */
  readonly hide?: readonly string[];
  /** Optional fields (dotted keys) that must be answered on this site. */
  readonly require?: readonly string[];
  /**
   * Preset answers by dotted key (`incident.country`: `KZ`), outside repeatable lists. A preset of
   * a hidden field is still written into the case.
   */
  readonly values?: Readonly<Record<string, unknown>>;
  /** The organisation's own fields. */
  readonly extensions?: readonly ExtensionFieldConfig[];
}
