import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { COUNTRIES, generateDemo, GRID_END, METRICS, PLATFORMS, WINDOW_START } from '../../../src/core/demo';
import { demo42, HOUR } from './helpers';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('demo generator: output', () => {
  it('is deterministic: same seed, byte-identical files and ground truth; another seed differs', () => {
    const a = demo42().out;
    const b = generateDemo({ seed: 42 });
    assert.equal(sha(b.csv), sha(a.csv));
    assert.deepEqual(b.files, a.files);
    assert.equal(JSON.stringify(b.groundTruth), JSON.stringify(a.groundTruth));
    assert.deepEqual(b.deploys, a.deploys);
    assert.deepEqual(generateDemo(), a, 'the default seed is 42');
    const c = generateDemo({ seed: 7 });
    assert.notEqual(sha(c.csv), sha(a.csv));
    assert.notDeepEqual(
      c.groundTruth.effects.map((e) => [e.id, e.start, e.multiplier]),
      a.groundTruth.effects.map((e) => [e.id, e.start, e.multiplier]),
      'strengths and timings vary with the seed',
    );
    assert.equal(c.groundTruth.seed, 7);
  });

  it('writes the long CSV, sorted, header first, and it parses with no errors and no gaps', () => {
    const { out, data } = demo42();
    assert.equal(out.files['data/metrics.csv'], out.csv);
    const lines = out.csv.split('\n');
    assert.equal(lines[0], 'timestamp,metric,value,country,platform');
    assert.match(lines[1], /^2026-09-14T07:00:00Z,job_applies,\d+,AU,android$/);
    const keys = lines.slice(1, -1).map((l) => l.split(',')).map(([t, m, , c, p]) => `${t} ${m} ${c} ${p}`);
    assert.ok(keys.every((k, i) => i === 0 || keys[i - 1] < k), 'rows sorted by timestamp, metric, country, platform');
    assert.equal(data.gaps.length, 0);
    assert.equal(data.step, HOUR);
    assert.equal(data.start, WINDOW_START);
    assert.equal(data.end, GRID_END);
    for (const s of data.series) assert.ok(s.values.every((v) => Number.isInteger(v) && v >= 0));
  });

  it('covers at least six weeks, every country, platform and metric', () => {
    const { data } = demo42();
    assert.ok(data.end - data.start >= 6 * 7 * 24 * HOUR);
    assert.deepEqual([...data.dimensions], ['country', 'platform']);
    assert.deepEqual([...data.metrics].sort(), ['job_applies', 'messages_sent', 'page_views', 'signups']);
    const countries = new Set(data.series.map((s) => s.dims.country));
    for (const c of ['US', 'IN', 'GB', 'DE', 'BR', 'JP', 'FR', 'CA', 'AU', 'MX']) assert.ok(countries.has(c), c);
    assert.deepEqual([...new Set(data.series.map((s) => s.dims.platform))].sort(), ['android', 'ios', 'web']);
    assert.equal(data.series.length, METRICS.length * COUNTRIES.length * PLATFORMS.length);
  });

  it('starts at midnight Los Angeles and ends with the partly arrived hour of the report clock', () => {
    const { out } = demo42();
    const gt = out.groundTruth;
    assert.equal(gt.start, '2026-09-14T07:00:00Z');
    assert.equal(gt.end, '2026-11-03T18:00:00Z');
    assert.equal(gt.timezone, 'America/Los_Angeles');
    assert.match(out.files['.calibrate/report.yaml'], /^asOf: 2026-11-03T09:20:00-08:00 /m);
  });

  it('the window contains DST changes, including the US one inside the last week', () => {
    const zone = (z: string) => [WINDOW_START, GRID_END - 1].map((t) => DateTime.fromMillis(t, { zone: z }).offset);
    const [la0, la1] = zone('America/Los_Angeles');
    const [de0, de1] = zone('Europe/Berlin');
    assert.equal(la0 - la1, 60);
    assert.equal(de0 - de1, 60);
    const dst = demo42().out.groundTruth.effects.filter((e) => e.kind === 'dst');
    assert.ok(dst.some((e) => e.slice.country === 'US' && e.start === '2026-11-01T06:00:00Z'));
    assert.ok(dst.some((e) => e.slice.country === 'DE' && e.start === '2026-10-25T01:00:00Z'));
    assert.ok(dst.some((e) => Object.keys(e.slice).length === 0 && e.start === '2026-11-01T09:00:00Z'), 'report zone');
  });
});
