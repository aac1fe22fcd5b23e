// The analysis worker runs below the extension host's event loop (src/report/workerPriority.ts):
// on Linux its own thread is made nicer and the thread that started it is not; elsewhere nothing
// is changed (there the call would lower the whole process, the host included).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { lowerThreadPriority, WORKER_NICENESS } from '../../../src/report/workerPriority';

/** A thread's nice value, from its /proc stat (field 19, after the command name in parentheses). */
const niceOf = (stat: string): number => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
const niceHere = (): number => niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));

/** Run lowerThreadPriority in a new worker thread (from the sources, through tsx): its result and the thread's nice value before and after. */
function inWorker(): Promise<{ before: number; result: number | undefined; after: number }> {
  const mod = JSON.stringify(join(__dirname, '../../../src/report/workerPriority.ts'));
  const code = `require('tsx/cjs/api').register();
    const { parentPort } = require('node:worker_threads');
    const nice = () => (${niceOf.toString()})(require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8'));
    const before = nice();
    const result = require(${mod}).lowerThreadPriority();
    parentPort.postMessage({ before, result, after: nice() });`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', m => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('report: the analysis worker thread runs below the host', () => {
  const linux = process.platform === 'linux';

  (linux ? it : it.skip)('makes only the calling thread nicer, by WORKER_NICENESS (at most 19)', async () => {
    const host = niceHere();
    const r = await inWorker();
    assert.equal(r.before, host, 'a new thread starts at its creator’s nice value');
    const expected = Math.min(19, host + WORKER_NICENESS);
    if (expected > host) {
      assert.equal(r.result, expected);
      assert.equal(r.after, expected);
    } else assert.equal(r.result, undefined);
    assert.equal(niceHere(), host, 'the thread that started the worker keeps its priority');
  });

  it('changes nothing where the nice value is not per thread', () => {
    assert.equal(lowerThreadPriority(WORKER_NICENESS, 'win32'), undefined);
    assert.equal(lowerThreadPriority(WORKER_NICENESS, 'darwin'), undefined);
    assert.equal(lowerThreadPriority(0, 'linux'), undefined, 'no steps, no change');
  });
});
