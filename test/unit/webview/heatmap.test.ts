// The heat-map's pure half (webview/heatmapModel.ts): its rows in the core's order, sorting by each
// column (gaps last, ties stable), the heat of a cell, and the words and numbers it shows.
import assert from 'node:assert/strict';
import {
  formatChange,
  formatShare,
  heatDirection,
  heatLevel,
  heatRows,
  nextSort,
  rowDescription,
  rowSlice,
  sortRows,
  valueLabel,
  type Contributions,
  type HeatRow,
} from '../../../webview/heatmapModel';

// The demo's iOS outage, in the core's order: platform first (iOS holds most of the drop).
const heat: Contributions = {
  kind: 'additive',
  expected: 200,
  actual: 155,
  gaps: 0,
  dimensions: [
    {
      dimension: 'platform',
      values: [
        { value: 'ios', expected: 90, actual: 45, relativeChange: -0.5, shareBefore: 0.45, contribution: 1 },
        { value: 'web', expected: 110, actual: 110, relativeChange: 0, shareBefore: 0.55, contribution: 0 },
      ],
    },
    {
      dimension: 'country',
      values: [
        { value: 'US', expected: 100, actual: 70, relativeChange: -0.3, shareBefore: 0.5, contribution: 0.8 },
        { value: 'IN', expected: 60, actual: 55, relativeChange: -1 / 12, shareBefore: 0.3, contribution: 0.3 },
        { value: 'BR', expected: null, actual: null, relativeChange: null, shareBefore: null, contribution: null, gaps: 2 },
        { value: '', others: 3, expected: 40, actual: 30, relativeChange: -0.25, shareBefore: 0.2, contribution: -0.1 },
      ],
    },
  ],
};
const names = (rows: readonly HeatRow[]) => rows.map(r => `${r.dimension}=${valueLabel(r.v)}`);

describe('webview: the heat-map (pure parts)', () => {
  it("lists the rows in the core's order: dimensions most explanatory first, values by their share of the change", () => {
    assert.deepEqual(names(heatRows(heat)), ['platform=ios', 'platform=web', 'country=US', 'country=IN', 'country=BR', 'country=3 others']);
    assert.deepEqual(names(sortRows(heatRows(heat), undefined)), names(heatRows(heat)));
  });

  it('sorts by every column: numbers largest first, text A to Z, a second press flips, gaps always last', () => {
    const rows = heatRows(heat);
    const by = (column: Parameters<typeof nextSort>[1], presses = 1) => {
      let sort = nextSort(undefined, column);
      for (let i = 1; i < presses; i++) sort = nextSort(sort, column);
      return names(sortRows(rows, sort));
    };
    assert.deepEqual(by('contribution'), ['platform=ios', 'country=US', 'country=IN', 'platform=web', 'country=3 others', 'country=BR']);
    assert.deepEqual(by('contribution', 2), ['country=3 others', 'platform=web', 'country=IN', 'country=US', 'platform=ios', 'country=BR']);
    assert.deepEqual(by('change'), ['platform=web', 'country=IN', 'country=3 others', 'country=US', 'platform=ios', 'country=BR']);
    assert.deepEqual(by('shareBefore'), ['platform=web', 'country=US', 'platform=ios', 'country=IN', 'country=3 others', 'country=BR']);
    // Text: A to Z (the folded row after every value), ties in the core's order.
    assert.deepEqual(by('value'), ['country=BR', 'country=IN', 'platform=ios', 'country=US', 'platform=web', 'country=3 others']);
    assert.deepEqual(by('value', 2), ['platform=web', 'country=US', 'platform=ios', 'country=IN', 'country=BR', 'country=3 others']);
    assert.deepEqual(by('dimension'), ['country=US', 'country=IN', 'country=BR', 'country=3 others', 'platform=ios', 'platform=web']);
  });

  it('starts a new column in its natural direction and flips the same one', () => {
    assert.deepEqual(nextSort(undefined, 'value'), { column: 'value', direction: 'ascending' });
    assert.deepEqual(nextSort(undefined, 'change'), { column: 'change', direction: 'descending' });
    assert.deepEqual(nextSort({ column: 'change', direction: 'descending' }, 'change'), { column: 'change', direction: 'ascending' });
    assert.deepEqual(nextSort({ column: 'change', direction: 'ascending' }, 'shareBefore'), { column: 'shareBefore', direction: 'descending' });
  });

  it('keeps ties in the core order, whatever the direction', () => {
    const tied: Contributions = {
      ...heat,
      dimensions: [
        { dimension: 'k', values: ['b', 'a', 'c'].map(value => ({ value, expected: 1, actual: 2, relativeChange: 1, shareBefore: 0.5, contribution: 0.5 })) },
      ],
    };
    for (const direction of ['ascending', 'descending'] as const)
      assert.deepEqual(names(sortRows(heatRows(tied), { column: 'contribution', direction })), ['k=b', 'k=a', 'k=c']);
  });

  it('fills a cell by its share of the change (0 to 5), coloured by which way the value itself moved', () => {
    assert.deepEqual([null, 0, 0.05, 0.1, 0.5, -0.5, 0.99, 1, 2.5, NaN].map(heatLevel), [0, 0, 0, 1, 3, 3, 5, 5, 5, 0]);
    const [ios, web, us, , br] = heatRows(heat).map(r => r.v);
    assert.equal(heatDirection(ios), 'down');
    assert.equal(heatDirection(web), 'flat');
    assert.equal(heatDirection({ ...us, actual: 120 }), 'up');
    assert.equal(heatDirection(br), 'flat', 'a gap has no direction');
  });

  it('formats shares and changes as people read them, and a gap as "–" (never 0% or NaN)', () => {
    assert.deepEqual([0.45, 1, 0.042, 0.0004, -0.16, 0, 1.13, 0.0995, null].map(formatShare), [
      '45%',
      '100%',
      '4.2%',
      '<0.1%',
      '−16%',
      '0%',
      '113%',
      '10%',
      '–',
    ]);
    assert.deepEqual([-0.65, 0.042, 0, -0.00001, 0.62, null].map(formatChange), ['−65%', '+4.2%', '±0%', '−<0.1%', '+62%', '–']);
  });

  it('names each row for screen readers and tooltips, and charts only real slices', () => {
    const [ios, , , , br, others] = heatRows(heat);
    assert.equal(rowDescription(ios, false), 'platform=ios: 45 against 90 last week (−50%), 45% of the total before, 100% of the change.');
    assert.equal(rowDescription(br, false), 'country=BR: no data; 2 slices missing, left out.');
    assert.equal(rowDescription(others, false), '3 other values of country: 30 against 40 last week (−25%), 20% of the total before, −10% of the change.');
    const rate = { ...ios, v: { ...ios.v, expected: 0.031, actual: 0.0214 } };
    assert.match(rowDescription(rate, true), /^platform=ios: 2\.14% against 3\.10% last week \(−50%\), 45% of the traffic before/);
    assert.deepEqual(rowSlice(ios), { platform: 'ios' });
    assert.equal(rowSlice(others), undefined, 'the folded row is no one slice');
    assert.equal(valueLabel({ ...ios.v, value: '' }), '(empty)');
  });
});
