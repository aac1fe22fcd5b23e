// A remote source's report (Prometheus, ADR 0022) has no file to watch: while a view is open the
// report service reloads it by itself when its validity ends (the next hour), and not otherwise.
import assert from 'node:assert/strict';
import { ReportService, type LoadOutcome, type ReportPipeline, type ReportState } from '../../../src/services/reportService';
import type { ReportSnapshot } from '../../../src/messaging/protocol';
import { emitter } from '../helpers/emitter';

const tick = (ms = 5) => new Promise(r => setTimeout(r, ms));
const snap = (id: number, analysis: 'pending' | 'done'): ReportSnapshot =>
  ({ id, analysis, anomalies: [], context: [], source: 'http://prom:9090', charts: {} }) as unknown as ReportSnapshot;

function setup(remote: boolean, validForMs: number) {
  let ids = 0;
  const outcomes: LoadOutcome[] = [];
  const pipeline: ReportPipeline<object> = {
    inputs: () => ({ root: '/ws', configPath: 'c', maxCsvBytes: 1, trusted: true }),
    fingerprint: async () => ({ digest: 'same', parts: {} }),
    load: async () => ({}),
    snapshotOf: () => snap(++ids, 'pending'),
    // The report is valid until `validForMs` from now: the hour boundary, in miniature.
    validUntil: (_b, now) => now + validForMs,
    analyze: async () => snap(++ids, 'done'),
    problemOf: e => ({ message: String(e) }),
  };
  const service = new ReportService({
    name: 'ws',
    pipeline,
    emitter: emitter<ReportState>(),
    log: { info() {}, warn() {}, error() {} },
    clock: Date.now,
    onOutcome: o => outcomes.push(o),
    reloadWhenExpired: () => remote,
  });
  return { service, started: () => outcomes.filter(o => o === 'started').length };
}

describe('services: a remote source reloads when its hour ends', function () {
  this.timeout(10_000);

  it('with a view open, a remote report loads again once its validity ends (unchanged inputs)', async () => {
    const { service, started } = setup(true, 50);
    const view = service.retain();
    await service.load('open');
    assert.equal(started(), 1);
    await tick(1300); // validity + the one-second margin past the boundary
    assert.equal(started(), 2, 'reloaded by itself');
    view.dispose();
    service.dispose();
  });

  it('no view, or a CSV source, or a report valid forever: no reload by itself', async () => {
    for (const [remote, validFor, viewing] of [
      [true, 50, false],
      [false, 50, true],
      [true, Number.POSITIVE_INFINITY, true],
    ] as const) {
      const { service, started } = setup(remote, validFor);
      const view = viewing ? service.retain() : undefined;
      await service.load('open');
      await tick(1300);
      assert.equal(started(), 1, JSON.stringify({ remote, validFor, viewing }));
      view?.dispose();
      service.dispose();
    }
  });
});
