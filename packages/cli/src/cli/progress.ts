import { SingleBar } from 'cli-progress';
import type { CliIo } from './io.js';

/** A progress display on stderr: bytes read of the total, and records seen. */
export interface Progress {
  addBytes(count: number): void;
  setRecords(count: number): void;
  stop(): void;
}

const quiet: Progress = { addBytes() {}, setRecords() {}, stop() {} };
const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(1);

/**
 * Starts a progress bar on stderr when a person watches a terminal (`io.interactive`); in pipes,
 * CI and tests with `interactive: false` it draws nothing. `totalBytes` is undefined for stdin.
 */
export function startProgress(io: CliIo, totalBytes: number | undefined): Progress {
  if (!io.interactive) return quiet;
  const known = totalBytes !== undefined && totalBytes > 0;
  const bar = new SingleBar({
    stream: io.stderr,
    format: known
      ? '{bar} {percentage}% | {done} of {size} MB | {records} records'
      : '{done} MB | {records} records',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    // Whether to draw was decided by `io.interactive`: draw on the given stream even when it is not a TTY.
    noTTYOutput: true,
    notTTYSchedule: 250,
  });
  let bytes = 0;
  let records = 0;
  const payload = () => ({
    done: megabytes(bytes),
    size: megabytes(totalBytes ?? 0),
    records: records.toLocaleString('en'),
  });
  bar.start(known ? totalBytes : 1, 0, payload());
  return {
    addBytes(count) {
      bytes += count;
      bar.update(known ? bytes : 0, payload());
    },
    setRecords(count) {
      records = count;
      bar.update(known ? bytes : 0, payload());
    },
    stop() {
      bar.stop();
    },
  };
}
