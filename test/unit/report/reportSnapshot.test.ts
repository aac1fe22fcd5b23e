// The core's snapshot as the webview receives it: finite numbers at the source, and keyed data that
// survives any metric id. Sent as is (not fitted), so these hold before the host's fitting.
import assert from 'node:assert/strict';
import { ownEntry, parseToWebview, type ReportSnapshot } from '../../../src/messaging/protocol';
import { config, coreSnapshot, dataset, HOUR, overTheWire } from './fixtures';

const start = Date.UTC(2026, 5, 1, 7);
const hours = 35 * 24;
const now = start + hours * HOUR;
const spike = start + (hours - 5) * HOUR; // in the report window
const received = (s: ReportSnapshot): ReportSnapshot => {
  const body = parseToWebview(overTheWire({ type: 'snapshot', snapshot: s })).body;
  assert.equal(body.type, 'snapshot');
  return (body as { snapshot: ReportSnapshot }).snapshot;
};

describe('report snapshot from the core, as the webview receives it', () => {
  const noiseFree: [string, (at: number) => number, boolean?][] = [
    ['a count that is 0, then 1', at => (at === spike ? 1 : 0)],
    ['a constant count, then one more', at => (at === spike ? 101 : 100)],
    ['a constant that is not a count', at => (at === spike ? 0.505 : 0.5)],
    ['a ratio that is always 1, then 0.9', at => (at === spike ? 0.9 : 1), true],
  ];
  for (const [name, f, ratio] of noiseFree) {
    it(`a zero-width band gives finite severities and scores, and the snapshot validates: ${name}`, () => {
      const cfg = config(ratio ? { metrics: [{ id: 'rate', label: 'Rate', ratio: { numerator: 'ok', denominator: 'all' } }] } : {});
      const data = ratio ? dataset(start, hours, { ok: at => 1000 * f(at), all: () => 1000 }, ['a']) : dataset(start, hours, { views: f }, ['a']);
      const s = coreSnapshot(cfg, data, now);
      assert.equal(s.anomalies.length, 1, JSON.stringify(s.anomalies));
      const a = s.anomalies[0];
      assert.ok(Number.isFinite(a.severity) && a.severity > 1, `severity ${a.severity}`);
      assert.equal(a.start, spike);
      const scores = Object.values(s.charts)[0].forecast!.scores;
      assert.ok(
        scores.every(v => v !== null && Number.isFinite(v)),
        `scores ${scores.join(' ')}`,
      );
      assert.equal(received(s).anomalies[0].severity, a.severity, 'the severity arrives as a number, not null');
    });
  }

  it('keeps a metric called "__proto__" (or "constructor") as its own chart, forecast and arrived share', () => {
    const cfg = config({
      metrics: [
        { id: '__proto__', label: 'Proto' },
        { id: 'constructor', label: 'Ctor' },
      ],
      asOf: now + 20 * 60_000,
    });
    const data = dataset(start, hours + 1, { ['__proto__']: () => 100, constructor: () => 50 }, ['a']);
    const s = coreSnapshot(cfg, data, 0);
    for (const id of ['__proto__', 'constructor']) {
      assert.ok(Object.hasOwn(s.charts, id), `chart for ${id}`);
      assert.ok(Object.hasOwn(s.pending!.arrivedShare, id), `arrived share for ${id}`);
    }
    const r = received(s);
    const chart = ownEntry(r.charts, '__proto__');
    assert.equal(chart?.x.length, 168);
    assert.equal(chart?.thisWeek[0], 100);
    assert.equal(chart?.forecast?.scores.length, 24);
    assert.equal(ownEntry(r.charts, 'constructor')?.thisWeek[0], 50);
    assert.equal(ownEntry(r.pending!.arrivedShare, '__proto__'), 1);
    assert.equal(ownEntry(r.charts, 'toString'), undefined, 'no chart from Object.prototype');
  });
});
