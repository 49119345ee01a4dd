import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { type Output, removeTemporary, temporaryPathBeside } from '../cli/output.js';
import type { DataFormat } from '../read/read-records.js';
import { csvCell } from './csv-cell.js';
import { compareColumns, flattenRecord } from './flatten.js';

/** Writes records to an output in one format, streaming; nothing is final before `finish()`. */
export interface RecordWriter {
  /** Records written so far. */
  readonly count: number;
  write(record: unknown): Promise<void>;
  /** Writes what is left (for CSV: the header, then every row) and commits the output. */
  finish(): Promise<void>;
  /** Gives up: the output and any working file are removed. */
  abort(): Promise<void>;
}

const flushAt = 256 * 1024;

/** Collects small writes into larger ones. */
function buffered(write: (text: string) => Promise<void>) {
  let parts: string[] = [];
  let size = 0;
  return {
    async add(text: string) {
      parts.push(text);
      size += text.length;
      if (size >= flushAt) await this.flush();
    },
    async flush() {
      if (parts.length === 0) return;
      const text = parts.join('');
      parts = [];
      size = 0;
      await write(text);
    },
  };
}

async function writeTo(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Opens a writer of records: NDJSON (one per line), JSON (an array, one record per line) or CSV
 * (a header of dotted field paths in schema order, lists of codes joined with `;`). CSV needs
 * every record's columns before its header, so rows wait in a working file (mode 600) beside the output.
 */
export function createRecordWriter(format: DataFormat, output: Output): RecordWriter {
  const out = buffered((text) => output.write(text));
  let count = 0;
  if (format === 'ndjson' || format === 'json') {
    const json = format === 'json';
    return {
      get count() {
        return count;
      },
      async write(record) {
        const text = JSON.stringify(record);
        await out.add(json ? `${count === 0 ? '[\n' : ',\n'}${text}` : `${text}\n`);
        count += 1;
      },
      async finish() {
        if (json) await out.add(count === 0 ? '[]\n' : '\n]\n');
        await out.flush();
        await output.commit();
      },
      abort: () => output.abort(),
    };
  }
  const spoolPath = temporaryPathBeside(join(output.folder ?? tmpdir(), 'rows'));
  const spool = createWriteStream(spoolPath, { mode: 0o600, flags: 'wx' });
  const spooled = buffered((text) => writeTo(spool, text));
  const columns = new Set<string>();
  const closeSpool = async () => {
    if (!spool.closed) {
      spool.end();
      await once(spool, 'close').catch(() => {});
    }
  };
  return {
    get count() {
      return count;
    },
    async write(record) {
      const cells = flattenRecord(record);
      for (const column of cells.keys()) columns.add(column);
      await spooled.add(`${JSON.stringify([...cells])}\n`);
      count += 1;
    },
    async finish() {
      try {
        await spooled.flush();
        await closeSpool();
        const order = [...columns].sort(compareColumns);
        if (order.length > 0)
          await out.add(`${order.map((column) => csvCell(column)).join(',')}\r\n`);
        const lines = createInterface({
          input: createReadStream(spoolPath),
          crlfDelay: Number.POSITIVE_INFINITY,
        });
        for await (const line of lines) {
          if (line === '') continue;
          const cells = new Map<string, string>(JSON.parse(line));
          await out.add(`${order.map((column) => csvCell(cells.get(column) ?? '')).join(',')}\r\n`);
        }
        await out.flush();
        await output.commit();
      } finally {
        await removeTemporary(spoolPath);
      }
    },
    async abort() {
      await closeSpool();
      await removeTemporary(spoolPath);
      await output.abort();
    },
  };
}
