import { readCsv } from './csv.js';
import type { CsvMapping } from './csv-mapping.js';
import { readJson } from './json.js';
import { readNdjson } from './ndjson.js';
import { ReadFailure } from './read-problem.js';
import type { RecordEntry } from './record-entry.js';
import { decodeUtf8, type Utf8Decoder } from './utf8.js';

/** The file formats talap reads and writes. */
export const dataFormats = ['json', 'ndjson', 'csv'] as const;

/** A file format talap reads and writes: JSON (one case or an array), NDJSON, or CSV. */
export type DataFormat = (typeof dataFormats)[number];

const formatOfExtension: Readonly<Record<string, DataFormat>> = {
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  csv: 'csv',
};

/** The format a file name's extension says (`.json`, `.ndjson` or `.jsonl`, `.csv`), if it says one. */
export function formatOfName(name: string): DataFormat | undefined {
  const match = /\.([A-Za-z]+)$/.exec(name);
  return match ? formatOfExtension[match[1]!.toLowerCase()] : undefined;
}

/** A file to read records from: its bytes in chunks, and how to read them. */
export interface RecordSource {
  /** The name reports use for the file. */
  readonly name: string;
  readonly format: DataFormat;
  /** The file's bytes, in chunks of any size. */
  readonly bytes: AsyncIterable<Uint8Array>;
  /** How CSV columns become fields (CSV only). */
  readonly mapping?: CsvMapping;
  /** Makes the UTF-8 decoder (default: a fatal `TextDecoder`); Node passes a faster one. */
  readonly createDecoder?: () => Utf8Decoder;
  /** Where `bytes` start in the file, when they are a part of it (for byte offsets in messages). */
  readonly byteOffset?: number;
}

/**
 * Reads the records of a file as they stream in, each with where it starts, in batches (one per
 * chunk read). Problems with the file (not UTF-8, malformed JSON or CSV, cut short, empty) come as
 * entries too, never as exceptions; after a problem of `scope: 'file'` nothing more is read.
 */
export async function* readRecords(source: RecordSource): AsyncGenerator<RecordEntry[]> {
  const texts = decodeUtf8(source.bytes, source.createDecoder?.(), source.byteOffset);
  const entries =
    source.format === 'csv'
      ? readCsv(texts, source.mapping)
      : source.format === 'json'
        ? readJson(texts)
        : readNdjson(texts);
  try {
    yield* entries;
  } catch (error) {
    if (error instanceof ReadFailure) yield [error.problem];
    else throw error;
  }
}
