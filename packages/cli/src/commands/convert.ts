import { Option } from 'commander';
import { writeEachRecord } from '../cli/each-record.js';
import { prepareInputs, totalSize } from '../cli/input.js';
import { exitCodes } from '../cli/io.js';
import { addInputOptions, exitCodeHelp, parseCount } from '../cli/options.js';
import { openOutput } from '../cli/output.js';
import { outputFormatOf } from '../cli/output-format.js';
import type { RegisterCommand } from '../cli/program.js';
import { type Progress, startProgress } from '../cli/progress.js';
import { type DataFormat, dataFormats } from '../read/read-records.js';
import { renderReportText } from '../report/render-text.js';
import { isClean, ReportCollector } from '../report/report.js';
import { createRecordWriter } from '../write/record-writer.js';

interface ConvertOptions {
  readonly to?: DataFormat;
  readonly output?: string;
  readonly maxIssues: number;
  readonly inputFormat?: DataFormat;
  readonly mapping?: string;
}

/** `talap convert`: rewrites records between CSV, NDJSON and JSON, streaming, without judging them. */
export const registerConvertCommand: RegisterCommand = (program, io, setExitCode) => {
  const command = program
    .command('convert')
    .description(
      'Rewrite records from CSV, NDJSON or JSON into another of these formats (CSV columns are field paths). Does not validate: run talap validate for that.',
    )
    .argument('<files...>', 'JSON, NDJSON or CSV files of cases; - for standard input')
    .addOption(
      new Option(
        '--to <format>',
        'format to write (default: from the output file’s extension)',
      ).choices(dataFormats),
    )
    .option(
      '-o, --output <file>',
      'the file to write (default: standard output); it appears only when every input was read',
    )
    .option(
      '--max-issues <count>',
      'list at most this many reading problems one by one',
      parseCount,
      100,
    );
  addInputOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  talap convert export.csv -o cases.ndjson
  talap convert cases.ndjson --to csv -o cases.csv
  talap convert cases.json --to ndjson | gzip > cases.ndjson.gz
${exitCodeHelp}`,
    )
    .action(async (files: string[], options: ConvertOptions) => {
      const format = outputFormatOf(options.to, options.output);
      let progress: Progress | undefined;
      const inputs = await prepareInputs(files, options, io, (bytes) => progress?.addBytes(bytes));
      const output = await openOutput(options.output, io);
      const writer = createRecordWriter(format, output);
      const collector = new ReportCollector({ maxIssues: options.maxIssues });
      progress = startProgress(io, totalSize(inputs));
      await writeEachRecord(inputs, collector, writer, progress, (entry) =>
        writer.write(entry.value),
      );
      const report = collector.report();
      if (!isClean(report)) {
        await writer.abort();
        io.stderr.write(renderReportText(report, ' (list them with --max-issues)'));
        io.stderr.write(
          output.folder
            ? `Nothing was written to ${output.name}: fix the problems above and run talap convert again.\n`
            : 'The output above is incomplete: fix the problems listed and run talap convert again.\n',
        );
        setExitCode(exitCodes.invalidData);
        return;
      }
      await writer.finish();
      if (output.folder) {
        io.stderr.write(
          `Wrote ${writer.count.toLocaleString('en')} records as ${format.toUpperCase()} to ${output.name}.\n`,
        );
      }
      setExitCode(exitCodes.ok);
    });
};
