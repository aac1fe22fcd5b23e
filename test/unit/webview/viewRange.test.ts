// Zoom and pan arithmetic: the view stays inside the week, never narrower than a few hours, and the
// instant under the pointer keeps its place when zooming.
import assert from 'node:assert/strict';
import { clampRange, isZoomed, MIN_SPAN_MS, panRange, zoomRange } from '../../../webview/viewRange';

const H = 3_600_000;
const week = { min: 0, max: 168 * H };

describe('webview: chart view range', () => {
  it('zooms around the centre, or around the pointer, which keeps its place', () => {
    assert.deepEqual(zoomRange(week, week, 0.5), { min: 42 * H, max: 126 * H });
    const r = zoomRange(week, week, 0.5, 24 * H);
    assert.deepEqual(r, { min: 12 * H, max: 96 * H });
    assert.equal((24 * H - r.min) / (r.max - r.min), 24 / 168, 'the pointer is at the same fraction of the view');
  });

  it('never zooms in past the narrowest view, nor out past the week', () => {
    let r = week;
    for (let i = 0; i < 20; i++) r = zoomRange(r, week, 0.5);
    assert.equal(r.max - r.min, MIN_SPAN_MS);
    for (let i = 0; i < 10; i++) r = zoomRange(r, week, 2);
    assert.deepEqual(r, week);
    assert.equal(isZoomed(r, week), false);
  });

  it('pans within the week, keeping the span', () => {
    const r = { min: 24 * H, max: 48 * H };
    assert.deepEqual(panRange(r, week, 0.5), { min: 36 * H, max: 60 * H });
    assert.deepEqual(panRange(r, week, -5), { min: 0, max: 24 * H });
    assert.deepEqual(panRange(r, week, 50), { min: 144 * H, max: 168 * H });
  });

  it('clamps a range that leaves the week or is not a number', () => {
    assert.deepEqual(clampRange({ min: -10 * H, max: 5 * H }, week), { min: 0, max: 15 * H });
    assert.deepEqual(clampRange({ min: NaN, max: NaN }, week), { min: 0, max: MIN_SPAN_MS });
  });
});
