// Small generated datasets for the engines: hourly long CSV text (so the real parser builds the
// Dataset, gaps included) with adversarial series: zeros, constants, NaN gaps, huge values,
// 0-then-1 counts, level shifts, negatives, missing rows.
import fc from 'fast-check';
import { parseLongCsv } from '../../../src/core/csv';
import type { ReportConfig } from '../../../src/core/config/reportConfig';
import type { Dataset } from '../../../src/core/types';

export const HOUR = 3_600_000;
const SHAPES = [
  'normal',
  'normal',
  'zeros',
  'constant',
  'nanGaps',
  'huge',
  'zeroThenOne',
  'sparseCounts',
  'shift',
  'negative',
  'missingRows',
  'spike',
  'tiny',
] as const;
export type Shape = (typeof SHAPES)[number];

export interface DatasetSpec {
  readonly start: number;
  readonly days: number;
  readonly extraHours: number;
  readonly zone: string;
  readonly slices: readonly string[];
  readonly ratio: boolean;
  readonly shapes: readonly Shape[]; // one per series (metric x slice), cycled
  readonly seed: number;
  readonly asOfLagMin: number;
}

export const datasetSpec: fc.Arbitrary<DatasetSpec> = fc.record({
  start: fc.constantFrom(Date.UTC(2026, 9, 5), Date.UTC(2026, 9, 19, 7), Date.UTC(2026, 2, 1), Date.UTC(2026, 11, 20)),
  days: fc.integer({ min: 9, max: 18 }),
  extraHours: fc.integer({ min: 0, max: 23 }),
  zone: fc.constantFrom('America/Los_Angeles', 'UTC', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/London'),
  slices: fc.constantFrom(['US'], ['US', 'IN'], ['US', 'IN', 'DE'], ['US', 'IN', 'DE', 'BR']),
  ratio: fc.boolean(),
  shapes: fc.array(fc.constantFrom(...SHAPES), { minLength: 1, maxLength: 6 }),
  seed: fc.nat(),
  asOfLagMin: fc.constantFrom(0, 0, 20, 70, 240),
});

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

export function datasetCsv(spec: DatasetSpec): string {
  const r = rng(spec.seed);
  const n = spec.days * 24 + spec.extraHours;
  const lines = ['timestamp,metric,value,country'];
  let k = 0;
  for (const metric of spec.ratio ? ['views', 'orders'] : ['views']) {
    for (const c of spec.slices) {
      const shape = spec.shapes[k++ % spec.shapes.length];
      const level = 50 + r() * 1000;
      const cut = Math.floor(r() * n);
      for (let i = 0; i < n; i++) {
        const daily = 1 + 0.5 * Math.sin((2 * Math.PI * i) / 24);
        const noise = 1 + 0.05 * (r() - 0.5);
        let v: number | '' | null = Math.round(level * daily * noise);
        if (shape === 'zeros') v = 0;
        else if (shape === 'constant') v = 7;
        else if (shape === 'nanGaps') v = i % 37 < 9 || i > n - 5 ? '' : v;
        else if (shape === 'huge') v = 1e307 * daily;
        else if (shape === 'zeroThenOne') v = i < cut ? 0 : 1;
        else if (shape === 'sparseCounts') v = r() < 0.05 ? 1 : 0;
        else if (shape === 'shift') v = i > n - 30 ? v * 0.1 : v;
        else if (shape === 'negative') v = -v;
        else if (shape === 'missingRows') v = i % 11 === 0 ? null : v;
        else if (shape === 'spike') v = i === n - 3 ? v * 1e6 : v;
        else if (shape === 'tiny') v = 1e-300 * daily;
        if (v === null) continue;
        lines.push(`${new Date(spec.start + i * HOUR).toISOString()},${metric},${v},${c}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

export function buildDataset(spec: DatasetSpec): Dataset {
  return parseLongCsv(datasetCsv(spec), 'data/metrics.csv');
}

export function configFor(spec: DatasetSpec, data: Dataset): ReportConfig {
  return {
    version: 1,
    title: 'Fuzz',
    timezone: spec.zone,
    source: { type: 'csv', path: 'data/metrics.csv' },
    asOf: data.end + spec.asOfLagMin * 60_000,
    metrics: [
      { id: 'views', label: 'Views' },
      ...(spec.ratio
        ? [
            { id: 'orders', label: 'Orders' },
            { id: 'conv', label: 'Conversion', ratio: { numerator: 'orders', denominator: 'views' } },
          ]
        : []),
    ],
    dimensions: [{ id: 'country', values: Object.fromEntries(spec.slices.map(c => [c, { country: c }])) }],
    thresholds: { amber: 5, red: 15 },
    settleMinutes: 0,
  };
}
