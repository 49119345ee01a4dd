import {
  maxRecordChars,
  type ReadProblem,
  type ReadProblemCode,
  type SourcePosition,
} from './record-entry.js';

type Params = Readonly<Record<string, string | number>>;

// What each problem says: what is wrong, then what to do. `{name}` is filled from the params,
// which are counts, offsets, byte values and column names, never a record's content.
const messages: Readonly<Record<ReadProblemCode, string>> = {
  not_utf8:
    'the file is not UTF-8 text: byte {byte} at byte offset {offset} cannot be read. Save it as UTF-8 (in Excel: “CSV UTF-8”; in LibreOffice: character set “Unicode (UTF-8)”) and try again.',
  empty_file: 'the file is empty: there is no record to check. Export it again.',
  not_json: 'this is not valid JSON: {reason}.',
  not_a_case_list:
    'expected a case (a JSON object) or an array of cases, found {found}. Give a file of cases.',
  trailing_content:
    'there is more after the end of the JSON value. For one case per line, name the file .ndjson or use --input-format ndjson.',
  truncated:
    'the file ends inside {inside}: it was probably cut short. Export or copy it again, whole.',
  record_too_large: `the record starting here is longer than ${maxRecordChars.toLocaleString('en')} characters, the most talap reads as one record. A case is a few kilobytes: check that the file has the format its name says.`,
  ragged_row:
    'this row has {found} cells, the header has {expected}. Look for a missing or extra delimiter, or a cell with a delimiter that is not in double quotes.',
  unclosed_quote:
    'the quoted cell that starts here is never closed, so the rest of the file would be one cell. Close it with a double quote, and double each quote inside it ("").',
  stray_quote:
    'a double quote inside a cell that does not start with one. Put the whole cell in double quotes and double each quote inside it ("").',
  missing_header:
    'the first row must be a header of field paths (like client.code or incident.violations.0.type), or give --mapping for other headers.',
  unknown_column:
    'column {column} “{header}” is not a field of the case schema{hint} Rename it to a field path, or map it (or map it to null to leave it out) in a --mapping file.',
  duplicate_column:
    'columns {first} and {column} both fill “{path}”. Keep one of them, or map one of them elsewhere.',
};

/** Builds a read problem with its English message; `params` hold counts and names, never content. */
export function readProblem(
  code: ReadProblemCode,
  at: SourcePosition,
  options: { readonly scope: 'record' | 'file'; readonly params?: Params; readonly index?: number },
): ReadProblem {
  const params = options.params ?? {};
  const message = messages[code].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
  return {
    kind: 'problem',
    scope: options.scope,
    code,
    message,
    line: at.line,
    column: at.column,
    ...(options.index === undefined ? {} : { index: options.index }),
  };
}

/** Shortens a name taken from a file (a CSV header) for a message: at most 40 characters, one line. */
export function shortName(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

/** Thrown inside a reader when the rest of a file cannot be read; readers turn it into a problem entry. */
export class ReadFailure extends Error {
  override readonly name = 'ReadFailure';
  constructor(readonly problem: ReadProblem) {
    super(problem.message);
  }
}
