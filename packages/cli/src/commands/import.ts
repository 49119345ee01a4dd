import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Case } from '@talap/core';
import { Option } from 'commander';
import { type CliIo, exitCodes } from '../cli/io.js';
import { resolveLocale } from '../cli/locale.js';
import { addLocaleOption, exitCodeHelp } from '../cli/options.js';
import { openOutput } from '../cli/output.js';
import type { RegisterCommand } from '../cli/program.js';
import { importKoboExport, type KoboExportFormat } from '../kobo/import.js';
import { formatImportIssue } from '../kobo/submission.js';

interface ImportOptions {
  readonly from: 'kobo';
  readonly output?: string;
  readonly out?: string;
  readonly organisation?: string;
  readonly inputFormat?: KoboExportFormat;
  readonly allOrNothing?: boolean;
  readonly locale?: string;
}

async function readInput(file: string, io: CliIo): Promise<Uint8Array> {
  if (file !== '-') return readFile(resolve(io.cwd, file));
  const chunks: Uint8Array[] = [];
  for await (const chunk of io.stdin) {
    chunks.push(
      typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array),
    );
  }
  return Buffer.concat(chunks);
}

/** `talap import --from kobo`: turns a KoboToolbox or ODK export of the Talap form into valid cases (NDJSON). */
export const registerImportCommand: RegisterCommand = (program, io, setExitCode) => {
  const command = program
    .command('import')
    .description(
      'Turn a KoboToolbox or ODK export (CSV, JSON or XLS) of the form `talap xlsform` writes into valid cases, one JSON per line (NDJSON).',
    )
    .argument('<file>', 'the export: .csv, .json or .xlsx; - for standard input')
    .addOption(
      new Option('--from <source>', 'where the export comes from')
        .choices(['kobo'])
        .makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'write the cases to this file instead of standard output')
    .addOption(new Option('--out <file>', 'same as --output').hideHelp())
    .option(
      '--organisation <code>',
      'the organisation code of every case (needed unless the form was made with --organisation)',
    )
    .addOption(
      new Option(
        '--input-format <format>',
        'read the export as this layout (default: from the extension)',
      ).choices(['csv', 'json', 'xlsx']),
    )
    .option(
      '--all-or-nothing',
      'write no case at all when any submission cannot be mapped to a valid case (default: write the valid ones)',
    );
  addLocaleOption(command)
    .addHelpText(
      'after',
      `
Each submission that cannot be mapped to a valid case is reported on standard error with its
row and column (or JSON key); the others are written, unless --all-or-nothing is given. An output
file appears whole or not at all. Exports with repeat groups: use KoboToolbox's XLS export, a
"CSV (legacy)" export or the JSON of its API; its plain CSV export leaves repeat groups out.

Examples:
  talap import --from kobo export.xlsx --organisation kz-aman -o cases.ndjson
  talap import --from kobo submissions.json --all-or-nothing -o cases.ndjson
  talap import --from kobo legacy.csv --locale ru > cases.ndjson
${exitCodeHelp}`,
    )
    .action(async (file: string, options: ImportOptions) => {
      const locale = await resolveLocale(options.locale, io.env);
      const bytes = await readInput(file, io);
      const outcome = await importKoboExport(bytes, {
        locale,
        ...(options.organisation !== undefined ? { organisation: options.organisation } : {}),
        ...(options.inputFormat ? { format: options.inputFormat } : {}),
        ...(file !== '-' ? { fileName: file } : {}),
      });
      const name = file === '-' ? 'stdin' : file;
      if (outcome.issues.length > 0) {
        for (const issue of outcome.issues)
          io.stderr.write(`${name}: ${formatImportIssue(issue)}\n`);
        io.stderr.write(`${name}: nothing imported; fix the export and run again.\n`);
        setExitCode(exitCodes.invalidData);
        return;
      }
      const cases: Case[] = [];
      let failed = 0;
      for (const result of outcome.results) {
        for (const issue of result.issues)
          io.stderr.write(`${name}: ${formatImportIssue(issue)}\n`);
        if (result.ok) cases.push(result.value);
        else failed++;
      }
      const total = outcome.results.length;
      const path = options.output ?? options.out;
      if (failed > 0 && options.allOrNothing) {
        io.stderr.write(
          `${name}: ${failed} of ${total} submissions could not be mapped to valid cases; nothing written (--all-or-nothing).\n`,
        );
        setExitCode(exitCodes.invalidData);
        return;
      }
      const output = await openOutput(path, io);
      try {
        for (const value of cases) await output.write(`${JSON.stringify(value)}\n`);
        await output.commit();
      } catch (error) {
        await output.abort();
        throw error;
      }
      const into = path === undefined || path === '-' ? '' : ` into ${path}`;
      io.stderr.write(
        failed === 0
          ? `${name}: imported ${cases.length} of ${total} submissions${into}.\n`
          : `${name}: imported ${cases.length} of ${total} submissions${into}; ${failed} could not be mapped to valid cases (see above).\n`,
      );
      setExitCode(failed === 0 ? exitCodes.ok : exitCodes.invalidData);
    });
};
