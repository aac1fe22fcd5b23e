// Precision / recall per kind, the false-holiday rate and calibration figures over bench rows.
import type { BenchEffect } from './inject';
import type { Explanation } from '../../src/core/context/types';
import type { AnomalySegment } from '../../src/core/types';
import { evaluationSegment, isRight, satisfies, type Match } from './match';
import { calibrationOf, ratio, type CalibrationFigures } from '../../src/core/learning/calibration';

export interface Row {
  readonly seed: number;
  readonly seg: AnomalySegment;
  readonly matches: readonly Match[];
  readonly expl: readonly Explanation[];
}

export interface KindFigures {
  effects: number;
  detected: number;
  recallTop1: number | null;
  recallTop3: number | null;
  /** Over every segment in the effect's own window: share whose top-1 names it. */
  segmentRecallTop1: number | null;
  /** The same over the segments that match no other effect (no second true cause to rank first). */
  segmentRecallTop1Sole: number | null;
  /** Over every segment in the effect's own window: share whose top-1 names any effect the segment matches. */
  segmentTop1AnyRight: number | null;
}

export { ratio };

export function recallByKind(
  rows: readonly Row[],
  effectsBySeed: Map<number, readonly BenchEffect[]>,
  isObservable: (e: BenchEffect) => boolean,
): Record<string, KindFigures> {
  const out: Record<
    string,
    { effects: number; detected: number; r1: number; r3: number; segs: number; segOk: number; sole: number; soleOk: number; anyOk: number }
  > = {};
  for (const [seed, effects] of effectsBySeed) {
    const mine = rows.filter(r => r.seed === seed);
    for (const e of effects) {
      if (!isObservable(e)) continue;
      const k = (out[e.kind] ??= { effects: 0, detected: 0, r1: 0, r3: 0, segs: 0, segOk: 0, sole: 0, soleOk: 0, anyOk: 0 });
      k.effects++;
      const row = evaluationSegment(e, mine);
      if (!row) continue;
      k.detected++;
      if (row.expl[0] && satisfies(row.expl[0], e)) k.r1++;
      if (row.expl.slice(0, 3).some(x => satisfies(x, e))) k.r3++;
      for (const r of mine) {
        if (!r.matches.some(m => m.effect === e && m.role === 'primary')) continue;
        k.segs++;
        const ok = r.expl[0] !== undefined && satisfies(r.expl[0], e);
        if (ok) k.segOk++;
        if (r.expl[0] && isRight(r.expl[0], r.matches)) k.anyOk++;
        if (r.matches.every(m => m.effect === e)) {
          k.sole++;
          if (ok) k.soleOk++;
        }
      }
    }
  }
  return Object.fromEntries(
    Object.entries(out).map(([k, v]) => [
      k,
      {
        effects: v.effects,
        detected: v.detected,
        recallTop1: ratio(v.r1, v.detected),
        recallTop3: ratio(v.r3, v.detected),
        segmentRecallTop1: ratio(v.segOk, v.segs),
        segmentRecallTop1Sole: ratio(v.soleOk, v.sole),
        segmentTop1AnyRight: ratio(v.anyOk, v.segs),
      },
    ]),
  );
}

/** Per explanation kind: of the answers of that kind (top-1, or anywhere in the top 3), how many were right. */
export function precisionByKind(
  rows: readonly Row[],
): Record<string, { top1: number; precisionTop1: number | null; inTop3: number; precisionTop3: number | null }> {
  const acc: Record<string, { n1: number; ok1: number; n3: number; ok3: number }> = {};
  for (const r of rows) {
    r.expl.slice(0, 3).forEach((x, i) => {
      const a = (acc[x.kind] ??= { n1: 0, ok1: 0, n3: 0, ok3: 0 });
      const ok = isRight(x, r.matches);
      a.n3++;
      if (ok) a.ok3++;
      if (i === 0) {
        a.n1++;
        if (ok) a.ok1++;
      }
    });
  }
  return Object.fromEntries(
    Object.entries(acc).map(([k, a]) => [k, { top1: a.n1, precisionTop1: ratio(a.ok1, a.n1), inTop3: a.n3, precisionTop3: ratio(a.ok3, a.n3) }]),
  );
}

/** Of the segments no holiday caused (neither in their week nor in their baseline week), how many got a holiday first. */
export function falseHolidayRate(rows: readonly Row[]): { segments: number; holidayTop1: number; rate: number | null } {
  const non = rows.filter(r => !r.matches.some(m => m.effect.kind === 'holiday'));
  const bad = non.filter(r => r.expl[0]?.kind === 'holiday').length;
  return { segments: non.length, holidayTop1: bad, rate: ratio(bad, non.length) };
}

/**
 * Expected calibration error (10 equal-width bins) and Brier score of the top-1 confidence: core's
 * scoring (src/core/learning/calibration.ts), shared with the weekly calibration review. The
 * explainer always answers (its "unexplained" is always a candidate), so every row has a top-1.
 */
export function calibration(rows: readonly Row[]): CalibrationFigures {
  return calibrationOf(rows.flatMap(r => (r.expl[0] ? [{ confidence: r.expl[0].confidence, right: isRight(r.expl[0], r.matches) }] : [])));
}
