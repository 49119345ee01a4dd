import { type RedactionPolicy, redact } from '@talap/core';
import { validateCase } from '@talap/core/ajv';
import { Option } from 'commander';
import { writeEachRecord } from '../cli/each-record.js';
import { prepareInputs, totalSize } from '../cli/input.js';
import { exitCodes } from '../cli/io.js';
import { resolveLocale } from '../cli/locale.js';
import { addInputOptions, addLocaleOption, exitCodeHelp, parseCount } from '../cli/options.js';
import { openOutput } from '../cli/output.js';
import { outputFormatOf } from '../cli/output-format.js';
import type { RegisterCommand } from '../cli/program.js';
import { type Progress, startProgress } from '../cli/progress.js';
import { type DataFormat, dataFormats } from '../read/read-records.js';
import { renderReportText } from '../report/render-text.js';
import { isClean, ReportCollector } from '../report/report.js';
import { createRecordWriter } from '../write/record-writer.js';

interface RedactOptions {
  readonly policy: Extract<RedactionPolicy, 'partner' | 'aggregate'>;
  readonly output: string;
  readonly to?: DataFormat;
  readonly locale?: string;
  readonly maxIssues: number;
  readonly inputFormat?: DataFormat;
  readonly mapping?: string;
}

/** `talap redact`: writes the shareable form of valid records, and nothing at all when one is invalid. */
export const registerRedactCommand: RegisterCommand = (program, io, setExitCode) => {
  const command = program
    .command('redact')
    .description(
      'Write the records prepared for sharing: partner (no identifying fields or free text, dates to the month, place to the region) or aggregate (only what statistics need, only clients who consented to be counted). Writes nothing if any record is invalid.',
    )
    .argument('<files...>', 'JSON, NDJSON or CSV files of cases; - for standard input')
    .addOption(
      new Option('--policy <policy>', 'who the output is for')
        .choices(['partner', 'aggregate'])
        .makeOptionMandatory(),
    )
    .requiredOption(
      '-o, --output <file>',
      'the file to write; it appears only when every record is valid',
    )
    .addOption(
      new Option(
        '--to <format>',
        'format to write (default: from the output file’s extension)',
      ).choices(dataFormats),
    );
  addLocaleOption(command);
  command.option(
    '--max-issues <count>',
    'list at most this many issues one by one',
    parseCount,
    100,
  );
  addInputOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  talap redact cases.ndjson --policy partner -o shared.ndjson
  talap redact export.csv --mapping columns.json --policy aggregate -o statistics.csv
${exitCodeHelp}`,
    )
    .action(async (files: string[], options: RedactOptions) => {
      const locale = await resolveLocale(options.locale, io.env);
      const format = outputFormatOf(options.to, options.output);
      let progress: Progress | undefined;
      const inputs = await prepareInputs(files, options, io, (bytes) => progress?.addBytes(bytes));
      const output = await openOutput(options.output, io);
      const writer = createRecordWriter(format, output);
      const collector = new ReportCollector({ locale, maxIssues: options.maxIssues });
      const validateOptions = { locale };
      let refused = false;
      let withoutConsent = 0;
      progress = startProgress(io, totalSize(inputs));
      await writeEachRecord(inputs, collector, writer, progress, async (entry) => {
        const result = validateCase(entry.value, validateOptions);
        collector.addRecord(entry, result);
        if (!result.ok) refused = true;
        if (refused || !result.ok) return;
        const shared = redact(result.value, options.policy);
        if (shared === null) withoutConsent += 1;
        else await writer.write(shared);
      });
      const report = collector.report();
      if (!isClean(report)) {
        await writer.abort();
        io.stderr.write(renderReportText(report, ' (list them with --max-issues)'));
        io.stderr.write(
          `Nothing was written to ${options.output}: every record must be valid before it is shared. Fix the records above (talap validate lists every issue) and run talap redact again.\n`,
        );
        setExitCode(exitCodes.invalidData);
        return;
      }
      await writer.finish();
      const count = writer.count.toLocaleString('en');
      const consent =
        withoutConsent > 0
          ? ` Left out ${withoutConsent.toLocaleString('en')} whose client did not consent to be counted in statistics.`
          : '';
      const warnings =
        report.totals.withWarnings > 0
          ? ` ${report.totals.withWarnings.toLocaleString('en')} records carry warnings: talap validate lists them.`
          : '';
      io.stderr.write(
        `Wrote ${count} records redacted with the ${options.policy} policy to ${options.output}.${consent}${warnings}\n`,
      );
      setExitCode(exitCodes.ok);
    });
};
