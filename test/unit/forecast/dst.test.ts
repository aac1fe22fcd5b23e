// Seasonality in local time: positions follow the report zone's wall clock across DST changes.
// Dates: US DST 2026 starts Sun 8 March 02:00 and ends Sun 1 November 02:00 (America/New_York).
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { localPhases } from '../../../src/core/forecast/phases';
import { forecastSeries } from '../../../src/core/forecast/series';
import type { Series } from '../../../src/core/types';

const HOUR = 3_600_000;
const ZONE = 'America/New_York';

describe('forecast: local-time seasonal positions', () => {
  it('skips 02:00 on the spring-forward day and repeats 01:00 on the fall-back day', () => {
    const spring = DateTime.fromISO('2026-03-08T00:00', { zone: ZONE }).toMillis();
    const [daily] = localPhases(spring, HOUR, 5, [24, 168], ZONE);
    assert.deepEqual([...daily], [0, 1, 3, 4, 5]);
    const fall = DateTime.fromISO('2026-11-01T00:00', { zone: ZONE }).toMillis();
    const [d2, weekly] = localPhases(fall, HOUR, 4, [24, 168], ZONE);
    assert.deepEqual([...d2], [0, 1, 1, 2]);
    // Sunday is the 7th day from Monday: 6 * 24 + hour.
    assert.deepEqual([...weekly], [144, 145, 145, 146]);
  });

  it('rejects an unknown zone', () => {
    assert.throws(() => localPhases(0, HOUR, 3, [24], 'Mars/Olympus'), /Unknown time zone/);
  });

  it('keeps the 09:00 local peak at 09:00 after the fall-back inside the training window', () => {
    // Four weeks of hourly data ending Thu 5 Nov 2026 00:00 local; DST ended on 1 Nov inside it.
    const start = DateTime.fromISO('2026-10-08T00:00', { zone: ZONE }).toMillis();
    const end = DateTime.fromISO('2026-11-05T00:00', { zone: ZONE }).toMillis();
    const n = (end - start) / HOUR; // 673 hours: the extra hour of 1 November
    const values = new Float64Array(n + 24);
    for (let t = 0; t < values.length; t++) {
      const local = DateTime.fromMillis(start + t * HOUR, { zone: ZONE });
      values[t] = 100 + (local.hour === 9 ? 80 : 0) + (local.hour >= 8 && local.hour <= 18 ? 20 : 0) + ((t * 7919) % 13) / 13;
    }
    const series: Series = { metric: 'orders', dims: {}, start, step: HOUR, values };
    const fc = forecastSeries(series, { zone: ZONE, horizon: 24, trainEnd: n });
    let peak = 0;
    for (let h = 1; h < 24; h++) if (fc.mean[h] > fc.mean[peak]) peak = h;
    const peakLocal = DateTime.fromMillis(fc.start + peak * HOUR, { zone: ZONE });
    assert.equal(peakLocal.hour, 9, `peak forecast at ${peakLocal.toISO()}`);
    let mae = 0;
    for (let h = 0; h < 24; h++) mae += Math.abs(fc.mean[h] - values[n + h]) / 24;
    assert.ok(mae < 5, `MAE after the DST change ${mae}`);
  });
});
