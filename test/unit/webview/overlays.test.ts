// The chart overlays' labels come from the context items' fields, never from their display titles:
// a title worded differently (or in another language) changes nothing on the chart.
import assert from 'node:assert/strict';
import { overlayLines, overlayName, overlaySpans } from '../../../webview/overlays';
import type { ContextItem } from '../../../src/core/report/triage';

const H = 3_600_000;
const holiday = (country: string, start: number, end: number): ContextItem => ({
  kind: 'holiday',
  title: `Feiertag in ${country} (a title nobody parses)`,
  detail: 'd',
  start,
  end,
  country,
  name: 'Name',
  holidayType: 'public',
});
const CONTEXT: ContextItem[] = [
  holiday('BR', 0, 24 * H),
  holiday('MX', 2 * H, 26 * H),
  holiday('BR', 3 * H, 20 * H), // the same country again: named once
  {
    kind: 'event',
    title: 'Finale · sports',
    detail: 'd',
    start: 30 * H,
    end: 32 * H,
    name: 'Cup final',
    eventKind: 'sports',
    countries: [],
    source: { file: 'e.yaml', line: 1 },
  },
  { kind: 'deploy', title: 'Release of the week', detail: 'tag: x', start: 40 * H, end: 40 * H, ref: 'ios-v7.4.0', deployKind: 'tag', message: 'Release' },
  { kind: 'dst', title: 'Clocks back 1 h', detail: 'Europe/Paris', start: 50 * H, end: 50 * H, zones: ['Europe/Paris'], shiftHours: -1 },
  {
    kind: 'event',
    title: 'Instant',
    detail: 'd',
    start: 60 * H,
    end: 60 * H,
    name: 'Email blast',
    eventKind: 'email_send',
    countries: ['US'],
    source: { file: 'e.yaml', line: 9 },
  },
  holiday('JP', 100 * H, 124 * H),
];

describe('webview: chart overlay labels', () => {
  it('names each item by its fields: a holiday by its country, an event by its name, a deploy by its ref', () => {
    assert.deepEqual(CONTEXT.map(overlayName), ['BR', 'MX', 'BR', 'Cup final', 'ios-v7.4.0', undefined, 'Email blast', 'JP']);
  });

  it('merges overlapping holidays into one span named by their countries', () => {
    assert.deepEqual(overlaySpans(CONTEXT), [
      { kind: 'holiday', start: 0, end: 26 * H, label: 'BR, MX holidays' },
      { kind: 'event', start: 30 * H, end: 32 * H, label: 'Cup final' },
      { kind: 'holiday', start: 100 * H, end: 124 * H, label: 'JP holiday' },
    ]);
  });

  it('draws instants as lines: deploys and instant events labelled, clock changes not', () => {
    assert.deepEqual(overlayLines(CONTEXT), [
      { index: 4, kind: 'deploy', at: 40 * H, label: 'ios-v7.4.0' },
      { index: 5, kind: 'dst', at: 50 * H },
      { index: 6, kind: 'event', at: 60 * H, label: 'Email blast' },
    ]);
  });

  it('shows a ref that begins like a title as it is (nothing is stripped)', () => {
    const d: ContextItem = { kind: 'deploy', title: 'Deploy Deploy-2', detail: '', start: 1, end: 1, ref: 'Deploy-2', deployKind: 'tag', message: '' };
    assert.equal(overlayLines([d])[0].label, 'Deploy-2');
  });
});
