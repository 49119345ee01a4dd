import { currentSchemaVersion, migrate } from '@talap/core';
import { Option } from 'commander';
import { writeEachRecord } from '../cli/each-record.js';
import { prepareInputs, totalSize } from '../cli/input.js';
import { CliUsageError, exitCodes } from '../cli/io.js';
import { exitCodeHelp, parseCount } from '../cli/options.js';
import { openOutput } from '../cli/output.js';
import { outputFormatOf } from '../cli/output-format.js';
import type { RegisterCommand } from '../cli/program.js';
import { type Progress, startProgress } from '../cli/progress.js';
import { type DataFormat, dataFormats } from '../read/read-records.js';
import { renderReportText } from '../report/render-text.js';
import { isClean, ReportCollector } from '../report/report.js';
import { createRecordWriter } from '../write/record-writer.js';

interface MigrateOptions {
  readonly to?: DataFormat;
  readonly output?: string;
  readonly maxIssues: number;
  readonly inputFormat?: 'json' | 'ndjson';
}

/** `talap migrate`: lifts records of older schema versions to the current one. */
export const registerMigrateCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('migrate')
    .description(
      `Lift records of older schema versions to the current one (${currentSchemaVersion}); records already current are written as they are. Migration reshapes, it does not judge: run talap validate on the result.`,
    )
    .argument('<files...>', 'JSON or NDJSON files of cases; - for standard input')
    .addOption(
      new Option(
        '--to <format>',
        'format to write (default: from the output file’s extension, else NDJSON)',
      ).choices(dataFormats),
    )
    .option(
      '-o, --output <file>',
      'the file to write (default: standard output); it appears only when every record was lifted',
    )
    .addOption(
      new Option(
        '--input-format <format>',
        'read every input as this format (default: from the extension)',
      ).choices(['json', 'ndjson']),
    )
    .option('--max-issues <count>', 'list at most this many problems one by one', parseCount, 100)
    .addHelpText(
      'after',
      `
Examples:
  talap migrate pilot-2023.ndjson -o cases.ndjson && talap validate cases.ndjson
${exitCodeHelp}`,
    )
    .action(async (files: string[], options: MigrateOptions) => {
      const format = outputFormatOf(options.to, options.output, 'ndjson');
      let progress: Progress | undefined;
      const inputs = await prepareInputs(files, options, io, (bytes) => progress?.addBytes(bytes));
      const csv = inputs.find((input) => input.source.format === 'csv');
      if (csv) {
        throw new CliUsageError(
          `talap migrate reads JSON or NDJSON, not ${csv.source.name}: older records have fields the CSV columns of the current schema do not know.`,
        );
      }
      const output = await openOutput(options.output, io);
      const writer = createRecordWriter(format, output);
      const collector = new ReportCollector({ maxIssues: options.maxIssues });
      const lifted = new Map<number, number>();
      progress = startProgress(io, totalSize(inputs));
      await writeEachRecord(inputs, collector, writer, progress, async (entry) => {
        const result = migrate(entry.value);
        if (!result.ok) {
          collector.addRecord(entry, {
            ok: false,
            issues: [
              {
                path: '',
                code: result.error.code,
                severity: 'error',
                message: result.error.message,
              },
            ],
          });
          return;
        }
        collector.addRecord(entry, { ok: true, issues: [] });
        lifted.set(result.fromVersion, (lifted.get(result.fromVersion) ?? 0) + 1);
        await writer.write(result.value);
      });
      const report = collector.report();
      if (!isClean(report)) {
        // A file appears only whole; standard output gets every record that was lifted.
        if (output.folder) await writer.abort();
        else await writer.finish();
        io.stderr.write(renderReportText(report, ' (list them with --max-issues)'));
        io.stderr.write(
          output.folder
            ? `Nothing was written to ${output.name}: fix the records above and run talap migrate again.\n`
            : 'The output above is incomplete: the records listed were left out, none of them in part. Fix them and run talap migrate again.\n',
        );
        setExitCode(exitCodes.invalidData);
        return;
      }
      await writer.finish();
      const parts = [...lifted.entries()]
        .sort(([a], [b]) => a - b)
        .map(([version, count]) =>
          version === currentSchemaVersion
            ? `${count.toLocaleString('en')} already at version ${version}`
            : `${count.toLocaleString('en')} lifted from version ${version}`,
        );
      io.stderr.write(
        `Migrated ${writer.count.toLocaleString('en')} records to schema version ${currentSchemaVersion} (${parts.join(', ') || 'none'}) into ${output.name}. Now check them with talap validate.\n`,
      );
      setExitCode(exitCodes.ok);
    });
};
