import { type Command, InvalidArgumentError, Option } from 'commander';
import { dataFormats } from '../read/read-records.js';

/** The text `--help` of every data command ends with: the exit codes. */
export const exitCodeHelp = `
Exit codes:
  0  every record is valid (or the command did its work)
  1  invalid data: a record is invalid or a file could not be read as records
  2  a usage mistake, or a file that cannot be opened or written`;

/** Adds `--input-format` and `--mapping`, the options of every command that reads case files. */
export function addInputOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--input-format <format>',
        'read every input as this format (default: from the extension: .json, .ndjson or .jsonl, .csv)',
      ).choices(dataFormats),
    )
    .option(
      '--mapping <file>',
      'JSON file mapping CSV headers to field paths, for CSV whose headers are not field paths',
    );
}

/** Adds `--locale`, the language of validation messages. */
export function addLocaleOption(command: Command): Command {
  return command.option(
    '--locale <locale>',
    'language of validation messages: en, ru, kk or uk (default: TALAP_LOCALE or LANG when shipped, else en)',
  );
}

/** Parses a whole number option such as `--max-issues`. */
export function parseCount(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError('give a whole number, 0 or more.');
  return Number(value);
}
