import assert from 'node:assert/strict';
import { contributionTable } from '../../../src/core/drilldown';

const close = (a: number | null, b: number, eps = 1e-9): void => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} != ${b}`);

describe('drilldown/contributionTable', () => {
  // Hand-computed oracle. Totals: baseline 100+50+30+20 = 200, current 40+50+35+25 = 150, change -50.
  const leaves = [
    { dims: { country: 'IN', platform: 'ios' }, forecast: 100, actual: 40 },
    { dims: { country: 'IN', platform: 'web' }, forecast: 50, actual: 50 },
    { dims: { country: 'US', platform: 'ios' }, forecast: 30, actual: 35 },
    { dims: { country: 'US', platform: 'web' }, forecast: 20, actual: 25 },
  ];

  it('computes change, contribution and shares per dimension value (additive)', () => {
    const t = contributionTable({ kind: 'additive', leaves });
    close(t.baseline, 200);
    close(t.current, 150);
    const country = t.dimensions.find(d => d.dimension === 'country')!;
    const [inRow, usRow] = country.rows;
    assert.equal(inRow.value, 'IN'); // most explanatory first
    close(inRow.baseline, 150);
    close(inRow.current, 90);
    close(inRow.changePct, -40); // 90/150 - 1
    close(inRow.contributionPct, 120); // -60 of -50
    close(inRow.sharePctBefore, 75); // 150/200
    close(inRow.sharePctAfter, 60); // 90/150
    close(usRow.contributionPct, -20); // +10 of -50
  });

  it('orders dimensions by their most explanatory value', () => {
    // country: IN explains 120%; platform: ios explains (-60+5)/-50 = 110%.
    const t = contributionTable({ kind: 'additive', leaves });
    assert.deepEqual(
      t.dimensions.map(d => d.dimension),
      ['country', 'platform'],
    );
  });

  it('uses ratios and rate effects for a ratio metric, and denominator shares', () => {
    // Forecast rates 10% everywhere; actual: IN rate 20% on the same 100 views, US unchanged.
    const t = contributionTable({
      kind: 'ratio',
      leaves: [
        { dims: { country: 'IN' }, forecast: { num: 10, den: 100 }, actual: { num: 20, den: 100 } },
        { dims: { country: 'US' }, forecast: { num: 30, den: 300 }, actual: { num: 60, den: 600 } },
      ],
    });
    close(t.baseline, 0.1); // 40/400
    close(t.current, 80 / 700);
    const [inRow, usRow] = t.dimensions[0].rows;
    assert.equal(inRow.value, 'IN');
    close(inRow.changePct, 100);
    // Rate effect of IN: (20 - 100*0.1)/700 over the total change 80/700 - 0.1 = 10/700: all of it.
    close(inRow.contributionPct, 100);
    close(usRow.contributionPct, 0); // US volume doubled, rate unchanged: mix only
    close(inRow.sharePctBefore, 25);
    close(inRow.sharePctAfter, (100 * 100) / 700);
  });

  it('reports null change and contribution when the baseline or the total change is 0', () => {
    const t = contributionTable({
      kind: 'additive',
      leaves: [
        { dims: { a: 'x' }, forecast: 0, actual: 5 },
        { dims: { a: 'y' }, forecast: 5, actual: 0 },
      ],
    });
    const x = t.dimensions[0].rows.find(r => r.value === 'x')!;
    assert.equal(x.changePct, null);
    assert.equal(x.contributionPct, null);
  });
});
