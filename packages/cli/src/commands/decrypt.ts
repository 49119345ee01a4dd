import { decryptCase } from '@talap/core/crypto';
import { Option } from 'commander';
import { writeEachRecord } from '../cli/each-record.js';
import { prepareInputs, totalSize } from '../cli/input.js';
import { CliUsageError, exitCodes } from '../cli/io.js';
import { exitCodeHelp, parseCount } from '../cli/options.js';
import { openOutput } from '../cli/output.js';
import { outputFormatOf } from '../cli/output-format.js';
import type { RegisterCommand } from '../cli/program.js';
import { type Progress, startProgress } from '../cli/progress.js';
import { openKeyFiles } from '../crypto/key-files.js';
import { passphraseVariable } from '../crypto/passphrase.js';
import { formatIssueLine } from '../report/render-text.js';
import { ReportCollector } from '../report/report.js';
import { createRecordWriter } from '../write/record-writer.js';

interface DecryptOptions {
  readonly key?: string[];
  readonly passphraseFile?: string[];
  readonly output?: string;
  readonly out?: string;
  readonly to?: 'json' | 'ndjson';
  readonly inputFormat?: 'json' | 'ndjson';
  readonly maxIssues: number;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `talap decrypt`: restores the identifying fields of exported cases with the organisation's key files. */
export const registerDecryptCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('decrypt')
    .description(
      'Decrypt the identifying fields of cases (a hub export, JSON or NDJSON) with the organisation’s private key files; fields that are not encrypted stay as they are. A record that cannot be decrypted is never written, not even in part.',
    )
    .argument(
      '<files...>',
      'JSON or NDJSON files of cases, such as a hub export; - for standard input',
    )
    .option(
      '--key <file>',
      'a private key file of the organisation; repeat it for every key the cases were encrypted for (after a rotation, old and new)',
      collect,
    )
    .option(
      '--passphrase-file <file>',
      `a file holding a key file's passphrase: once for all keys, or once per --key in the same order (else ${passphraseVariable}, else asked on the terminal)`,
      collect,
    )
    .option(
      '-o, --output <file>',
      'the file to write (default: standard output); it appears only when every record was decrypted, readable by you only',
    )
    .addOption(new Option('--out <file>', 'the same as --output').hideHelp())
    .addOption(
      new Option(
        '--to <format>',
        'format to write (default: from the output file’s extension, else NDJSON)',
      ).choices(['json', 'ndjson']),
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
  talap decrypt --key kz-aman-2026.talap-key cases.ndjson -o cases.decrypted.ndjson
  talap decrypt --key kz-aman-2024.talap-key --key kz-aman-2026.talap-key cases.ndjson -o all.ndjson

Decrypted cases hold what the encryption protected: keep them on the offline computer and delete
them when the work is done.
${exitCodeHelp}`,
    )
    .action(async (files: string[], options: DecryptOptions) => {
      if (!options.key) {
        throw new CliUsageError(
          'give the organisation’s private key file with --key (several --key after a rotation).',
        );
      }
      if (options.output !== undefined && options.out !== undefined) {
        throw new CliUsageError('give the output once: --output or --out.');
      }
      const outputPath = options.output ?? options.out;
      const format = outputFormatOf(options.to, outputPath, 'ndjson');
      if (format === 'csv') {
        throw new CliUsageError(
          'talap decrypt writes JSON or NDJSON: give an output named .json or .ndjson.',
        );
      }
      let progress: Progress | undefined;
      const inputs = await prepareInputs(files, options, io, (bytes) => progress?.addBytes(bytes));
      const csv = inputs.find((input) => input.source.format === 'csv');
      if (csv) {
        throw new CliUsageError(
          `talap decrypt reads JSON or NDJSON (as the hub exports), not ${csv.source.name}: encrypted values do not fit in CSV cells.`,
        );
      }
      const keys = await openKeyFiles(options.key, io, {
        passphraseFiles: options.passphraseFile ?? [],
        stdinBusy: files.includes('-'),
      });
      const output = await openOutput(outputPath, io);
      const writer = createRecordWriter(format, output);
      const collector = new ReportCollector({ maxIssues: options.maxIssues });
      let failed = 0;
      progress = startProgress(io, totalSize(inputs));
      await writeEachRecord(inputs, collector, writer, progress, async (entry) => {
        const opened = await decryptCase(entry.value, keys);
        if (!opened.ok) {
          failed += 1;
          collector.addRecord(entry, {
            ok: false,
            issues: opened.issues.map((issue) => ({
              path: issue.path,
              code: issue.code,
              severity: 'error' as const,
              message: issue.message,
            })),
          });
          return;
        }
        collector.addRecord(entry, { ok: true, issues: [] });
        await writer.write(opened.value);
      });
      const report = collector.report();
      const unread = report.totals.invalid - failed;
      if (report.totals.invalid > 0 || report.totals.filesNotReadToEnd > 0) {
        // A file appears only whole; standard output gets every record that was decrypted.
        if (output.folder) await writer.abort();
        else await writer.finish();
        const lines = report.issues.map(formatIssueLine);
        if (report.omittedIssues > 0) {
          lines.push(
            `… and ${report.omittedIssues.toLocaleString('en')} more not listed (list them with --max-issues).`,
          );
        }
        const counts = [
          failed > 0 ? `${failed.toLocaleString('en')} could not be decrypted` : '',
          unread > 0 ? `${unread.toLocaleString('en')} could not be read` : '',
        ].filter(Boolean);
        lines.push(
          `${report.totals.records.toLocaleString('en')} records: ${counts.join(', ') || 'a file could not be read to its end'}.`,
          output.folder
            ? `Nothing was written to ${output.name}: give the key files the records need (several --key after a rotation) and run talap decrypt again.`
            : 'The output above is incomplete: the records listed were left out, none of them in part.',
        );
        io.stderr.write(`${lines.join('\n')}\n`);
        setExitCode(exitCodes.invalidData);
        return;
      }
      await writer.finish();
      io.stderr.write(
        `Decrypted ${writer.count.toLocaleString('en')} records into ${output.name}. It holds the identifying fields in plain text: keep it on this computer and delete it when the work is done.\n`,
      );
      setExitCode(exitCodes.ok);
    });
};
