import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  caseSchema,
  objectShape,
  patternOf,
  type ShippedLocale,
  shippedLocales,
} from '@talap/core';
import { Option } from 'commander';
import { type CliIo, CliUsageError, type ExitCode, exitCodes } from '../cli/io.js';
import { exitCodeHelp } from '../cli/options.js';
import { removeTemporary, temporaryPathBeside } from '../cli/output.js';
import type { RegisterCommand } from '../cli/program.js';
import { checkXlsForm } from '../kobo/check-xlsform.js';
import { readWorkbook, textSheet } from '../kobo/workbook.js';
import { buildXlsForm, writeXlsForm } from '../kobo/xlsform.js';

interface XlsFormOptions {
  readonly output?: string;
  readonly out?: string;
  readonly locale: string;
  readonly organisation?: string;
  readonly includeIdentifying?: boolean;
  readonly title?: string;
  readonly check?: string;
}

/** The file `talap xlsform` writes when no `--output` is given. */
export const defaultXlsFormFile = 'talap-case.xlsx';

/** Writes bytes to `path` through a temporary file beside it, so the file appears whole or not at all. */
async function writeWhole(path: string, bytes: Uint8Array, io: CliIo): Promise<void> {
  const target = resolve(io.cwd, path);
  const temporary = temporaryPathBeside(target);
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, target);
  } finally {
    await removeTemporary(temporary);
  }
}

async function checkExistingForm(path: string, io: CliIo): Promise<ExitCode> {
  const bytes = await readFile(resolve(io.cwd, path));
  let sheets: Awaited<ReturnType<typeof readWorkbook>>;
  try {
    sheets = await readWorkbook(bytes);
  } catch {
    throw new CliUsageError(`${path} is not an .xlsx workbook: save the XLSForm as .xlsx.`);
  }
  const issues = checkXlsForm(sheets.map(textSheet));
  for (const issue of issues) io.stderr.write(`${path}: ${issue.message} [${issue.code}]\n`);
  io.stderr.write(
    issues.length === 0
      ? `${path}: the XLSForm follows every rule of docs/kobotoolbox.md.\n`
      : `${path}: ${issues.length} broken XLSForm rule${issues.length === 1 ? '' : 's'}.\n`,
  );
  return issues.length === 0 ? exitCodes.ok : exitCodes.invalidData;
}

/** `talap xlsform`: writes the XLSForm of a Talap case for KoboToolbox or ODK, or checks one. */
export const registerXlsFormCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('xlsform')
    .description(
      'Write the XLSForm (.xlsx) of a Talap case for a KoboToolbox or ODK project, with labels in English, Russian, Kazakh and Ukrainian; or check an XLSForm.',
    )
    .option(
      '-o, --output <file>',
      `where to write the form; - for standard output (default: ${defaultXlsFormFile})`,
    )
    .addOption(new Option('--out <file>', 'same as --output').hideHelp())
    .addOption(
      new Option('--locale <locale>', 'the language the form shows first')
        .choices(shippedLocales)
        .default('en'),
    )
    .option(
      '--organisation <code>',
      'record this organisation code in every submission (a hidden field)',
    )
    .option(
      '--include-identifying',
      'also ask identifying fields (client code, contact details, the account of what happened, notes): they then sit on the KoboToolbox or ODK server; read docs/kobotoolbox.md first',
    )
    .option('--title <text>', 'the title of the form in KoboToolbox')
    .option(
      '--check <file>',
      'check an XLSForm against the rules in docs/kobotoolbox.md instead of writing one',
    )
    .addHelpText(
      'after',
      `
Identifying fields are left out unless --include-identifying is given: a KoboToolbox or ODK server
is run by someone else, and a case's contact details and free text can name the person.

Examples:
  talap xlsform --organisation kz-aman -o kz-aman-cases.xlsx
  talap xlsform --locale ru --title "Документирование случаев"
  talap xlsform --check edited-form.xlsx
${exitCodeHelp}`,
    )
    .action(async (options: XlsFormOptions) => {
      if (options.check !== undefined) {
        setExitCode(await checkExistingForm(options.check, io));
        return;
      }
      const organisation = options.organisation;
      const pattern = patternOf(objectShape(caseSchema)?.organisation ?? caseSchema);
      if (organisation !== undefined && pattern && !pattern.test(organisation)) {
        throw new CliUsageError(
          '--organisation must be an organisation code: lowercase letters, digits and dashes (2 to 63 characters), e.g. kz-aman.',
        );
      }
      const xlsForm = await buildXlsForm({
        defaultLocale: options.locale as ShippedLocale,
        includeIdentifying: options.includeIdentifying === true,
        ...(organisation !== undefined ? { organisation } : {}),
        ...(options.title !== undefined ? { title: options.title } : {}),
      });
      const broken = checkXlsForm(xlsForm.sheets);
      if (broken.length > 0) {
        throw new Error(`The generated XLSForm breaks its own rules: ${broken[0]?.message}`);
      }
      const bytes = await writeXlsForm(xlsForm);
      const path = options.output ?? options.out ?? defaultXlsFormFile;
      if (path === '-') io.stdout.write(bytes);
      else await writeWhole(path, bytes, io);

      const { form } = xlsForm;
      const questions = form.fields.filter((field) => field.collected).length;
      const lists = (xlsForm.sheets[1]?.rows ?? []).reduce(
        (names, row) => names.add(row.cells.list_name ?? ''),
        new Set<string>(),
      ).size;
      const where = path === '-' ? 'the XLSForm' : path;
      io.stderr.write(
        `Wrote ${where}: ${questions} questions in ${form.sections.length} groups, ${lists} choice lists, labels in ${shippedLocales.join(', ')} (shown first: ${options.locale}).\n`,
      );
      if (form.leftOut.length > 0) {
        io.stderr.write(
          `Left out ${form.leftOut.length} identifying fields (${form.leftOut.map((field) => field.key).join(', ')}); imported cases get a pseudonymous client code. See docs/kobotoolbox.md before using --include-identifying.\n`,
        );
      }
    });
};
