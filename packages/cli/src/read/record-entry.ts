/** Where something starts in a file: 1-based line and column (columns count UTF-16 characters). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Where a validation issue of a CSV record points: its cell, and the column's header. */
export interface CellPosition extends SourcePosition {
  /** The header of the column, shortened, as the file names it. */
  readonly header: string;
}

/** A record read from a file, with where it starts. */
export interface RecordRead extends SourcePosition {
  readonly kind: 'record';
  /** 1-based number of the record in its file. */
  readonly index: number;
  /** The parsed record, not yet validated. */
  readonly value: unknown;
  /** For CSV: the cell a JSON Pointer into the record came from, when it came from one. */
  readonly cellOf?: (pointer: string) => CellPosition | undefined;
}

/** Stable codes of the problems met while reading a file (its bytes, its syntax, its CSV layout). */
export const readProblemCodes = [
  'not_utf8',
  'empty_file',
  'not_json',
  'not_a_case_list',
  'trailing_content',
  'truncated',
  'record_too_large',
  'ragged_row',
  'unclosed_quote',
  'stray_quote',
  'missing_header',
  'unknown_column',
  'duplicate_column',
] as const;

/** A stable code of a problem met while reading a file. */
export type ReadProblemCode = (typeof readProblemCodes)[number];

/**
 * Something in a file that could not be read as a record: one record (`scope: 'record'`, reading
 * goes on with the next) or the rest of the file (`scope: 'file'`, reading stops).
 */
export interface ReadProblem extends SourcePosition {
  readonly kind: 'problem';
  readonly scope: 'record' | 'file';
  readonly code: ReadProblemCode;
  /** What is wrong and what to do, in English; never the file's content. */
  readonly message: string;
  /** 1-based number of the record it stands for, when it stands for one. */
  readonly index?: number;
}

/** What a reader yields: records and problems, in file order. */
export type RecordEntry = RecordRead | ReadProblem;

/**
 * The longest record talap reads, in characters: a case is a few kilobytes, so anything longer is
 * not one (a file in the wrong format, a line that swallowed the file). Reading stays in bounded memory.
 */
export const maxRecordChars = 1_048_576;
