import assert from 'node:assert/strict';
import { normalUpperQuantile, normalUpperTail, quantile } from '../../../src/core/drilldown/stats';

describe('drilldown/stats', () => {
  it('normal upper tail matches R', () => {
    assert.ok(Math.abs(normalUpperTail(1.959964) - 0.025) < 1e-7); // R: pnorm(1.959964, lower=FALSE)
    assert.ok(Math.abs(normalUpperTail(3) - 0.001349898) < 1e-8); // R: pnorm(3, lower=FALSE)
    assert.ok(Math.abs(normalUpperTail(-1) - 0.8413447) < 1e-6);
  });

  it('normal quantile matches R', () => {
    assert.ok(Math.abs(normalUpperQuantile(0.025) - 1.959964) < 1e-6); // R: qnorm(0.975)
    assert.ok(Math.abs(normalUpperQuantile(1e-7) - 5.199338) < 1e-5); // R: qnorm(1e-7, lower=FALSE)
    assert.ok(Math.abs(normalUpperQuantile(0.9) + 1.281552) < 1e-6);
    assert.throws(() => normalUpperQuantile(0), RangeError);
  });

  it('quantile interpolates linearly (R type 7)', () => {
    assert.equal(quantile([3, 1, 2, 4], 0.5), 2.5); // R: quantile(c(3,1,2,4), 0.5)
    assert.equal(quantile([5], 0.9), 5);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });
});
