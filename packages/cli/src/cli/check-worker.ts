// The worker thread of `talap validate` for large NDJSON files: validates one part of a file and
// posts its result (see parallel-check.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadLocale, type ShippedLocale } from '@talap/core';
import { checkSegment, type SegmentTask } from './segment.js';

const task = workerData as SegmentTask;
if (task.locale !== 'en') await loadLocale(task.locale as ShippedLocale);
const result = await checkSegment(task, (bytes, records) => {
  parentPort?.postMessage({ kind: 'progress', bytes, records });
});
parentPort?.postMessage({ kind: 'done', result });
