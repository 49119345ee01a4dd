import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readProblem } from '../read/read-problem.js';
import { maxRecordChars } from '../read/record-entry.js';
import type { ReportCollector } from '../report/report.js';
import type { SegmentResult, SegmentTask } from './segment.js';

/** NDJSON files at least this large are validated by several worker threads, each taking a part. */
export const parallelThresholdBytes = 8 * 1024 * 1024;

/** The most worker threads worth starting here: one per processor, at most 4. */
export function maxJobs(): number {
  return Math.min(4, availableParallelism());
}

/**
 * The worker script, or undefined where workers cannot run it: the built `check-worker.js`, or
 * from the sources the `.ts` file when this process runs TypeScript through tsx.
 */
export function workerScript(): URL | undefined {
  const fromSources = import.meta.url.endsWith('.ts');
  if (fromSources && !process.execArgv.some((argument) => argument.includes('tsx')))
    return undefined;
  return new URL(fromSources ? './check-worker.ts' : './check-worker.js', import.meta.url);
}

/** Splits a file into up to `parts` byte ranges that each start at the beginning of a line. */
export async function lineAlignedParts(
  path: string,
  size: number,
  parts: number,
): Promise<number[]> {
  const bounds = [0];
  const file = await open(path, 'r');
  try {
    // A line is at most a record long, or it is skipped as too long: look that far for its end.
    const window = Buffer.alloc(maxRecordChars * 4 + 2);
    for (let part = 1; part < parts; part += 1) {
      const from = Math.max(Math.floor((size * part) / parts), bounds.at(-1)!);
      const { bytesRead } = await file.read(window, 0, window.length, from);
      const newline = window.subarray(0, bytesRead).indexOf(10);
      if (newline === -1) continue;
      const bound = from + newline + 1;
      if (bound < size && bound > bounds.at(-1)!) bounds.push(bound);
    }
  } finally {
    await file.close();
  }
  bounds.push(size);
  return bounds;
}

function runWorker(
  script: URL,
  task: SegmentTask,
  onProgress: (bytes: number, records: number) => void,
): Promise<SegmentResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: task });
    let result: SegmentResult | undefined;
    worker.on(
      'message',
      (
        message:
          | { kind: 'progress'; bytes: number; records: number }
          | { kind: 'done'; result: SegmentResult },
      ) => {
        if (message.kind === 'progress') onProgress(message.bytes, message.records);
        else result = message.result;
      },
    );
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`A validation worker stopped (exit code ${code}) before it finished.`));
    });
  });
}

/** Options of `checkInParallel`. */
export interface ParallelOptions {
  readonly jobs: number;
  readonly locale: string;
  readonly maxIssues: number;
  readonly script: URL;
  /** Hears bytes read since the last call, and the records read so far in this file. */
  readonly onProgress?: (bytes: number, records: number) => void;
  /** Runs one part (default: in a worker thread running `script`); tests run it in this thread. */
  readonly runPart?: (
    task: SegmentTask,
    onProgress: (bytes: number, records: number) => void,
  ) => Promise<SegmentResult>;
}

/**
 * Validates a large NDJSON file with several worker threads, each reading its own part of the
 * file, and adds the results to the collector's current file in file order, as if one thread had
 * read it: lines and records are renumbered, and a part that stops the reading (bytes that are not
 * UTF-8) hides the parts after it.
 */
export async function checkInParallel(
  path: string,
  name: string,
  size: number,
  collector: ReportCollector,
  options: ParallelOptions,
): Promise<void> {
  const bounds = await lineAlignedParts(path, size, options.jobs);
  const records = new Array<number>(bounds.length - 1).fill(0);
  const runPart =
    options.runPart ?? ((task, onProgress) => runWorker(options.script, task, onProgress));
  const results = await Promise.all(
    bounds.slice(0, -1).map((start, part) =>
      runPart(
        {
          path,
          name,
          start,
          end: bounds[part + 1]!,
          locale: options.locale,
          maxIssues: options.maxIssues,
        },
        (bytes, count) => {
          records[part] = count;
          options.onProgress?.(
            bytes,
            records.reduce((sum, value) => sum + value, 0),
          );
        },
      ),
    ),
  );
  let lineOffset = 0;
  let recordOffset = 0;
  for (const result of results) {
    collector.absorb(result.snapshot, lineOffset, recordOffset);
    if (!result.snapshot.file.readToEnd) break;
    lineOffset += result.lines;
    recordOffset += result.snapshot.file.records;
  }
  if (results.every((result) => result.blank)) {
    collector.addProblem(readProblem('empty_file', { line: 1, column: 1 }, { scope: 'file' }));
  }
}
