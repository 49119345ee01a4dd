import type { DataFormat } from '../read/read-records.js';
import type { ReadProblem, RecordRead } from '../read/record-entry.js';

/** One issue of a report: where it is (file, line, column, record, field) and what it is. */
export interface ReportIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** 1-based number of the record in its file, when the issue belongs to one. */
  readonly record?: number;
  /** JSON Pointer into the record (`` for the record or the file as a whole). */
  readonly path: string;
  /** A validation issue code of `@talap/core`, or a read problem code (`not_json`, `ragged_row`, ...). */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** What is wrong and what to do; validation messages are in the report's locale. Never a value from the file. */
  readonly message: string;
  /** For CSV: the header of the column the issue is in. */
  readonly header?: string;
}

/** The counts of one file. */
export interface FileSummary {
  readonly name: string;
  readonly format: DataFormat;
  /** Records read, valid or not (a line or row that could not be read counts as an invalid record). */
  readonly records: number;
  readonly valid: number;
  readonly invalid: number;
  /** Valid records that carry warnings. */
  readonly withWarnings: number;
  /** False when a problem stopped the reading before the end of the file. */
  readonly readToEnd: boolean;
}

/** An issue that occurs often: its code and path pattern (list indexes as `*`), and how often. */
export interface FrequentIssue {
  readonly code: string;
  readonly path: string;
  readonly severity: 'error' | 'warning';
  readonly count: number;
}

/** The result of checking files of cases: counts, the most frequent issues and the issues found. */
export interface ValidationReport {
  readonly format: 'talap-validation-report';
  readonly version: 1;
  readonly locale: string;
  readonly files: readonly FileSummary[];
  readonly totals: {
    readonly files: number;
    readonly records: number;
    readonly valid: number;
    readonly invalid: number;
    readonly withWarnings: number;
    /** Files a problem stopped before their end. */
    readonly filesNotReadToEnd: number;
    /** Every issue found, shown or not. */
    readonly issues: number;
  };
  /** The most frequent issues, most frequent first. */
  readonly frequentIssues: readonly FrequentIssue[];
  /** The first `maxIssues` issues, in file order. */
  readonly issues: readonly ReportIssue[];
  /** Issues found but left out of `issues` by `maxIssues`. */
  readonly omittedIssues: number;
}

/** An issue of one record as a validator (or a migration) reports it. */
export interface RecordIssue {
  readonly path: string;
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** The verdict on one record: valid or not, and its issues (warnings only when valid). */
export interface RecordVerdict {
  readonly ok: boolean;
  readonly issues: readonly RecordIssue[];
}

/** Options of a report. */
export interface ReportOptions {
  /** Locale the validation messages are in (the report records it). */
  readonly locale?: string;
  /** How many issues the report lists one by one (default 100); every issue is counted anyway. */
  readonly maxIssues?: number;
  /** How many of the most frequent issues it lists (default 10). */
  readonly maxFrequent?: number;
}

/** Whether a report found nothing wrong: every record valid and every file read to its end. */
export function isClean(report: ValidationReport): boolean {
  return report.totals.invalid === 0 && report.totals.filesNotReadToEnd === 0;
}

interface MutableFile {
  name: string;
  format: DataFormat;
  records: number;
  valid: number;
  invalid: number;
  withWarnings: number;
  readToEnd: boolean;
}

const maxPatterns = 1000;

/** What a collector gathered about one file, as plain data that can cross to another thread. */
export interface CollectorSnapshot {
  readonly file: FileSummary;
  readonly issues: readonly ReportIssue[];
  readonly tally: readonly FrequentIssue[];
  readonly issueCount: number;
}

/**
 * Builds a validation report one record at a time in bounded memory: it counts everything, keeps
 * the first `maxIssues` issues and a tally of issue patterns.
 */
export class ReportCollector {
  readonly #locale: string;
  readonly #maxIssues: number;
  readonly #maxFrequent: number;
  readonly #files: MutableFile[] = [];
  readonly #issues: ReportIssue[] = [];
  readonly #tally = new Map<string, FrequentIssue & { count: number }>();
  #issueCount = 0;
  #current: MutableFile | undefined;

  constructor(options: ReportOptions = {}) {
    this.#locale = options.locale ?? 'en';
    this.#maxIssues = options.maxIssues ?? 100;
    this.#maxFrequent = options.maxFrequent ?? 10;
  }

  /** Starts counting a new file; later records belong to it. */
  startFile(name: string, format: DataFormat): void {
    this.#current = {
      name,
      format,
      records: 0,
      valid: 0,
      invalid: 0,
      withWarnings: 0,
      readToEnd: true,
    };
    this.#files.push(this.#current);
  }

  /** Counts a record with its validation result. */
  addRecord(entry: RecordRead, result: RecordVerdict): void {
    const file = this.#file();
    file.records += 1;
    if (result.ok) {
      file.valid += 1;
      if (result.issues.length === 0) return;
      file.withWarnings += 1;
    } else file.invalid += 1;
    for (const issue of result.issues) this.#add(this.#fromValidation(file.name, entry, issue));
  }

  /** Counts a problem met while reading: an unreadable record, or the end of the file's reading. */
  addProblem(problem: ReadProblem): void {
    const file = this.#file();
    if (problem.scope === 'record') {
      file.records += 1;
      file.invalid += 1;
    } else file.readToEnd = false;
    this.#add({
      file: file.name,
      line: problem.line,
      column: problem.column,
      ...(problem.index === undefined ? {} : { record: problem.index }),
      path: '',
      code: problem.code,
      severity: 'error',
      message: problem.message,
    });
  }

  /** Everything counted for the current file, as plain data (for a worker thread to send back). */
  snapshot(): CollectorSnapshot {
    return {
      file: { ...this.#file() },
      issues: [...this.#issues],
      tally: [...this.#tally.values()].map((entry) => ({ ...entry })),
      issueCount: this.#issueCount,
    };
  }

  /**
   * Adds what another collector counted in a later part of the current file, whose lines and
   * records are numbered from 1: `lineOffset` and `recordOffset` say how many came before it.
   */
  absorb(part: CollectorSnapshot, lineOffset: number, recordOffset: number): void {
    const file = this.#file();
    file.records += part.file.records;
    file.valid += part.file.valid;
    file.invalid += part.file.invalid;
    file.withWarnings += part.file.withWarnings;
    file.readToEnd &&= part.file.readToEnd;
    for (const issue of part.issues) {
      if (this.#issues.length >= this.#maxIssues) break;
      this.#issues.push({
        ...issue,
        line: issue.line + lineOffset,
        ...(issue.record === undefined ? {} : { record: issue.record + recordOffset }),
      });
    }
    this.#issueCount += part.issueCount;
    for (const entry of part.tally) {
      const key = `${entry.code}\u0000${entry.path}`;
      const known = this.#tally.get(key);
      if (known) known.count += entry.count;
      else if (this.#tally.size < maxPatterns) this.#tally.set(key, { ...entry });
    }
  }

  /** The report of everything counted so far. */
  report(): ValidationReport {
    const sum = (key: 'records' | 'valid' | 'invalid' | 'withWarnings') =>
      this.#files.reduce((total, file) => total + file[key], 0);
    const frequentIssues = [...this.#tally.values()]
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .slice(0, this.#maxFrequent)
      .map((entry) => ({ ...entry }));
    return {
      format: 'talap-validation-report',
      version: 1,
      locale: this.#locale,
      files: this.#files.map((file) => ({ ...file })),
      totals: {
        files: this.#files.length,
        records: sum('records'),
        valid: sum('valid'),
        invalid: sum('invalid'),
        withWarnings: sum('withWarnings'),
        filesNotReadToEnd: this.#files.filter((file) => !file.readToEnd).length,
        issues: this.#issueCount,
      },
      frequentIssues,
      issues: [...this.#issues],
      omittedIssues: this.#issueCount - this.#issues.length,
    };
  }

  #file(): MutableFile {
    if (!this.#current) this.startFile('-', 'ndjson');
    return this.#current!;
  }

  #fromValidation(file: string, entry: RecordRead, issue: RecordIssue): ReportIssue {
    const cell = entry.cellOf?.(issue.path);
    return {
      file,
      line: cell?.line ?? entry.line,
      column: cell?.column ?? entry.column,
      record: entry.index,
      path: issue.path,
      code: issue.code,
      severity: issue.severity,
      message: issue.message,
      ...(cell ? { header: cell.header } : {}),
    };
  }

  #add(issue: ReportIssue): void {
    this.#issueCount += 1;
    if (this.#issues.length < this.#maxIssues) this.#issues.push(issue);
    const pattern = issue.path.replace(/\/\d+(?=\/|$)/g, '/*');
    const key = `${issue.code}\u0000${pattern}`;
    const known = this.#tally.get(key);
    if (known) known.count += 1;
    else if (this.#tally.size < maxPatterns) {
      this.#tally.set(key, { code: issue.code, path: pattern, severity: issue.severity, count: 1 });
    }
  }
}
