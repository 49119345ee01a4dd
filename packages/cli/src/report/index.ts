/**
 * @talap/cli/report: reading case files (JSON, NDJSON, CSV) and building the validation report of
 * `talap validate`, without Node: the browser page of the file checker uses the same code.
 */

export { type CsvMapping, parseCsvMapping } from '../read/csv-mapping.js';
export {
  type DataFormat,
  dataFormats,
  formatOfName,
  type RecordSource,
  readRecords,
} from '../read/read-records.js';
export {
  type CellPosition,
  maxRecordChars,
  type ReadProblem,
  type ReadProblemCode,
  type RecordEntry,
  type RecordRead,
  readProblemCodes,
  type SourcePosition,
} from '../read/record-entry.js';
export {
  type CaseValidator,
  type CheckOptions,
  checkRecords,
  checkSource,
} from './check-records.js';
export { escapeHtml, renderReportHtml, renderReportSection } from './render-html.js';
export { formatIssueLine, renderReportText } from './render-text.js';
export {
  type CollectorSnapshot,
  type FileSummary,
  type FrequentIssue,
  isClean,
  type RecordIssue,
  type RecordVerdict,
  ReportCollector,
  type ReportIssue,
  type ReportOptions,
  type ValidationReport,
} from './report.js';
