// The shared forecast bench's report (bench/forecast/report.ts): which reference it names the best.
import * as assert from 'node:assert/strict';
import { bestReference } from '../../../bench/forecast/report';
import { score } from '../../../bench/forecast/metrics';
import type { DatasetProtocol, ForecastTable } from '../../../bench/forecast/protocol';

const p: DatasetProtocol = { name: 'toy', file: '', n: 12, periods: [2], main_period: 2, mase_period: 2, train_len: 8, horizons: [2], origins: [8, 10] };
const y = Float64Array.from([1, 3, 2, 4, 1, 3, 2, 5, 2, 3, 1, 4]);

/** A table with the same forecast at every origin; NaN means the model failed there. */
function table(mean: number[]): ForecastTable {
  const t: ForecastTable = new Map();
  const a = () => Float64Array.from(mean);
  for (const o of p.origins) t.set(o, { mean: a(), lo80: a(), hi80: a(), lo95: a(), hi95: a() });
  return t;
}

describe('bench/forecast report: the best reference', () => {
  it('skips a reference that failed on every origin instead of naming it the best with "-"', () => {
    const refs = [
      { m: 'tbats', s: score(y, p, table([NaN, NaN]), 2) },
      { m: 'snaive', s: score(y, p, table([1, 3]), 2) },
      { m: 'ets', s: score(y, p, table([2, 2]), 2) },
    ];
    assert.equal(refs[0].s.nOk, 0);
    assert.ok(Number.isNaN(refs[0].s.MASE));
    // Whatever the order (a NaN in a sort comparator used to leave it first), the failed one is skipped.
    for (const order of [refs, [...refs].reverse()]) assert.equal(bestReference(order)?.m, 'snaive');
  });

  it('keeps the lowest MASE among the scored ones, and the first of equals', () => {
    const s = (MASE: number, nOk = 3) => ({ MASE, nOk });
    assert.equal(
      bestReference([
        { m: 'a', s: s(0.9) },
        { m: 'b', s: s(0.7) },
        { m: 'c', s: s(0.8) },
      ])?.m,
      'b',
    );
    assert.equal(
      bestReference([
        { m: 'a', s: s(0.7) },
        { m: 'b', s: s(0.7) },
      ])?.m,
      'a',
    );
  });

  it('names none when no reference was scored', () => {
    assert.equal(bestReference([{ m: 'a', s: { MASE: NaN, nOk: 0 } }]), undefined);
    assert.equal(bestReference([]), undefined);
  });
});
