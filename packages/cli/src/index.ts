/**
 * @talap/cli: the `talap` command, also callable in-process with `runCli(argv, io)`.
 */

export { type CliIo, CliUsageError, type ExitCode, exitCodes } from './cli/io.js';
export { runCli } from './cli/program.js';
