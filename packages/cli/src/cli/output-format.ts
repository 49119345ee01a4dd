import { type DataFormat, formatOfName } from '../read/read-records.js';
import { CliUsageError } from './io.js';

/** The format to write: `--to`, else the output file's extension, else `fallback` (or a usage error when there is none). */
export function outputFormatOf(
  to: DataFormat | undefined,
  output: string | undefined,
  fallback?: DataFormat,
): DataFormat {
  const format = to ?? (output && output !== '-' ? formatOfName(output) : undefined) ?? fallback;
  if (!format) {
    throw new CliUsageError(
      output && output !== '-'
        ? `cannot tell which format to write from ${JSON.stringify(output)}: name it .json, .ndjson or .csv, or give --to json, ndjson or csv.`
        : 'give --to json, ndjson or csv, or an --output file named .json, .ndjson or .csv.',
    );
  }
  return format;
}
