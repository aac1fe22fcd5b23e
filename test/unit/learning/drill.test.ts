// Drills, the injection (src/core/learning/drill): on the demo generator's data, each kind at each
// difficulty changes only its truth's slice inside its truth's window, moves the total enough to be
// found, leaves the input untouched, and is the same for the same seed. Bad input is refused.
import * as assert from 'node:assert/strict';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { parseLongCsv } from '../../../src/core/csv';
import { DRILL_DIFFICULTIES } from '../../../src/core/investigation';
import {
  datasetCsv,
  drillClock,
  drillKinds,
  drillProblem,
  DRILL_KINDS,
  injectDrill,
  parseTruth,
  truthText,
  type DrillInput,
} from '../../../src/core/learning/drill';
import type { Dataset } from '../../../src/core/types';
import { demo42, HOUR } from '../demo/helpers';

function demoInput(over: Partial<DrillInput> = {}): DrillInput {
  const { out, data } = demo42();
  const config = parseReportConfig(out.files['.calibrate/report.yaml']!, '.calibrate/report.yaml');
  const clock = drillClock(config, data, Date.parse('2030-01-01T00:00:00Z'));
  const zones = new Map(config.dimensions.flatMap(d => Object.entries(d.values).map(([v, m]) => [`${d.id}\0${v}`, m.timezone])));
  return {
    dataset: data,
    drillId: 'drill-test-1',
    seed: 7,
    difficulty: 'easy',
    source: 'demo',
    window: { from: clock.from, to: clock.to },
    zone: config.timezone,
    zoneOf: (d, v) => zones.get(`${d}\0${v}`),
    ...over,
  };
}

const inSlice = (dims: Readonly<Record<string, string>>, slice: Readonly<Record<string, string>>) => Object.entries(slice).every(([k, v]) => dims[k] === v);

/** Sum of a metric over every series (NaN skipped) in [from, to). */
function total(d: Dataset, metric: string, from: number, to: number): number {
  let s = 0;
  for (const x of d.series) {
    if (x.metric !== metric) continue;
    for (let t = from; t < to; t += HOUR) {
      const v = x.values[Math.floor((t - x.start) / x.step)];
      if (v !== undefined && Number.isFinite(v)) s += v;
    }
  }
  return s;
}

describe('drills: the injection', function () {
  this.timeout(60_000);

  it('the demo allows every kind, the clock change included (the US left DST two days before asOf)', () => {
    assert.deepEqual(drillKinds(demoInput()), [...DRILL_KINDS]);
  });

  for (const kind of DRILL_KINDS) {
    for (const difficulty of DRILL_DIFFICULTIES) {
      it(`${kind}, ${difficulty}: only the truth's slice changes, only inside the truth's window, and the total moves`, () => {
        const input = demoInput({ kind, difficulty, seed: 11 });
        const { dataset, truth } = injectDrill(input);
        assert.equal(truth.kind, kind);
        assert.equal(truth.difficulty, difficulty);
        assert.ok(Object.keys(truth.slice).length >= 1);
        if (difficulty === 'hard' && (kind === 'incident' || kind === 'late_data' || kind === 'gap'))
          assert.equal(Object.keys(truth.slice).length, 2, `a hard ${kind} hides in two dimensions: ${JSON.stringify(truth.slice)}`);
        const t0 = Date.parse(truth.start);
        const t1 = Date.parse(truth.end);
        assert.ok(t1 > input.window.from && t0 < input.window.to, 'the anomaly is in the report window');
        let changed = 0;
        for (let k = 0; k < dataset.series.length; k++) {
          const before = input.dataset.series[k]!;
          const after = dataset.series[k]!;
          assert.deepEqual(after.dims, before.dims);
          for (let i = 0; i < before.values.length; i++) {
            const a = before.values[i]!;
            const b = after.values[i]!;
            if (Object.is(a, b)) continue;
            changed++;
            const at = before.start + i * HOUR;
            assert.ok(inSlice(before.dims, truth.slice), `${JSON.stringify(before.dims)} is outside the slice ${JSON.stringify(truth.slice)}`);
            assert.ok(at + HOUR > t0 && at < t1, `hour ${new Date(at).toISOString()} is outside ${truth.start}..${truth.end}`);
          }
        }
        assert.ok(changed > 0, 'something changed');
        // Moved enough to be found: at least 5% of the total in the injected hours (or a gap).
        const from = Math.max(t0 - (t0 % HOUR), input.window.from);
        const to = Math.min(t1, input.window.to);
        const was = total(input.dataset, 'page_views', from, to);
        const now = total(dataset, 'page_views', from, to);
        assert.ok(Math.abs(now / was - 1) >= 0.05, `the total moved ${((now / was - 1) * 100).toFixed(1)}%`);
        if (kind === 'incident') assert.equal(truth.deploys.filter(d => !d.decoy).length, 1, 'an incident comes with its deploy');
        if (kind === 'incident') assert.ok(Date.parse(truth.deploys.find(d => !d.decoy)!.at) < t0, 'the deploy is before the incident');
        if (kind === 'event') assert.equal(truth.events.length, 1, 'an event comes with its events.yaml entry');
        if (difficulty === 'hard')
          assert.ok(
            truth.deploys.some(d => d.decoy),
            'a hard drill adds a decoy deploy',
          );
        else assert.ok(!truth.deploys.some(d => d.decoy));
      });
    }
  }

  it('a gap is missing rows in the drilled CSV, and the CSV reads back as the drilled data', () => {
    const input = demoInput({ kind: 'gap', difficulty: 'medium', seed: 3 });
    const { dataset, truth } = injectDrill(input);
    const back = parseLongCsv(datasetCsv(dataset), 'data/metrics.csv');
    assert.equal(back.start, dataset.start);
    assert.equal(back.end, dataset.end);
    const t0 = Date.parse(truth.start);
    const s = back.series.find(x => inSlice(x.dims, truth.slice))!;
    assert.ok(Number.isNaN(s.values[(t0 - s.start) / HOUR]), 'the gap is a gap after a round trip');
    const orig = dataset.series.find(x => x.metric === s.metric && JSON.stringify(x.dims) === JSON.stringify(s.dims))!;
    assert.deepEqual(Array.from(s.values.subarray(0, 100)), Array.from(orig.values.subarray(0, 100)));
  });

  it('is deterministic for a seed, differs for another, and never changes its input', () => {
    const input = demoInput({ seed: 5, difficulty: 'medium' });
    const before = input.dataset.series.map(s => Float64Array.from(s.values));
    const a = injectDrill(input);
    const b = injectDrill(input);
    assert.equal(truthText(a.truth), truthText(b.truth));
    assert.equal(datasetCsv(a.dataset), datasetCsv(b.dataset));
    const others = [6, 8, 9, 10].map(seed => truthText(injectDrill({ ...input, seed }).truth));
    assert.ok(others.some(t => t !== truthText(a.truth)));
    input.dataset.series.forEach((s, k) => assert.deepEqual(s.values, before[k]));
  });

  it("the truth's text is canonical and reads back; a damaged one says what is wrong", () => {
    const { truth } = injectDrill(demoInput({ kind: 'incident' }));
    const text = truthText(truth);
    assert.deepEqual(parseTruth(text), truth);
    assert.equal(truthText(parseTruth(text) as typeof truth), text);
    assert.match((parseTruth('{"version":1') as { problem: string }).problem, /not JSON/);
    assert.match((parseTruth(text.replace('"incident"', '"meteor"')) as { problem: string }).problem, /kind/);
  });

  it('refuses data with nothing to drill on, no dimensions, or under six weeks of history', () => {
    const { data } = demo42();
    assert.match(drillProblem(undefined)!, /no data/);
    assert.match(drillProblem({ ...data, series: [] })!, /no data/);
    assert.match(drillProblem({ ...data, dimensions: [] })!, /no dimensions/);
    const short = { ...data, start: data.end - 5 * 7 * 24 * HOUR };
    assert.match(drillProblem(short)!, /too little history.*5\.0 weeks.*at least 6/);
    assert.equal(drillProblem(data), undefined);
    assert.throws(() => injectDrill({ ...demoInput(), dataset: short }), /too little history/);
  });
});
