// What the report says of where someone is (webview/presenceWords.ts): the metric's label, the
// anomaly with its direction, start and size, or the hour, in the report's zone; the slice.
import assert from 'node:assert/strict';
import { focusWords } from '../../../webview/presenceWords';
import type { ReportSnapshot } from '../../../src/messaging/protocol';

const H = 3_600_000;
const start = Date.UTC(2026, 10, 3, 10);
const s = {
  timezone: 'UTC',
  rows: [{ metric: 'page_views', label: 'Page views' }],
  anomalies: [{ metric: 'page_views', start, end: start + 3 * H, direction: 'down', vsForecastPct: -16.2 }],
} as unknown as ReportSnapshot;

describe('webview/presence focusWords', () => {
  it('names the metric by its label, the anomaly with its direction, start and size', () => {
    assert.equal(focusWords({ metric: 'page_views', anomaly: { metric: 'page_views', start } }, s), 'Page views · anomaly ▼ Tue 10:00 (−16% vs forecast)');
  });
  it('the hour, the slice; an unknown metric by its id; nothing chosen: the report', () => {
    assert.equal(focusWords({ metric: 'page_views', hour: start + H, slice: { platform: 'ios' } }, s), 'Page views · Tue 11:00 · slice platform=ios');
    assert.equal(focusWords({ metric: 'orders' }, s), 'orders');
    assert.equal(focusWords({}, s), 'the report');
    assert.equal(focusWords({ anomaly: { metric: 'page_views', start: start + 9 * H } }, s), 'Page views · anomaly at Tue 19:00');
  });
});
