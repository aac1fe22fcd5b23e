// The report service's request logic with a fake pipeline: cache answers, joining the load under
// way, a newer load stopping the older, and a refresh that always loads.
import assert from 'node:assert/strict';
import type { Fingerprint } from '../../../src/services/fingerprint';
import { ReportService, type LoadOutcome, type ReportPipeline, type ReportState } from '../../../src/services/reportService';
import type { ReportSnapshot } from '../../../src/messaging/protocol';
import { emitter } from '../helpers/emitter';

const tick = (ms = 5) => new Promise(r => setTimeout(r, ms));
const snap = (id: number, analysis: 'pending' | 'done'): ReportSnapshot =>
  ({ id, analysis, anomalies: [], context: [], source: 'd.csv', charts: {} }) as unknown as ReportSnapshot;

function setup(opts: { analyzeMs?: number; fail?: boolean; failOn?: string } = {}) {
  let input = 'A';
  let ids = 0;
  const outcomes: LoadOutcome[] = [];
  const states: ReportState[] = [];
  const pipeline: ReportPipeline<{ input: string }> = {
    inputs: () => ({ root: '/ws', configPath: input, maxCsvBytes: 1, trusted: false }),
    fingerprint: async i => {
      await tick(1);
      return { digest: i.configPath, parts: { config: i.configPath } } satisfies Fingerprint;
    },
    load: async (i, _now, signal) => {
      await tick(1);
      signal.throwIfAborted();
      if (opts.fail || i.configPath === opts.failOn) throw new Error(`bad ${i.configPath}`);
      return { input: i.configPath };
    },
    snapshotOf: () => snap(++ids, 'pending'),
    validUntil: (_b, now) => now + 3_600_000,
    analyze: async (_b, signal) => {
      await tick(opts.analyzeMs ?? 10);
      signal.throwIfAborted();
      return snap(++ids, 'done');
    },
    problemOf: e => ({ message: (e as Error).message }),
  };
  const service = new ReportService({
    name: 'ws',
    pipeline,
    emitter: emitter<ReportState>(),
    log: { info() {}, warn() {}, error() {} },
    clock: Date.now,
    onOutcome: o => outcomes.push(o),
    debounceMs: 5,
  });
  service.onDidChange(s => states.push(s));
  const count = (o: LoadOutcome) => outcomes.filter(x => x === o).length;
  return {
    service,
    states,
    count,
    setInput: (v: string) => {
      input = v;
    },
  };
}

describe('services: ReportService', () => {
  it('loads once; unchanged inputs are answered from the cache, with no new state', async () => {
    const { service, states, count } = setup();
    await service.load('open');
    assert.deepEqual(
      states.map(s => [s.update.type === 'snapshot' && s.update.snapshot.analysis, s.complete]),
      [
        ['pending', false],
        ['done', true],
      ],
    );
    const t = await service.request('ready');
    assert.equal(t.decision, 'cached');
    assert.equal(t.current, service.current());
    assert.equal(service.latest()?.analysis, 'done');
    assert.equal(states.length, 2, 'no new state');
    assert.deepEqual([count('started'), count('analysed'), count('cached')], [1, 1, 1]);
  });

  it('a request with the same inputs as the load under way joins it; changed inputs stop it and load again', async () => {
    const { service, count, setInput } = setup({ analyzeMs: 30 });
    const first = await service.request('open');
    assert.equal(first.decision, 'started');
    const joined = await service.request('ready');
    assert.equal(joined.decision, 'joined');
    setInput('B');
    const changed = await service.request('watch');
    assert.equal(changed.decision, 'started');
    await Promise.all([first.settled, changed.settled]);
    assert.deepEqual([count('started'), count('analysed'), count('stopped')], [2, 1, 1]);
    assert.equal(service.current()?.digest, 'B');
    // Back to A: it was never finished, so it loads; B is now cached.
    setInput('A');
    await service.load();
    setInput('B');
    assert.equal((await service.request('ready')).decision, 'cached');
  });

  it('refreshes always load, and each stops the one before', async () => {
    const { service, count } = setup({ analyzeMs: 20 });
    await service.load();
    const before = [count('analysed'), count('stopped')];
    const all = [service.refresh(), service.refresh(), service.refresh()];
    await Promise.all(all);
    assert.deepEqual([count('analysed') - before[0], count('stopped') - before[1]], [1, 2]);
  });

  it('keeps the last complete report under a later problem, as stale, and drops it for the next good one', async () => {
    const { service, states, setInput } = setup({ failOn: 'B' });
    await service.load('open');
    const good = service.latest();
    assert.equal(good?.analysis, 'done');
    setInput('B');
    await service.load('watch');
    const failed = states.at(-1)!.update;
    assert.equal(failed.type, 'loadError');
    assert.equal(failed.type === 'loadError' && failed.stale, good, 'the last good report rides with the problem');
    assert.equal(service.latest(), undefined, 'never served as the current report');
    setInput('C');
    await service.load('watch');
    setInput('B');
    await service.load('watch');
    const again = states.at(-1)!.update;
    assert.ok(again.type === 'loadError' && again.stale && again.stale !== good, 'the newer good report replaces it');
  });

  it('caches a problem too, and says it once', async () => {
    const { service, states, count } = setup({ fail: true });
    await service.load();
    assert.equal(service.current()?.update.type, 'loadError');
    assert.equal(service.latest(), undefined);
    assert.equal((await service.request('ready')).decision, 'cached');
    assert.equal(states.length, 1);
    assert.equal(count('failed'), 1);
  });

  it('file events reload only while a view watches, debounced', async () => {
    const { service, count } = setup();
    await service.load();
    service.filesChanged();
    await tick(20);
    assert.equal(count('cached'), 0, 'no viewer: nothing');
    const view = service.retain();
    service.filesChanged();
    service.filesChanged();
    await tick(30);
    assert.equal(count('cached'), 1, 'one debounced request, answered from the cache');
    view.dispose();
    service.dispose();
  });
});
