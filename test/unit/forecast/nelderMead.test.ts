import assert from 'node:assert/strict';
import { nelderMead } from '../../../src/core/forecast/nelderMead';

describe('forecast: Nelder-Mead', () => {
  it('finds the Rosenbrock minimum (1, 1)', () => {
    // Rosenbrock (1960): f = 100 (y - x^2)^2 + (1 - x)^2, minimum 0 at (1, 1).
    const r = nelderMead(p => 100 * (p[1] - p[0] ** 2) ** 2 + (1 - p[0]) ** 2, [-1.2, 1], { maxEval: 2000, tol: 1e-14 });
    assert.ok(Math.abs(r.x[0] - 1) < 1e-3 && Math.abs(r.x[1] - 1) < 1e-3, `${r.x}`);
  });
  it('treats non-finite values as +Infinity', () => {
    const r = nelderMead(p => (p[0] < 0 ? NaN : (p[0] - 2) ** 2), [1], { maxEval: 200 });
    assert.ok(Math.abs(r.x[0] - 2) < 1e-3);
  });
});
