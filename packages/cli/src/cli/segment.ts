import { createReadStream } from 'node:fs';
import { validateCase } from '@talap/core/ajv';
import { checkSource } from '../report/check-records.js';
import { type CollectorSnapshot, ReportCollector } from '../report/report.js';
import { createNodeUtf8Decoder } from './node-utf8.js';

/** A part of an NDJSON file for one worker thread: bytes `start` to `end`, each on a line boundary. */
export interface SegmentTask {
  readonly path: string;
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly locale: string;
  readonly maxIssues: number;
}

/** What a part of a file held: its counts and issues (lines and records numbered from 1 within it), and its line count. */
export interface SegmentResult {
  readonly snapshot: CollectorSnapshot;
  /** Line breaks in the part: the number of lines it holds, since it ends right after one. */
  readonly lines: number;
  /** True when the part held nothing but blank lines. */
  readonly blank: boolean;
}

const newline = 10;

/**
 * Validates one part of an NDJSON file as `talap validate` validates a whole one; a worker thread
 * runs it, and the results of the parts are joined in order (`ReportCollector.absorb`).
 */
export async function checkSegment(
  task: SegmentTask,
  onProgress: (bytes: number, records: number) => void = () => {},
): Promise<SegmentResult> {
  const collector = new ReportCollector({ locale: task.locale, maxIssues: task.maxIssues });
  collector.startFile(task.name, 'ndjson');
  let lines = 0;
  let bytesSinceReport = 0;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    if (task.end <= task.start) return;
    const stream = createReadStream(task.path, {
      start: task.start,
      end: task.end - 1,
      highWaterMark: 1 << 16,
    });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let at = chunk.indexOf(newline); at !== -1; at = chunk.indexOf(newline, at + 1))
        lines += 1;
      bytesSinceReport += chunk.length;
      yield chunk;
    }
  }
  await checkSource(
    {
      name: task.name,
      format: 'ndjson',
      bytes: bytes(),
      createDecoder: createNodeUtf8Decoder,
      byteOffset: task.start,
    },
    collector,
    validateCase,
    task.locale,
    (records) => {
      if (bytesSinceReport >= 1 << 22) {
        onProgress(bytesSinceReport, records);
        bytesSinceReport = 0;
      }
    },
  );
  const snapshot = collector.snapshot();
  onProgress(bytesSinceReport, snapshot.file.records);
  const blank = snapshot.issues.length === 1 && snapshot.issues[0]?.code === 'empty_file';
  if (!blank) return { snapshot, lines, blank };
  return {
    snapshot: { file: { ...snapshot.file, readToEnd: true }, issues: [], tally: [], issueCount: 0 },
    lines,
    blank,
  };
}
