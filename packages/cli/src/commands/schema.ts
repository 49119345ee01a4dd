import { caseSchemaJson } from '@talap/core/ajv';
import type { RegisterCommand } from '../cli/program.js';

/** `talap schema`: prints the case JSON Schema (draft 2020-12). */
export const registerSchemaCommand: RegisterCommand = (program, io) => {
  program
    .command('schema')
    .description('Print the JSON Schema (draft 2020-12) of a Talap case.')
    .action(() => {
      io.stdout.write(`${JSON.stringify(caseSchemaJson, null, 2)}\n`);
    });
};
