// Anomaly scoring on top of the forecast: point scores, segments, week-over-week delta.
import assert from 'node:assert/strict';
import { MAX_SCORE, pointScores } from '../../../src/core/anomaly/score';
import { anomalySegments } from '../../../src/core/anomaly/segments';
import { detectAnomalies } from '../../../src/core/anomaly/detect';
import type { Series } from '../../../src/core/types';
import { hourlyTraffic } from '../forecast/helpers';

const HOUR = 3_600_000;

describe('anomaly: point scores', () => {
  it('is the residual over the half-width on its side; NaN for a missing actual', () => {
    const s = pointScores([12, 7, 10, NaN], [10, 10, 10, 10], [6, 6, 6, 6], [14, 14, 14, 14]);
    assert.deepEqual([...s.subarray(0, 3)], [0.5, -0.75, 0]);
    assert.ok(Number.isNaN(s[3]));
  });
  it('uses the asymmetric half-width of a skewed interval', () => {
    assert.deepEqual([...pointScores([13, 9], [10, 10], [9.5, 9.5], [16, 16])], [0.5, -2]);
  });
  it('stays finite against a zero-width band (JSON has no Infinity), and a missing band gives no score', () => {
    const s = pointScores([1, -1, 0, 1e-300, 5], [0, 0, 0, 0, 0], [0, 0, 0, -5e-324, NaN], [0, 0, 0, 5e-324, NaN]);
    assert.deepEqual([...s.subarray(0, 4)], [MAX_SCORE, -MAX_SCORE, 0, MAX_SCORE]);
    assert.ok(Number.isNaN(s[4]));
    const segs = anomalySegments({ metric: 'm', dims: {}, start: 0, step: HOUR, actual: [0, 1, 0], mean: [0, 0, 0], lower: [0, 0, 0], upper: [0, 0, 0] });
    assert.equal(segs.length, 1);
    assert.equal(segs[0].severity, MAX_SCORE);
    assert.ok(JSON.parse(JSON.stringify(segs[0])).severity === MAX_SCORE, 'the severity survives JSON');
  });
});

describe('anomaly: segments', () => {
  const base = { metric: 'orders', dims: { country: 'IN' }, start: 0, step: HOUR };
  const mean = new Array(12).fill(100);
  const lower = new Array(12).fill(90);
  const upper = new Array(12).fill(110);
  it('finds contiguous runs with start, end, peak, direction, severity and sums', () => {
    const actual = [100, 100, 130, 150, 120, 100, 100, 60, 100, 100, 100, 100];
    const lastWeek = new Array(12).fill(95);
    const segs = anomalySegments({ ...base, actual, mean, lower, upper, lastWeek }, { maxGap: 0 });
    assert.equal(segs.length, 2);
    const [up, down] = segs;
    assert.equal(up.direction, 'up');
    assert.equal(up.start, 2 * HOUR);
    assert.equal(up.end, 5 * HOUR);
    assert.equal(up.peakAt, 3 * HOUR);
    assert.equal(up.severity, 5);
    assert.equal(up.actual, 400);
    assert.equal(up.expected, 300);
    assert.equal(up.lastWeek, 285);
    assert.equal(up.wowDelta, 115);
    assert.equal(down.direction, 'down');
    assert.equal(down.severity, 4);
    assert.deepEqual(down.dims, { country: 'IN' });
  });
  it('bridges a short gap but not a change of direction', () => {
    const actual = [100, 130, 100, 130, 100, 100, 130, 60, 100, 100, 100, 100];
    const segs = anomalySegments({ ...base, actual, mean, lower, upper }, { maxGap: 1 });
    assert.deepEqual(
      segs.map(s => [s.start / HOUR, s.end / HOUR, s.direction]),
      [
        [1, 4, 'up'],
        [6, 7, 'up'],
        [7, 8, 'down'],
      ],
    );
  });
  it('drops segments shorter than minLength', () => {
    const actual = [100, 130, 100, 100, 130, 130, 130, 100, 100, 100, 100, 100];
    const segs = anomalySegments({ ...base, actual, mean, lower, upper }, { maxGap: 0, minLength: 2 });
    assert.equal(segs.length, 1);
    assert.equal(segs[0].length, 3);
  });
});

describe('anomaly: detectAnomalies on a series', () => {
  it('flags an injected 6-hour drop and nothing else of note', () => {
    const values = hourlyTraffic(672 + 48, 11);
    for (let t = 672 + 20; t < 672 + 26; t++) values[t] *= 0.4;
    const series: Series = { metric: 'orders', dims: {}, start: Date.UTC(2026, 0, 5), step: HOUR, values };
    const det = detectAnomalies(series, { zone: 'UTC', from: 672, horizon: 48 });
    const big = det.segments.filter(s => s.severity > 2);
    assert.equal(big.length, 1, JSON.stringify(det.segments.map(s => [s.start, s.severity])));
    assert.equal(big[0].direction, 'down');
    assert.equal(big[0].start, series.start + (672 + 20) * HOUR);
    assert.equal(big[0].end, series.start + (672 + 26) * HOUR);
    assert.ok(big[0].wowDelta < 0);
    assert.equal(det.scores.length, 48);
  });
});

describe('anomaly: detectAnomalies with a holiday mask and missing actuals', () => {
  it('keeps a masked holiday out of the fit and leaves missing buckets unscored', () => {
    const values = hourlyTraffic(672 + 24, 12);
    const mask = new Uint8Array(values.length);
    for (let t = 504; t < 528; t++) {
      values[t] *= 0.2; // last week's holiday
      mask[t] = 1;
    }
    values[672 + 5] = NaN; // a late bucket
    const series: Series = { metric: 'orders', dims: {}, start: Date.UTC(2026, 0, 5), step: HOUR, values };
    const det = detectAnomalies(series, { zone: 'UTC', from: 672, horizon: 24, mask });
    assert.ok(Number.isNaN(det.scores[5]));
    assert.equal(det.segments.filter(s => s.severity > 2).length, 0, JSON.stringify(det.segments));
    // The week-over-week delta sees the holiday a week ago; the forecast does not.
    assert.ok(det.lastWeek[0] < 0.5 * det.forecast.mean[0]);
  });
});
