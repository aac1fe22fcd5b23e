// Worker entry for icsIsolated.ts: reads one calendar off the extension host's thread, so a
// recurrence rule that makes ical.js loop can be stopped by terminating the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { parseIcs, type IcsOptions } from '../core/context/ics';

const { text, file, opts } = workerData as { text: string; file: string; opts: IcsOptions };
const r = parseIcs(text, file, opts);
// InputError does not survive structured cloning as a class: send its fields.
parentPort?.postMessage({ events: r.events, errors: r.errors.map(e => ({ file: e.file, line: e.line, expected: e.expected, message: e.message })) });
