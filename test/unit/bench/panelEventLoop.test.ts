// The panel bench's event-loop recorder (bench/panel/eventLoop.ts): a gap's lateness is the issue's
// block, and the main thread's schedstat splits it into time on a CPU (GC or JS) and time waiting
// for one, so that a reader can tell a busy host from a busy machine.
import * as assert from 'node:assert/strict';
import { GapRecorder, type TickSample } from '../../../bench/panel/eventLoop';

const MS = 1e6; // ns
const tick = (atMs: number, cpuMs?: number, waitMs?: number, extra: Partial<TickSample> = {}): TickSample => ({
  atMs,
  sched: cpuMs == null ? undefined : { cpuNs: cpuMs * MS, waitNs: (waitMs ?? 0) * MS },
  ...extra,
});

describe('bench/panel event loop: gaps and what the main thread did in them', () => {
  it('reports the lateness as the block, and splits a late gap into on a CPU, waiting and off a CPU', () => {
    const r = new GapRecorder(10, 30);
    r.reset('open 1/5: to table', tick(1000, 100, 50));
    r.tick(tick(1010, 101, 50)); // on time
    r.phase = 'open 1/5: to explanations';
    r.tick(tick(1090, 106, 110)); // 80 ms gap: 5 on a CPU, 60 waiting, 15 asleep
    const w = r.window(1100);
    assert.equal(w.maxBlockMs, 70);
    assert.equal(w.maxOnCpuMs, 5);
    assert.equal(w.maxRunQueueWaitMs, 60);
    assert.equal(w.schedstat, true);
    assert.deepEqual(
      w.blocks.map(b => [b.phase, b.wallMs, b.onCpuMs, b.waitMs, b.offCpuMs]),
      [['open 1/5: to explanations', 70, 5, 60, 15]],
    );
  });

  it('keeps only the gaps later than its threshold, but takes the maxima over every gap', () => {
    const r = new GapRecorder(10, 30);
    r.reset('x', tick(0, 0, 0));
    r.tick(tick(35, 20, 5)); // 25 ms late: not kept, but its CPU time is the window's largest
    r.tick(tick(80, 22, 40)); // 35 ms late: kept
    const w = r.window(80);
    assert.equal(w.maxBlockMs, 35);
    assert.equal(w.maxOnCpuMs, 20);
    assert.equal(w.maxRunQueueWaitMs, 35);
    assert.deepEqual(
      w.blocks.map(b => b.wallMs),
      [35],
    );
  });

  it('attributes on-CPU time to the GC pauses that overlap the gap, the rest to JS', () => {
    const r = new GapRecorder(10, 30);
    r.reset('change 1/5: to table', tick(0, 0, 0));
    r.tick(tick(70, 60, 0)); // 60 ms on a CPU
    r.gc(20, 25); // inside the gap
    r.gc(65, 20); // 5 ms of it inside the gap
    r.gc(200, 3); // after the window: not counted
    const [b] = r.window(100).blocks;
    assert.equal(b.gcMs, 30);
    assert.equal(b.jsMs, 30);
    assert.deepEqual(r.window(100).gc, { count: 2, totalMs: 45, maxMs: 25 });
  });

  it('starts afresh at each reset: earlier gaps and pauses do not count', () => {
    const r = new GapRecorder(10, 30);
    r.reset('a', tick(0, 0, 0));
    r.tick(tick(200, 150, 0));
    r.gc(10, 100);
    r.reset('b', tick(210, 151, 0));
    r.tick(tick(220, 152, 0));
    const w = r.window(220);
    assert.equal(w.maxBlockMs, 0);
    assert.equal(w.maxOnCpuMs, 1);
    assert.deepEqual(w.blocks, []);
    assert.deepEqual(w.gc, { count: 0, totalMs: 0, maxMs: 0 });
  });

  it('without schedstat (not Linux) reports the wall time only', () => {
    const r = new GapRecorder(10, 30);
    r.reset('x', tick(0));
    r.tick(tick(100));
    const w = r.window(100);
    assert.equal(w.schedstat, false);
    assert.equal(w.maxBlockMs, 90);
    assert.equal(w.maxOnCpuMs, null);
    assert.equal(w.maxRunQueueWaitMs, null);
    assert.deepEqual(
      w.blocks.map(b => [b.wallMs, b.onCpuMs, b.waitMs, b.offCpuMs, b.jsMs]),
      [[90, null, null, null, null]],
    );
  });

  it("says how much the host's workers and the whole machine ran during a block", () => {
    const r = new GapRecorder(10, 30);
    r.reset('x', tick(0, 0, 0, { workersNs: 0, machine: { busy: 100, total: 200 } }));
    r.tick(tick(60, 1, 49, { workersNs: 45 * MS, machine: { busy: 111, total: 212 } }));
    const [b] = r.window(60).blocks;
    assert.equal(b.workersCpuMs, 45);
    assert.equal(b.machineBusyPct, 92);
  });
});
