// The M4 hourly runner's pure parts (bench/m4): the folder's CSV formats, NA handling, reading the
// scorer's table and the published figures, the comparison table, variants and per-series scores.
// Nothing here runs the engine or the benchmark.
import * as assert from 'node:assert/strict';
import {
  FORECAST_HEADER,
  TIMING_HEADER,
  comparableRows,
  forecastProblem,
  forecastRows,
  formatTable,
  missingBounds,
  parsePublished,
  parseScorerTable,
  publishedSelection,
  scoredTableRow,
  targetLines,
  timingRow,
} from '../../../bench/m4/format';
import { maseScale, scoreSeries, spreadLines } from '../../../bench/m4/perSeries';
import { modelName, variantOptions } from '../../../bench/m4/variants';

const f = (mean: number[], lo80 = mean, hi80 = mean, lo95 = mean, hi95 = mean) => ({ mean, lo80, hi80, lo95, hi95 });

// Trimmed from a real `python3 scripts/30_score.py <file> --no-write` run on two series.
const SCORER_OUT = `| model | series | subset | sMAPE | MASE | OWA | MSIS | cov80 | cov95 | ACD95 | naive2_sMAPE_same_series | naive2_MASE_same_series | median_cpu_s | mean_cpu_s |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| calibrate | 2 | partial | 9.3610 | 1.5440 | 1.1380 | 7.1700 | 0.6670 | 0.9540 | 0.0040 | 8.4040 | 1.3290 | 0.0525 | 0.0600 |
| naive2 | 414 | all | 18.3829 | 2.3950 | 1.0000 | NA | NA | NA | NA | 18.3829 | 2.3950 | 0.0010 | 0.0013 |
| tbats | 11 | every:40 | 9.2627 | 1.3151 | 0.7006 | 9.7914 | 0.8542 | 0.9735 | 0.0235 | 12.7846 | 1.9437 | 20.2340 | 20.6840 |
| naive2 | 11 | every:40 (restricted) | 12.7846 | 1.9437 | 1.0000 | NA | NA | NA | NA | 12.7846 | 1.9437 | 0.0020 | 0.0018 |
| naive2 | 2 | partial (restricted) | 8.4040 | 1.3290 | 1.0000 | NA | NA | NA | NA | 8.4040 | 1.3290 | 0.0010 | 0.0010 |
| snaive | 2 | partial (restricted) | 8.4820 | 1.4320 | 1.0430 | 7.0130 | 0.8000 | 0.9790 | 0.0290 | 8.4040 | 1.3290 | 0.0010 | 0.0010 |
`;

const PUBLISHED = `id,method,type,sMAPE,MASE,OWA,MSIS,ACD,rank_point_all_freq,rank_PI_all_freq
Naive2,The M4 Team,Statistical,18.383,2.395,1,,,35,#N/A
sNaive,The M4 Team,Statistical,13.912,1.193,0.627454,,,41,#N/A
30,"Wainwright, E., Butz E. & Raychaudhuri, S.",Statistical,13.292,1.01,0.572386,8.556,0,30,13
24,"Reilly, T.",Statistical,13.135,1.149,0.597134,11.743,0.022,34,12
118,"Smyl, S.",Hybrid,9.328,0.893,0.440143,7.928,0.04,1,1
235,"Darin, S. & Stellwagen, E.",Statistical,11.683,0.856,0.496472,,,16,#N/A
238,"Doornik, J., Hendry, D. & Castle, J.",Combination (S),8.913,0.801,0.409648,6.139,0.002,9,3
237,"Pawlikowski, M., Chorowska, A. & Yanchuk, O.",Combination (S),9.611,0.873,0.443665,,,3,#N/A
5,"Spiliotis, E. & Assimakopoulos, V.",Statistical,17.756,1.808,0.860399,,,11,#N/A
ARIMA,The M4 Team,Statistical,,,,7.538,0.001,#N/A,9
`;

describe("bench/m4: the folder's CSV formats", () => {
  it('writes one row per step in the forecasts columns, full precision, NA for a missing bound', () => {
    assert.equal(FORECAST_HEADER, 'dataset,model,origin,step,mean,lo80,hi80,lo95,hi95');
    const rows = forecastRows('H7', 'calibrate', 960, f([1.5, 2 / 3], [1, NaN], [2, Infinity], [0.5, 0.25], [3, 4]), 2);
    assert.deepEqual(rows, ['H7,calibrate,960,1,1.5,1,2,0.5,3', `H7,calibrate,960,2,${2 / 3},NA,NA,0.25,4`]);
    assert.equal(missingBounds(f([1, 2], [1, NaN], [2, Infinity], [0, 0], [3, 4]), 2), 2);
  });

  it('refuses a series whose point forecast has a gap or is short (the scorer would reject the file)', () => {
    assert.equal(forecastProblem(f([1, 2, 3]), 3), undefined);
    assert.equal(forecastProblem(f([1, NaN, 3]), 3), 'no point forecast at step 2');
    assert.equal(forecastProblem(f([1, 2]), 3), 'only 2 of 3 steps forecast');
    // Missing bounds alone are not a failure: they are written NA.
    assert.equal(forecastProblem(f([1, 2], [NaN, NaN]), 2), undefined);
  });

  it('writes a timings row whose free text cannot break the unquoted CSV', () => {
    assert.equal(TIMING_HEADER, 'dataset,model,origin,wall_s,cpu_s,status,spec');
    const row = timingRow('H1', 'calibrate', 700, 0.1234567, 0.0421, 'error: Season 2, "weekly"\nhas no value', 'a,b');
    assert.equal(row, 'H1,calibrate,700,0.12346,0.04210,error: Season 2 weekly has no value,a b');
    assert.equal(row.split(',').length, 7);
  });
});

describe("bench/m4: the scorer's table and the published figures", () => {
  it("reads the scorer's markdown table by column name, NA as NaN", () => {
    const rows = parseScorerTable(`some log line\n${SCORER_OUT}`);
    assert.equal(rows.length, 6);
    assert.deepEqual(
      { ...rows[0] },
      { model: 'calibrate', series: 2, subset: 'partial', sMAPE: 9.361, MASE: 1.544, OWA: 1.138, MSIS: 7.17, cov80: 0.667, cov95: 0.954, medianCpuS: 0.0525 },
    );
    assert.ok(Number.isNaN(rows[1].MSIS) && Number.isNaN(rows[1].cov95));
    assert.throws(() => parseScorerTable('| model | series |\n|---|---|\n| a | 1 |'), /no "subset" column/);
  });

  it('on a subset, compares ours only with the references restricted to the same series', () => {
    const { ours, same, sample } = comparableRows(parseScorerTable(SCORER_OUT), 'calibrate');
    assert.equal(ours?.subset, 'partial');
    assert.deepEqual(
      same.map(r => r.model),
      ['naive2', 'snaive'],
    );
    assert.deepEqual(sample, []);
  });

  it('on all series, compares with the full references and shows the R sample separately', () => {
    const full = SCORER_OUT.replace('| calibrate | 2 | partial |', '| calibrate | 414 | all |').replace(
      /\| [a-z0-9]+ \| 2 \| partial \(restricted\)[^\n]*\n/g,
      '',
    );
    const withOurs = full + '| calibrate | 11 | every:40 (restricted) | 9.0 | 1.2 | 0.69 | 7.5 | 0.8 | 0.95 | 0 | 12.78 | 1.94 | 0.05 | 0.05 |\n';
    const { ours, same, sample } = comparableRows(parseScorerTable(withOurs), 'calibrate');
    assert.equal(ours?.series, 414);
    assert.deepEqual(
      same.map(r => r.model),
      ['naive2'],
    );
    assert.deepEqual(
      sample.map(r => `${r.model} ${r.subset}`),
      ['tbats every:40', 'naive2 every:40 (restricted)', 'calibrate every:40 (restricted)'],
    );
  });

  it("reads quoted method names and #N/A, and picks the competition's best, the best statistical methods, auto.arima's MSIS and the benchmarks", () => {
    const pub = parsePublished(PUBLISHED);
    assert.equal(pub.find(r => r.id === '118')?.method, 'Smyl, S.');
    assert.ok(Number.isNaN(pub.find(r => r.id === 'ARIMA')!.OWA));
    const names = publishedSelection(pub).map(r => r.name);
    assert.deepEqual(names, [
      'published: Doornik (238)',
      'published: Smyl (118)',
      'published: Darin (235)',
      'published: Wainwright (30)',
      'published: Reilly (24)',
      'published: ARIMA',
      'published: sNaive',
      'published: Naive2',
    ]);
  });

  it('formats the table: 3 decimals, "-" where unknown, published coverage as 0.95 ± ACD, CPU in ms', () => {
    const pub = publishedSelection(parsePublished(PUBLISHED));
    const ours = scoredTableRow(parseScorerTable(SCORER_OUT)[0], 'calibrate');
    const lines = formatTable([ours, pub[0], pub.find(r => r.name.includes('ARIMA'))!]);
    assert.equal(lines[0], '| method | series | OWA | sMAPE | MASE | MSIS | cov95 | median CPU ms/series |');
    assert.equal(lines[2], '| **calibrate** | 2 (partial) | 1.138 | 9.361 | 1.544 | 7.170 | 0.954 | 53 |');
    assert.equal(lines[3], '| published: Doornik (238) | 414 | 0.410 | 8.913 | 0.801 | 6.139 | 0.95 ± 0.002 | - |');
    assert.equal(lines[4], '| published: ARIMA | 414 | - | - | - | 7.538 | 0.95 ± 0.001 | - |');
  });

  it('states each target and, on a subset, that the published figures do not compare', () => {
    const rows = parseScorerTable(SCORER_OUT);
    const lines = targetLines(rows[0], parsePublished(PUBLISHED), comparableRows(rows, 'calibrate').same);
    assert.match(lines[0], /only 2 of 414 series/);
    assert.ok(lines.includes('- OWA 1.138 below the best published statistical method 0.496: NOT met'));
    assert.ok(lines.includes('- OWA below the local references on the same series (best 1.043): NOT met'));
    assert.ok(lines.includes('- MSIS 7.170 below the best published statistical MSIS 7.538: met'));
    assert.ok(lines.includes('- cov95 0.954 within [0.93, 0.97]: met'));
    assert.ok(lines.some(l => l.includes('OWA 1.138 vs 0.410 (+177.8%)')));
  });
});

describe('bench/m4: variants and per-series scores', () => {
  it('maps a variant name to engine options in one place; an unknown name lists the known ones', () => {
    assert.deepEqual(variantOptions('default'), {});
    assert.throws(() => variantOptions('nope'), /Unknown variant "nope"; known: default/);
    assert.throws(() => variantOptions('toString'), /Unknown variant/);
    assert.equal(modelName('default'), 'calibrate');
    assert.equal(modelName('noweekly'), 'calibrate_noweekly');
  });

  it('scores one series with the M4 formulas (scale: in-sample lag-24 MAE) beside seasonal naive', () => {
    // 48 training hours: a day of 10s then a day of 12s, so the lag-24 scale is 2.
    const train = [...Array<number>(24).fill(10), ...Array<number>(24).fill(12)];
    assert.equal(maseScale(train), 2);
    const test = [14, 12];
    const s = scoreSeries('H9', train, test, f([13, 12], [12, 11], [13, 13], [11, 13], [15, 13]));
    assert.equal(s.MASE, (1 + 0) / 2 / 2);
    assert.equal(s.sMAPE, (200 / 27 + 0) / 2);
    // Step 1 inside [11, 15] (width 4); step 2 at 12 below [13, 13]: width 0 + 40 * 1.
    assert.equal(s.MSIS, (4 + 40) / 2 / 2);
    assert.equal(s.cov95, 0.5);
    assert.equal(s.cov80, 0.5);
    // Seasonal naive repeats the last day (12, 12): errors 2 and 0.
    assert.equal(s.snaiveMASE, 2 / 2 / 2);
    const lines = spreadLines([s, { ...s, id: 'H10', n: 960, MASE: 2 }], 1);
    assert.equal(lines[2], '| 48 | 1 | 0.250 | 0.500 | 1 | 0.500 | 0.500 | 1 |');
    assert.ok(lines.includes('| H10 | 960 | 2.000 | 0.500 | 4.000 | 0.500 |'));
  });
});
