// The engine's filter against R's stats::HoltWinters on AirPassengers, with fixed smoothing parameters.
// Reference values: fixtures/airpassengers_r_hw.json, produced by oracle/r_holtwinters.py, a
// transcription of R's decompose + HoltWinters start values + C_HoltWinters + predict.HoltWinters.
// The oracle itself is checked against R's published printout of HoltWinters(AirPassengers) below.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fitHoltWinters, forecastHoltWinters } from '../../../src/core/forecast/holtWinters';
import { rHoltWintersStart } from '../../../src/core/forecast/rCompat';
import type { SeasonalForm } from '../../../src/core/forecast/types';

interface OracleFit {
  alpha: number;
  beta: number;
  gamma: number;
  l_start: number;
  b_start: number;
  s_start: number[];
  fitted: number[];
  sse: number;
  a: number;
  b: number;
  s: number[];
  forecast: number[];
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/airpassengers_r_hw.json', import.meta.url), 'utf8')) as Record<string, OracleFit> & { data: number[] };
const y = Float64Array.from(fx.data);

function runEngine(o: OracleFit, seasonal: SeasonalForm) {
  const { state, start } = rHoltWintersStart(y, 12, seasonal);
  const model = fitHoltWinters(y, {
    periods: [12],
    seasonal,
    trend: 'additive',
    ar: false,
    robust: false,
    fixed: { alpha: o.alpha, beta: o.beta, gamma: o.gamma },
    init: state,
    start,
    maxHorizon: 24,
  });
  return { state, model, fc: forecastHoltWinters(model, 24) };
}

function close(actual: number, expected: number, tol: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (|diff| ${Math.abs(actual - expected)} > ${tol})`);
}

for (const [key, seasonal] of [
  ['additive', 'additive'],
  ['multiplicative', 'multiplicative'],
  ['fixed_030_010_010_additive', 'additive'],
] as const) {
  describe(`R HoltWinters recursion on AirPassengers, ${key}`, () => {
    const o = fx[key];
    const { state, model, fc } = runEngine(o, seasonal);
    it('start values match decompose() + .lm.fit (oracle, 1e-9)', () => {
      close(state.level, o.l_start, 1e-9, 'l.start');
      close(state.trend, o.b_start, 1e-9, 'b.start');
      o.s_start.forEach((v, i) => close(state.s1[i], v, 1e-9, `s.start[${i}]`));
    });
    it('fitted values match R to 1e-6 (oracle)', () => {
      assert.equal(o.fitted.length, 132);
      o.fitted.forEach((v, i) => close(model.fitted[12 + i], v, 1e-6, `fitted[${12 + i}]`));
      close(model.form.loss, o.sse, 1e-6 * o.sse, 'SSE');
    });
    it('forecasts 1..24 match predict.HoltWinters to 1e-6 (oracle)', () => {
      o.forecast.forEach((v, h) => close(fc.mean[h], v, 1e-6, `forecast h=${h + 1}`));
    });
  });
}

describe('oracle against R printout of HoltWinters(AirPassengers)', () => {
  // Printed by R (stats 4.x) for HoltWinters(AirPassengers) and seasonal = "multiplicative";
  // parameters printed to 7 digits, so the coefficients agree to about 1e-5 relative.
  it('additive: a = 477.827781, b = 3.127627, s1 = -27.457685, s12 = -45.827781', () => {
    const { model } = runEngine(fx.additive, 'additive');
    const st = model.form.state;
    close(st.level, 477.827781, 1e-4, 'a');
    close(st.trend, 3.127627, 1e-5, 'b');
    close(st.s1[144 % 12], -27.457685, 1e-4, 's1');
    close(st.s1[155 % 12], -45.827781, 1e-4, 's12');
  });
  it('multiplicative: a = 469.3232206, b = 3.0215391, s1 = 0.9464611, s12 = 0.9209877', () => {
    const { model } = runEngine(fx.multiplicative, 'multiplicative');
    const st = model.form.state;
    close(st.level, 469.3232206, 1e-5, 'a');
    close(st.trend, 3.0215391, 1e-6, 'b');
    close(st.s1[0], 0.9464611, 1e-7, 's1');
    close(st.s1[11], 0.9209877, 1e-7, 's12');
  });
});
