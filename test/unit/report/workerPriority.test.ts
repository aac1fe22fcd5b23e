// The analysis worker runs below the extension host's event loop (src/report/workerPriority.ts):
// on Linux its own thread is made nicer and the thread that started it is not; elsewhere nothing
// is changed (there the call would lower the whole process, the host included).
import * as assert from 'node:assert/strict';
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { idleScheduling, lowerThreadPriority, starved, STARVED_WAIT_MS, threadSchedstat, WORKER_NICENESS } from '../../../src/report/workerPriority';

/** A thread's nice value, from its /proc stat (field 19, after the command name in parentheses). */
const niceOf = (stat: string): number => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
const niceHere = (): number => niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));

/** A thread's scheduling policy, from its /proc stat (field 41): 0 SCHED_OTHER, 5 SCHED_IDLE. */
const policyOf = (stat: string): number => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);

/**
 * Run `body` in a new worker thread (from the sources, through tsx), with `mod` (workerPriority.ts),
 * `nice()`, `policy()` and `tid()` of that thread in scope; resolves with what it posts.
 */
function inWorker<T>(body: string): Promise<T> {
  const mod = JSON.stringify(join(__dirname, '../../../src/report/workerPriority.ts'));
  const code = `require('tsx/cjs/api').register();
    const { parentPort } = require('node:worker_threads');
    const fs = require('node:fs');
    const mod = require(${mod});
    const stat = () => fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const nice = () => (${niceOf.toString()})(stat());
    const policy = () => (${policyOf.toString()})(stat());
    const tid = () => Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    ${body}`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', m => {
      resolve(m as T);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('report: the analysis worker thread runs below the host', () => {
  const linux = process.platform === 'linux';

  (linux ? it : it.skip)('makes only the calling thread nicer, by WORKER_NICENESS (at most 19)', async () => {
    const host = niceHere();
    const r = await inWorker<{ before: number; result: number | undefined; after: number }>(
      'const before = nice(); const result = mod.lowerThreadPriority(); parentPort.postMessage({ before, result, after: nice() });',
    );
    assert.equal(r.before, host, 'a new thread starts at its creator’s nice value');
    const expected = Math.min(19, host + WORKER_NICENESS);
    if (expected > host) {
      assert.equal(r.result, expected);
      assert.equal(r.after, expected);
    } else assert.equal(r.result, undefined);
    assert.equal(niceHere(), host, 'the thread that started the worker keeps its priority');
  });

  (linux ? it : it.skip)("puts only the calling thread in the idle class, and gives its thread id (util-linux's chrt)", async () => {
    const r = await inWorker<{ before: number; tid: number | undefined; after: number; self: number }>(
      'const before = policy(); const t = mod.idleScheduling(); parentPort.postMessage({ before, tid: t, after: policy(), self: tid() });',
    );
    assert.equal(r.before, 0, 'a new thread starts in SCHED_OTHER');
    assert.equal(r.tid, r.self, 'the thread id is the calling thread’s');
    assert.equal(r.after, 5, 'SCHED_IDLE');
    assert.equal(policyOf(readFileSync('/proc/thread-self/stat', 'utf8')), 0, 'the thread that started the worker keeps its class');
  });

  it('gives up quietly where the class cannot be set', () => {
    assert.equal(idleScheduling('darwin'), undefined);
    const refused = (() => ({ status: 1 })) as unknown as Parameters<typeof idleScheduling>[1];
    assert.equal(idleScheduling('linux', refused), undefined, 'chrt refused or missing');
  });

  (linux ? it : it.skip)("reads a thread's time on a CPU and waiting for one", () => {
    const self = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const a = threadSchedstat(self)!;
    let x = 0;
    for (let i = 0; i < 5e6; i++) x += i;
    const b = threadSchedstat(self)!;
    assert.ok(x > 0 && b.runMs > a.runMs, 'it ran');
    assert.ok(a.waitMs >= 0 && b.waitMs >= a.waitMs);
    assert.equal(threadSchedstat(2 ** 31 - 1), undefined, 'no such thread');
  });

  it('calls a thread starved when it waited over a second for a CPU and more than twice what it ran', () => {
    const from = { runMs: 100, waitMs: 50 };
    assert.equal(starved(from, { runMs: 1_300, waitMs: 400 }), false, 'a normal load: ran 1.2 s, waited 0.35 s');
    assert.equal(starved(from, { runMs: 103, waitMs: 50 + STARVED_WAIT_MS + 1 }), true, 'behind a build: ran 3 ms in a second');
    assert.equal(starved(from, { runMs: 700, waitMs: 50 + STARVED_WAIT_MS + 1 }), false, 'waited long but ran more than half as long: busy, progressing');
    assert.equal(starved(from, { runMs: 101, waitMs: 50 + STARVED_WAIT_MS - 1 }), false, 'not a second yet');
  });

  it('changes nothing where the nice value is not per thread', () => {
    assert.equal(lowerThreadPriority(WORKER_NICENESS, 'win32'), undefined);
    assert.equal(lowerThreadPriority(WORKER_NICENESS, 'darwin'), undefined);
    assert.equal(lowerThreadPriority(0, 'linux'), undefined, 'no steps, no change');
  });
});
