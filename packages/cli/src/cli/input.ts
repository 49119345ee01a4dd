import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type CsvMapping, parseCsvMapping } from '../read/csv-mapping.js';
import { locateJsonError } from '../read/json-syntax.js';
import { positionIn } from '../read/position.js';
import { type DataFormat, formatOfName, type RecordSource } from '../read/read-records.js';
import { type CliIo, CliUsageError } from './io.js';
import { createNodeUtf8Decoder } from './node-utf8.js';

/** An input file ready to be read: its source and its size (unknown for standard input). */
export interface PreparedInput {
  readonly source: RecordSource;
  readonly size: number | undefined;
  /** The file's absolute path (undefined for standard input). */
  readonly path?: string;
}

/** How the input options of a command read. */
export interface InputOptions {
  readonly inputFormat?: DataFormat;
  readonly mapping?: string;
}

// Small enough that a chunk's records die young (flat memory), large enough to keep reads cheap.
const chunkSize = 1 << 16;
const encoder = new TextEncoder();

async function* bytesOf(
  stream: AsyncIterable<unknown>,
  onBytes: (count: number) => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array);
    onBytes(bytes.length);
    yield bytes;
  }
}

/** Reads and checks a `--mapping` file; a mistake in it is a usage error naming its line and column. */
export async function loadMapping(path: string, io: CliIo): Promise<CsvMapping> {
  const text = await readFile(resolve(io.cwd, path), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const error = locateJsonError(text);
    const at = positionIn(text, error.offset, { line: 1, column: 1 });
    throw new CliUsageError(
      `${path}:${at.line}:${at.column}: the mapping is not valid JSON: ${error.reason}.`,
    );
  }
  const parsed = parseCsvMapping(json);
  if (!parsed.ok) throw new CliUsageError(`${path}: ${parsed.error}.`);
  return parsed.mapping;
}

/**
 * Checks every input before any is read (it exists, is a file, its format is known) and prepares
 * them to stream; `-` is standard input, once. `onBytes` hears of every chunk read, for progress.
 */
export async function prepareInputs(
  files: readonly string[],
  options: InputOptions,
  io: CliIo,
  onBytes: (count: number) => void = () => {},
): Promise<PreparedInput[]> {
  const mapping = options.mapping ? await loadMapping(options.mapping, io) : undefined;
  if (files.filter((file) => file === '-').length > 1) {
    throw new CliUsageError('standard input (-) can be read only once.');
  }
  const inputs: PreparedInput[] = [];
  for (const file of files) {
    const format = options.inputFormat ?? (file === '-' ? undefined : formatOfName(file));
    if (!format) {
      throw new CliUsageError(
        file === '-'
          ? 'reading standard input (-) needs --input-format json, ndjson or csv.'
          : `cannot tell the format of ${JSON.stringify(file)} from its name: name it .json, .ndjson or .csv, or give --input-format json, ndjson or csv.`,
      );
    }
    const withMapping = format === 'csv' && mapping ? { mapping } : {};
    if (file === '-') {
      inputs.push({
        source: {
          name: 'stdin',
          format,
          bytes: bytesOf(io.stdin, onBytes),
          createDecoder: createNodeUtf8Decoder,
          ...withMapping,
        },
        size: undefined,
      });
      continue;
    }
    const path = resolve(io.cwd, file);
    const info = await stat(path);
    if (info.isDirectory()) throw new CliUsageError(`${file} is a folder: give the files in it.`);
    inputs.push({
      source: {
        name: file,
        format,
        bytes: {
          [Symbol.asyncIterator]: () =>
            bytesOf(createReadStream(path, { highWaterMark: chunkSize }), onBytes),
        },
        createDecoder: createNodeUtf8Decoder,
        ...withMapping,
      },
      size: info.size,
      path,
    });
  }
  return inputs;
}

/** The total size of the inputs in bytes, or undefined when one is standard input. */
export function totalSize(inputs: readonly PreparedInput[]): number | undefined {
  return inputs.every((input) => input.size !== undefined)
    ? inputs.reduce((sum, input) => sum + (input.size ?? 0), 0)
    : undefined;
}
