// The calibration scoring moved from bench/explain into core (src/core/learning/calibration.ts):
// core gives the benchmark's numbers on the same data. The reference below is the benchmark's
// formula as it stood before the move (bench/explain/metrics.ts `calibration`, calibrate.ts
// `fitCalibration`), kept verbatim as the oracle; the bench itself now calls core, and
// `npm run bench:explain` printed identical figures before and after.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CALIBRATION } from '../../../src/core/context/explain';
import type { Explanation } from '../../../src/core/context/types';
import { calibrationByKind, calibrationOf, fitCalibration, recalibrate, type CalibrationConstants } from '../../../src/core/learning/calibration';
import { calibration as benchCalibration, type Row } from '../../../bench/explain/metrics';
import type { Match } from '../../../bench/explain/match';

/** bench/explain/metrics.ts `calibration` before the move, over (confidence, right) pairs. */
function oracle(rows: readonly { confidence: number; right: boolean }[]) {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, ok: 0 }));
  let brier = 0;
  let ok = 0;
  let conf = 0;
  for (const x of rows) {
    const right = x.right ? 1 : 0;
    const b = bins[Math.min(9, Math.floor(x.confidence * 10))]!;
    b.n++;
    b.conf += x.confidence;
    b.ok += right;
    brier += (x.confidence - right) ** 2;
    ok += right;
    conf += x.confidence;
  }
  const n = rows.length || 1;
  const ece = bins.reduce((s, b) => s + (b.n ? (b.n / n) * Math.abs(b.conf / b.n - b.ok / b.n) : 0), 0);
  const r3 = (v: number): number => Math.round(v * 1000) / 1000;
  const reliability = bins
    .map((b, i) => ({ bin: `${i / 10}-${(i + 1) / 10}`, n: b.n, confidence: b.n ? r3(b.conf / b.n) : 0, accuracy: b.n ? r3(b.ok / b.n) : 0 }))
    .filter(b => b.n);
  return { n: rows.length, ece: r3(ece), brier: r3(brier / n), accuracy: r3(ok / n), meanConfidence: r3(conf / n), reliability };
}

const expl = (kind: Explanation['kind'], title: string, score: number): Omit<Explanation, 'confidence'> => ({ kind, title, score, evidence: [], slice: {} });

describe('learning: calibration scoring (shared with bench/explain)', () => {
  it('a hand-counted set: ECE, Brier and the bins', () => {
    // Two cases at 0.9 (one right), two at 0.25 (both wrong).
    const f = calibrationOf([
      { confidence: 0.9, right: true },
      { confidence: 0.9, right: false },
      { confidence: 0.25, right: false },
      { confidence: 0.25, right: false },
    ]);
    assert.equal(f.n, 4);
    // ECE: half the cases with |0.9 - 0.5| and half with |0.25 - 0| = 0.2 + 0.125.
    assert.equal(f.ece, 0.325);
    // Brier: (0.01 + 0.81 + 0.0625 + 0.0625) / 4.
    assert.equal(f.brier, 0.236);
    assert.equal(f.accuracy, 0.25);
    assert.deepEqual(f.reliability, [
      { bin: '0.2-0.3', n: 2, confidence: 0.25, accuracy: 0 },
      { bin: '0.9-1', n: 2, confidence: 0.9, accuracy: 0.5 },
    ]);
  });

  it('core equals the benchmark’s formula on any outcomes (1 000 generated sets)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ confidence: fc.double({ min: 0, max: 1, noNaN: true }), right: fc.boolean() }), { maxLength: 200 }), rows =>
        assert.deepEqual(calibrationOf(rows), oracle(rows)),
      ),
      { numRuns: 1000, seed: 16 },
    );
  });

  it('the benchmark’s calibration(rows) is core’s over the rows’ top explanations', () => {
    // Rows whose top explanation is "unexplained" (right when the row matches no effect) or a deploy (never matched here: wrong).
    const rows: Row[] = [0.95, 0.72, 0.4, 0.12, 0.66].map((c, i) => ({
      seed: 1,
      seg: { metric: 'm', dims: {}, start: i, end: i + 1, direction: 'down', severity: 1 } as unknown as Row['seg'],
      matches: [] as Match[],
      expl: [{ ...expl(i % 2 ? 'deploy' : 'unexplained', i % 2 ? 'Deploy x' : 'Unexplained', 0), confidence: c }],
    }));
    assert.deepEqual(benchCalibration(rows), oracle(rows.map(r => ({ confidence: r.expl[0]!.confidence, right: r.expl[0]!.kind === 'unexplained' }))));
  });

  it('per cause kind: each kind its own figures, kinds in name order', () => {
    const by = calibrationByKind([
      { kind: 'holiday', confidence: 0.8, right: true },
      { kind: 'deploy', confidence: 0.3, right: false },
      { kind: 'holiday', confidence: 0.6, right: false },
    ]);
    assert.deepEqual(
      by.map(k => [k.kind, k.figures.n]),
      [
        ['deploy', 1],
        ['holiday', 2],
      ],
    );
    assert.deepEqual(
      by[1]!.figures,
      oracle([
        { confidence: 0.8, right: true },
        { confidence: 0.6, right: false },
      ]),
    );
  });

  it('the re-fit: with the shipped constants nothing moves, and over-confident answers get a higher temperature', () => {
    const shipped: CalibrationConstants = CALIBRATION;
    const list = [expl('holiday', 'A holiday', 2), expl('deploy', 'A deploy', 0), expl('unexplained', 'Unexplained', -3)];
    const same = recalibrate(
      list.map(x => ({ ...x, confidence: 0 })),
      shipped,
      shipped,
    );
    assert.equal(same[0]!.title, 'A holiday');
    // Half the time the holiday (stated ~93%) is right, half the time the deploy: the fit must soften the softmax.
    const cases = Array.from({ length: 40 }, (_, i) => ({
      explanations: list.map(x => ({ ...x, confidence: 0 })),
      isRight: (x: Explanation) => x.title === (i % 2 ? 'A holiday' : 'A deploy'),
    }));
    const fit = fitCalibration(cases, shipped);
    assert.ok(fit.temperature > shipped.temperature, `temperature ${fit.temperature}`);
    assert.ok(fit.nll < fit.shippedNll);
  });
});
