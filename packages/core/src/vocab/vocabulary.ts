/** One entry of a controlled vocabulary: what a code means and where it maps in other standards. */
export interface VocabularyEntry {
  /** A short English description of what the code covers (one sentence). */
  readonly description: string;
  /** The closest HURIDOCS Events Standard Formats micro-thesaurus term, if one exists (e.g. "Right to health"). */
  readonly huridocs?: string;
  /** The closest GBVIMS classification term, if one exists (e.g. "Denial of resources, opportunities or services"). */
  readonly gbvims?: string;
  /** True for a code kept only so that older records stay valid. */
  readonly deprecated?: boolean;
}

/** A named vocabulary: every code with its entry. */
export interface Vocabulary<Code extends string> {
  readonly name: string;
  readonly codes: readonly Code[];
  readonly entries: { readonly [K in Code]: VocabularyEntry };
}
