/**
 * @talap/core/ajv: the case validator built on the published JSON Schema with ajv, for programs
 * that do not use zod. Same signature, result shape and issue codes as the main entry's `validateCase`.
 */
export { caseSchemaJson, fromAjvErrors, validateCase } from './validate-case.js';
