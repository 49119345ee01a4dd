import { Option } from 'commander';
import { prepareInputs, totalSize } from '../cli/input.js';
import { exitCodes } from '../cli/io.js';
import { resolveLocale } from '../cli/locale.js';
import { addInputOptions, addLocaleOption, exitCodeHelp, parseCount } from '../cli/options.js';
import { openOutput } from '../cli/output.js';
import {
  checkInParallel,
  maxJobs,
  parallelThresholdBytes,
  workerScript,
} from '../cli/parallel-check.js';
import type { RegisterCommand } from '../cli/program.js';
import { type Progress, startProgress } from '../cli/progress.js';
import type { DataFormat } from '../read/read-records.js';
import { type CaseValidator, checkSource } from '../report/check-records.js';
import { renderReportHtml } from '../report/render-html.js';
import { renderReportText } from '../report/render-text.js';
import { isClean, ReportCollector } from '../report/report.js';

interface ValidateOptions {
  readonly format: 'text' | 'json' | 'html';
  readonly output?: string;
  readonly locale?: string;
  readonly maxIssues: number;
  readonly jobs: number;
  readonly inputFormat?: DataFormat;
  readonly mapping?: string;
}

/** `talap validate`: checks every record of JSON, NDJSON and CSV files and reports in text, JSON or HTML. */
export const registerValidateCommand: RegisterCommand = (program, io, setExitCode) => {
  const command = program
    .command('validate')
    .description(
      'Check that every record of the files is a valid case: a summary, the most frequent issues, and each issue with file, line and column.',
    )
    .argument(
      '<files...>',
      'JSON (one case or an array), NDJSON or CSV files; - for standard input',
    )
    .addOption(
      new Option('--format <format>', 'how to report')
        .choices(['text', 'json', 'html'])
        .default('text'),
    )
    .option('-o, --output <file>', 'write the report to this file instead of standard output');
  addLocaleOption(command);
  command
    .option(
      '--max-issues <count>',
      'list at most this many issues one by one (all are counted)',
      parseCount,
      100,
    )
    .option(
      '--jobs <count>',
      `validate NDJSON files of ${parallelThresholdBytes / 1024 / 1024} MB or more with this many worker threads (this machine: up to ${maxJobs()} are useful); each adds about 45 MB of memory`,
      parseCount,
      1,
    );
  addInputOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  talap validate cases.ndjson
  talap validate export.csv --mapping columns.json --locale ru
  talap validate cases.json --format html -o report.html
  cat cases.ndjson | talap validate - --input-format ndjson --format json
${exitCodeHelp}`,
    )
    .action(async (files: string[], options: ValidateOptions) => {
      const locale = await resolveLocale(options.locale, io.env);
      let progress: Progress | undefined;
      const inputs = await prepareInputs(files, options, io, (bytes) => progress?.addBytes(bytes));
      const output = await openOutput(options.output, io);
      progress = startProgress(io, totalSize(inputs));
      const collector = new ReportCollector({ locale, maxIssues: options.maxIssues });
      const script = options.jobs > 1 ? workerScript() : undefined;
      let validate: CaseValidator | undefined;
      let before = 0;
      try {
        for (const input of inputs) {
          const { source, path, size = 0 } = input;
          collector.startFile(source.name, source.format);
          let read = 0;
          const onRecords = (count: number) => {
            read = count;
            progress?.setRecords(before + count);
          };
          if (script && path && source.format === 'ndjson' && size >= parallelThresholdBytes) {
            await checkInParallel(path, source.name, size, collector, {
              jobs: options.jobs,
              locale,
              maxIssues: options.maxIssues,
              script,
              onProgress: (bytes, records) => {
                progress?.addBytes(bytes);
                onRecords(records);
              },
            });
          } else {
            // Loaded only when this thread validates: worker threads load their own.
            validate ??= (await import('@talap/core/ajv')).validateCase;
            await checkSource(source, collector, validate, locale, onRecords);
          }
          before += read;
        }
      } catch (error) {
        await output.abort();
        throw error;
      } finally {
        progress.stop();
      }
      const report = collector.report();
      const text =
        options.format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : options.format === 'html'
            ? renderReportHtml(report)
            : renderReportText(report, ' (list them with --max-issues)');
      await output.write(text);
      await output.commit();
      if (options.output) {
        io.stderr.write(
          `Report written to ${options.output}: ${report.totals.records.toLocaleString('en')} records, ${report.totals.invalid.toLocaleString('en')} invalid.\n`,
        );
      }
      setExitCode(isClean(report) ? exitCodes.ok : exitCodes.invalidData);
    });
};
