import type { ValidationResult } from '@talap/core';
import { type RecordSource, readRecords } from '../read/read-records.js';
import { ReportCollector, type ReportOptions, type ValidationReport } from './report.js';

/** A case validator: `validateCase` of `@talap/core` (zod, for browsers) or of `@talap/core/ajv` (faster in Node). */
export type CaseValidator = (
  input: unknown,
  options: { readonly locale: string },
) => ValidationResult<unknown>;

/** What `checkRecords` needs besides the files. */
export interface CheckOptions extends ReportOptions {
  readonly validate: CaseValidator;
  /** Called after each batch with the number of records read so far, for a progress display. */
  readonly onProgress?: (records: number) => void;
}

/**
 * Reads and validates every record of one file into a collector, one batch at a time; `onRecords`
 * hears how many records were read after each batch.
 */
export async function checkSource(
  source: RecordSource,
  collector: ReportCollector,
  validate: CaseValidator,
  locale: string,
  onRecords: (count: number) => void = () => {},
): Promise<void> {
  const validateOptions = { locale };
  let count = 0;
  for await (const batch of readRecords(source)) {
    for (const entry of batch) {
      if (entry.kind === 'record') {
        collector.addRecord(entry, validate(entry.value, validateOptions));
        count += 1;
      } else collector.addProblem(entry);
    }
    onRecords(count);
  }
}

/**
 * Reads and validates every record of the given files, one batch at a time, and resolves with the
 * report. Memory stays bounded whatever the size of the files.
 */
export async function checkRecords(
  sources: Iterable<RecordSource>,
  options: CheckOptions,
): Promise<ValidationReport> {
  const locale = options.locale ?? 'en';
  const collector = new ReportCollector({ ...options, locale });
  let before = 0;
  for (const source of sources) {
    collector.startFile(source.name, source.format);
    let read = 0;
    await checkSource(source, collector, options.validate, locale, (count) => {
      read = count;
      options.onProgress?.(before + count);
    });
    before += read;
  }
  return collector.report();
}
