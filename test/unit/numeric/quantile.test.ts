// Reference values from R 4.x: median(), mad() and quantile(type = 7, R's default).
import assert from 'node:assert/strict';
import { mad, median, quantile, quantiles, quantileSorted } from '../../../src/core/numeric';

const near = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) < 1e-12, `${what}: got ${got}, want ${want}`);

describe('numeric: median and mad', () => {
  it('matches R median()', () => {
    assert.equal(median([5, 3, 1, 4]), 3.5); // R: median(c(5, 3, 1, 4))
    assert.equal(median([5, 3, 1]), 3);
    assert.equal(median([7]), 7);
  });

  it('skips non-finite values and does not reorder its input', () => {
    const xs = [3, NaN, 1, Infinity, 2];
    assert.equal(median(xs), 2); // R: median(c(3, NA, 1, 2), na.rm = TRUE)
    assert.deepEqual(xs, [3, NaN, 1, Infinity, 2]);
    assert.ok(Number.isNaN(median([])));
    assert.ok(Number.isNaN(median([NaN, -Infinity])));
  });

  it('mad is R mad(x, constant = 1)', () => {
    assert.equal(mad([1, 2, 3, 4, 100]), 1); // R: mad(c(1, 2, 3, 4, 100), constant = 1)
    assert.equal(mad([2, 4, 6, 8]), 2); // R: mad(c(2, 4, 6, 8), constant = 1)
    near(mad(Float64Array.from([1, 2, 3, 4, 100])) * 1.4826, 1.4826, 'R: mad(c(1, 2, 3, 4, 100))');
    assert.ok(Number.isNaN(mad([])));
  });
});

describe('numeric: type-7 quantiles', () => {
  it('matches R quantile(1:10, c(0, 0.1, 0.25, 0.5, 0.75, 0.9, 1))', () => {
    const x = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const want = [1, 1.9, 3.25, 5.5, 7.75, 9.1, 10];
    quantiles(x, [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]).forEach((q, k) => near(q, want[k], `q${k}`));
  });

  it('matches R on ties and on a single value', () => {
    near(quantile([0, 1, 1, 2, 3, 5, 8, 13, 21, 34], 0.3), 1.7, 'fib 0.3'); // R: quantile(c(0,1,1,2,3,5,8,13,21,34), 0.3)
    assert.equal(quantile([3, 1, 2, 4], 0.5), 2.5); // R: quantile(c(3, 1, 2, 4), 0.5)
    assert.equal(quantile([5], 0.9), 5);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });

  it('returns an order statistic as is, even beside an infinite one (R: quantile(c(1, 2, Inf), 0.5) = 2)', () => {
    assert.equal(quantile([1, 2, Infinity], 0.5), 2);
    assert.equal(quantile([1, Infinity], 0), 1);
    assert.equal(quantile([1, 2, Infinity], 0.75), Infinity); // R: quantile(c(1, 2, Inf), 0.75)
    assert.equal(quantile([Infinity, Infinity], 0.3), Infinity);
  });

  it('quantileSorted reads a sorted array without copying; quantile sorts a copy', () => {
    const xs = [4, 1, 3, 2];
    assert.equal(quantileSorted([1, 2, 3, 4], 0.25), 1.75); // R: quantile(1:4, 0.25)
    assert.equal(quantile(xs, 0.25), 1.75);
    assert.deepEqual(xs, [4, 1, 3, 2]);
  });
});
