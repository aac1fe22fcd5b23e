// Adapter: parse an .ics calendar in a worker thread with a wall-clock limit. The core parser
// bounds recurrence expansion itself; this is the belt for whatever ical.js does that those
// bounds miss (an infinite loop inside one call), since calendars are read in untrusted workspaces.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IcsOptions } from '../core/context/ics';
import type { ContextEvent } from '../core/context/types';
import { InputError } from '../core/types';

export const ICS_TIMEOUT_MS = 10_000;

interface WireError {
  file: string;
  line: number | undefined;
  expected: string;
  message: string;
}

/** Rebuild an InputError from its fields; its message is "file:line: detail. Expected …". */
function revive(w: WireError): InputError {
  const head = `${w.file}${w.line !== undefined ? `:${w.line}` : ''}: `;
  const tail = `. Expected ${w.expected}.`;
  const detail = w.message.startsWith(head) && w.message.endsWith(tail) ? w.message.slice(head.length, -tail.length) : w.message;
  return new InputError(w.file, w.line, w.expected, detail);
}

/**
 * dist/icsWorker.js beside the bundled extension.js; from sources (unit tests under tsx) the .ts
 * entry, loaded through tsx's require hook since a worker does not inherit the parent's loaders.
 */
function spawn(workerData: unknown): Worker {
  const options = { workerData, resourceLimits: { maxOldGenerationSizeMb: 512 } };
  const js = join(__dirname, 'icsWorker.js');
  if (existsSync(js)) return new Worker(js, options);
  const ts = JSON.stringify(join(__dirname, 'icsWorker.ts'));
  return new Worker(`require('tsx/cjs/api').register(); require(${ts});`, { ...options, eval: true });
}

export function parseIcsIsolated(
  text: string,
  file: string,
  opts: IcsOptions,
  timeoutMs = ICS_TIMEOUT_MS,
): Promise<{ events: ContextEvent[]; errors: InputError[] }> {
  const { now: _clock, ...plain } = opts; // a function cannot cross to the worker
  return new Promise(resolve => {
    let settled = false;
    const worker = spawn({ text, file, opts: plain });
    const finish = (r: { events: ContextEvent[]; errors: InputError[] }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const fail = (detail: string, expected: string): void => finish({ events: [], errors: [new InputError(file, undefined, expected, detail)] });
    const secs = timeoutMs / 1000;
    const timer = setTimeout(
      () =>
        fail(
          `the calendar took longer than ${secs} s to read; its recurrence rules are too expensive to expand, so its events are skipped`,
          `a calendar that reads within ${secs} s`,
        ),
      timeoutMs,
    );
    worker.once('message', (m: { events: ContextEvent[]; errors: WireError[] }) => finish({ events: m.events, errors: m.errors.map(revive) }));
    worker.once('error', e => fail(`the calendar could not be read: ${e.message}`, 'iCalendar (RFC 5545) text'));
    worker.once('exit', code => fail(`the calendar reader stopped (exit code ${code})`, 'iCalendar (RFC 5545) text'));
  });
}
