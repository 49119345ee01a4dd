import { readRecords } from '../read/read-records.js';
import type { RecordRead } from '../read/record-entry.js';
import type { ReportCollector } from '../report/report.js';
import type { PreparedInput } from './input.js';
import type { Progress } from './progress.js';

/**
 * Reads every record of the inputs in order and hands each to `handle`; problems met while
 * reading go to the collector. `onRecords` hears the count after each batch, for progress.
 */
export async function forEachRecord(
  inputs: readonly PreparedInput[],
  collector: ReportCollector,
  handle: (entry: RecordRead) => Promise<void> | void,
  onRecords: (count: number) => void = () => {},
): Promise<void> {
  let count = 0;
  for (const input of inputs) {
    collector.startFile(input.source.name, input.source.format);
    for await (const batch of readRecords(input.source)) {
      for (const entry of batch) {
        if (entry.kind === 'problem') collector.addProblem(entry);
        else {
          count += 1;
          await handle(entry);
        }
      }
      onRecords(count);
    }
  }
}

/**
 * `forEachRecord` for a command that writes what it reads: the progress bar follows the count and
 * stops at the end, and the writer is aborted (nothing half-written) when reading fails.
 */
export async function writeEachRecord(
  inputs: readonly PreparedInput[],
  collector: ReportCollector,
  writer: { abort(): Promise<void> },
  progress: Progress,
  handle: (entry: RecordRead) => Promise<void> | void,
): Promise<void> {
  try {
    await forEachRecord(inputs, collector, handle, (records) => progress.setRecords(records));
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    progress.stop();
  }
}
