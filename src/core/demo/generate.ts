// Deterministic demo data: the long CSV, the workspace files and the ground truth for one seed.
import { DateTime } from 'luxon';
import type { GroundTruth } from './groundTruth';
import { createRng } from './prng';
import { AS_OF, buildScenario, GRID_END, isoUtc, REPORT_ZONE, WINDOW_START, type Deploy, type Modifier } from './scenario';
import { COUNTRIES, METRICS, PLATFORMS, rhythm } from './world';
import { eventsYaml, readme, reportYaml } from './files';
import { demoInvestigation } from './investigation';

export interface DemoOptions {
  /** Default 42. Same seed, byte-identical output. */
  readonly seed?: number;
}

export interface DemoOutput {
  readonly csv: string;
  /** Workspace-relative path -> text. */
  readonly files: Record<string, string>;
  readonly groundTruth: GroundTruth;
  readonly deploys: Deploy[];
}

export const DEFAULT_SEED = 42;
export const CSV_PATH = 'data/metrics.csv';
const HOUR = 3_600_000;
const SUBSAMPLES = 4; // effects are averaged over 15-minute points, so partial hours get partial effects
const SIGMA = 0.035; // multiplicative noise on top of count noise

function matches(m: Modifier, metric: string, country: string, platform: string): boolean {
  if (m.metrics.length > 0 && !m.metrics.includes(metric)) return false;
  for (const [k, v] of Object.entries(m.slice)) {
    if ((k === 'country' && v !== country) || (k === 'platform' && v !== platform)) return false;
  }
  return true;
}

/** Multiplies `f` (one factor per bucket) by the bucket-average of a modifier. */
function applyModifier(f: Float64Array, m: Modifier): void {
  const first = Math.max(0, Math.floor((m.start - WINDOW_START) / HOUR));
  const last = Math.min(f.length - 1, Math.floor((m.end - 1 - WINDOW_START) / HOUR));
  for (let i = first; i <= last; i++) {
    let s = 0;
    for (let k = 0; k < SUBSAMPLES; k++) {
      const t = WINDOW_START + i * HOUR + ((k + 0.5) * HOUR) / SUBSAMPLES;
      s += t >= m.start && t < m.end ? m.at(t) : 1;
    }
    f[i] *= s / SUBSAMPLES;
  }
}

export function generateDemo(opts: DemoOptions = {}): DemoOutput {
  const seed = opts.seed ?? DEFAULT_SEED;
  const scenario = buildScenario(createRng(seed));
  const noise = createRng((seed ^ 0x5bd1e995) >>> 0); // separate stream: noise never shifts the story
  const n = (GRID_END - WINDOW_START) / HOUR;
  const nc = COUNTRIES.length;
  const np = PLATFORMS.length;
  // values[((m * nc) + c) * np + p][i]
  const values: Int32Array[] = [];
  const clock = new Float64Array(n); // local hour at the bucket midpoint
  const dow = new Uint8Array(n);
  const dayIdx = new Int32Array(n);
  for (let m = 0; m < METRICS.length; m++) for (let c = 0; c < nc; c++) for (let p = 0; p < np; p++) values.push(new Int32Array(n));

  for (let c = 0; c < nc; c++) {
    const country = COUNTRIES[c];
    // Local clock per bucket (Luxon), and a small day-to-day level wobble per local day.
    const days = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const d = DateTime.fromMillis(WINDOW_START + i * HOUR + HOUR / 2, { zone: country.zone });
      clock[i] = d.hour + d.minute / 60;
      dow[i] = d.weekday;
      const key = d.toISODate()!;
      if (!days.has(key)) days.set(key, days.size);
      dayIdx[i] = days.get(key)!;
    }
    const dayLevel = Array.from({ length: days.size }, () => Math.exp(0.02 * noise.normal()));
    for (let m = 0; m < METRICS.length; m++) {
      const metric = METRICS[m];
      for (let p = 0; p < np; p++) {
        const platform = PLATFORMS[p];
        const f = new Float64Array(n).fill(1);
        for (const mod of scenario.modifiers) if (matches(mod, metric.id, country.code, platform)) applyModifier(f, mod);
        const base = country.peak * country.mix[platform] * metric.rate;
        const out = values[(m * nc + c) * np + p];
        for (let i = 0; i < n; i++) {
          const trend = 1 + (0.03 * i) / n;
          const mean = base * rhythm(metric, dow[i], clock[i]) * dayLevel[dayIdx[i]] * trend * f[i];
          out[i] = noise.poisson(mean * Math.exp(SIGMA * noise.normal() - (SIGMA * SIGMA) / 2));
        }
      }
    }
  }

  // Long CSV, sorted by timestamp, then metric, country, platform (all three lists are pre-sorted).
  const rows: string[] = ['timestamp,metric,value,country,platform'];
  for (let i = 0; i < n; i++) {
    const ts = isoUtc(WINDOW_START + i * HOUR);
    for (let m = 0; m < METRICS.length; m++) {
      const prefix = `${ts},${METRICS[m].id},`;
      for (let c = 0; c < nc; c++) {
        for (let p = 0; p < np; p++) rows.push(`${prefix}${values[(m * nc + c) * np + p][i]},${COUNTRIES[c].code},${PLATFORMS[p]}`);
      }
    }
  }
  const csv = rows.join('\n') + '\n';

  const groundTruth: GroundTruth = {
    version: 1,
    seed,
    timezone: REPORT_ZONE,
    start: isoUtc(WINDOW_START),
    end: isoUtc(GRID_END),
    effects: scenario.effects,
  };
  const files: Record<string, string> = {
    [CSV_PATH]: csv,
    '.calibrate/report.yaml': reportYaml(DateTime.fromMillis(AS_OF, { zone: REPORT_ZONE }).toISO({ suppressMilliseconds: true })!),
    '.calibrate/events.yaml': eventsYaml(scenario.known),
    'README.md': readme(seed),
    // Investigation logs merge by keeping both sides' lines (ADR 0015), as the extension sets up.
    '.gitattributes': '.calibrate/investigations/*.jsonl merge=union\n',
  };
  const example = demoInvestigation({
    seed,
    effects: scenario.effects,
    deploys: scenario.deploys,
    series: (metric, platform) => {
      const m = METRICS.findIndex(x => x.id === metric);
      const p = PLATFORMS.indexOf(platform as (typeof PLATFORMS)[number]);
      return COUNTRIES.map((c, k) => ({ country: c.code, values: values[(m * nc + k) * np + p] }));
    },
  });
  files[example.path] = example.text;
  return { csv, files, groundTruth, deploys: scenario.deploys };
}
