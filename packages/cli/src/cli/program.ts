import { Command, CommanderError } from 'commander';
import { registerConvertCommand } from '../commands/convert.js';
import { registerDecryptCommand } from '../commands/decrypt.js';
import { registerImportCommand } from '../commands/import.js';
import { registerKeysCommand } from '../commands/keys.js';
import { registerMigrateCommand } from '../commands/migrate.js';
import { registerRedactCommand } from '../commands/redact.js';
import { registerSchemaCommand } from '../commands/schema.js';
import { registerValidateCommand } from '../commands/validate.js';
import { registerXlsFormCommand } from '../commands/xlsform.js';
import { type CliIo, CliUsageError, type ExitCode, exitCodes } from './io.js';

/** What a command's action hands back: the exit code `talap` ends with. */
export type CommandResult = ExitCode | undefined;

/** Adds one `talap` subcommand to `program`; its action resolves with an exit code. */
export type RegisterCommand = (
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
) => void;

const commands: readonly RegisterCommand[] = [
  registerValidateCommand,
  registerRedactCommand,
  registerConvertCommand,
  registerMigrateCommand,
  registerSchemaCommand,
  registerXlsFormCommand,
  registerImportCommand,
  registerKeysCommand,
  registerDecryptCommand,
];

/** Runs `talap` with `argv` (without node and the script) and resolves with its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = exitCodes.ok;
  const setExitCode = (code: ExitCode) => {
    if (code > exitCode) exitCode = code;
  };
  const program = new Command('talap')
    .description(
      'Validate, redact and convert Talap case data before sharing it, and speak KoboToolbox/ODK.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)');
  for (const register of commands) register(program, io, setExitCode);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with code 0; every other commander error is a usage mistake.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usageOrIo;
    }
    if (error instanceof CliUsageError) {
      io.stderr.write(`talap: ${error.message}\n`);
      return exitCodes.usageOrIo;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      io.stderr.write(`talap: ${describeIoError(error as NodeJS.ErrnoException)}\n`);
      return exitCodes.usageOrIo;
    }
    throw error;
  }
}

function describeIoError(error: NodeJS.ErrnoException): string {
  const path = error.path ? ` ${error.path}` : '';
  switch (error.code) {
    case 'ENOENT':
      return `cannot find${path}: check the path.`;
    case 'EACCES':
    case 'EPERM':
      return `not allowed to read or write${path}: check its permissions.`;
    case 'EISDIR':
      return `${path.trim()} is a folder: give a file.`;
    case 'EPIPE':
      return 'the output was closed before everything was written.';
    default:
      return `cannot read or write${path} (${error.code}).`;
  }
}
