// The runner's pure parts: the folder's CSV formats (PROTOCOL.md section 4), reading the scorer's
// printed table and the published figures, and the comparison table. No I/O here (unit-tested).

export const FORECAST_HEADER = 'dataset,model,origin,step,mean,lo80,hi80,lo95,hi95';
export const TIMING_HEADER = 'dataset,model,origin,wall_s,cpu_s,status,spec';

export interface Bands {
  readonly mean: ArrayLike<number>;
  readonly lo80: ArrayLike<number>;
  readonly hi80: ArrayLike<number>;
  readonly lo95: ArrayLike<number>;
  readonly hi95: ArrayLike<number>;
}

/** A number as the folder writes it: full precision, `NA` for NaN or an infinity. */
export const csvNumber = (v: number): string => (Number.isFinite(v) ? String(v) : 'NA');

/** A free-text field (status, spec) made safe for the unquoted CSV: no comma, quote or line break. */
export const csvText = (s: string): string =>
  s
    .replace(/[\r\n,"]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Why a forecast cannot be written, or undefined when it can. The scorer refuses a series whose
 * point forecast has a gap, so such a series is left out of the forecasts file and reported as failed;
 * a missing interval bound is written as NA (the scorer then scores no interval for the model).
 */
export function forecastProblem(f: Bands, H: number): string | undefined {
  if (f.mean.length < H) return `only ${f.mean.length} of ${H} steps forecast`;
  for (let h = 0; h < H; h++) if (!Number.isFinite(f.mean[h])) return `no point forecast at step ${h + 1}`;
  return undefined;
}

/** The H rows of one series in the forecasts file (steps 1..H). */
export function forecastRows(id: string, model: string, origin: number, f: Bands, H: number): string[] {
  const rows: string[] = [];
  for (let h = 0; h < H; h++)
    rows.push(
      `${id},${model},${origin},${h + 1},${csvNumber(f.mean[h])},${csvNumber(f.lo80[h])},${csvNumber(f.hi80[h])},${csvNumber(f.lo95[h])},${csvNumber(f.hi95[h])}`,
    );
  return rows;
}

/** Bound values that are not finite (written NA), over all steps. */
export function missingBounds(f: Bands, H: number): number {
  let n = 0;
  for (const b of [f.lo80, f.hi80, f.lo95, f.hi95]) for (let h = 0; h < H; h++) if (!Number.isFinite(b[h])) n++;
  return n;
}

/** One series' row in the timings file; `status` is `ok` or `error: <message>` (the scorer uses `ok` rows only). */
export function timingRow(id: string, model: string, origin: number, wallS: number, cpuS: number, status: string, spec: string): string {
  return `${id},${model},${origin},${wallS.toFixed(5)},${cpuS.toFixed(5)},${csvText(status)},${csvText(spec)}`;
}

/** One row of `scripts/30_score.py`'s printed table (NaN where it printed NA). */
export interface ScoredRow {
  readonly model: string;
  readonly series: number;
  readonly subset: string;
  readonly sMAPE: number;
  readonly MASE: number;
  readonly OWA: number;
  readonly MSIS: number;
  readonly cov80: number;
  readonly cov95: number;
  readonly medianCpuS: number;
}

/** Parses the markdown table the scorer prints (its header names the columns; order is not assumed). */
export function parseScorerTable(text: string): ScoredRow[] {
  const lines = text.split(/\r?\n/).filter(l => l.trim().startsWith('|'));
  if (lines.length < 2) return [];
  const cells = (l: string) =>
    l
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map(c => c.trim());
  const head = cells(lines[0]);
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`The scorer's table has no "${name}" column (columns: ${head.join(', ')}).`);
    return i;
  };
  const ix = {
    model: col('model'),
    series: col('series'),
    subset: col('subset'),
    sMAPE: col('sMAPE'),
    MASE: col('MASE'),
    OWA: col('OWA'),
    MSIS: col('MSIS'),
    cov80: col('cov80'),
    cov95: col('cov95'),
    cpu: col('median_cpu_s'),
  };
  const num = (s: string) => (s === 'NA' || s === '' ? NaN : Number(s));
  return lines
    .slice(1)
    .filter(l => !/^\|\s*-/.test(l.trim()))
    .map(cells)
    .map(c => ({
      model: c[ix.model],
      series: Number(c[ix.series]),
      subset: c[ix.subset],
      sMAPE: num(c[ix.sMAPE]),
      MASE: num(c[ix.MASE]),
      OWA: num(c[ix.OWA]),
      MSIS: num(c[ix.MSIS]),
      cov80: num(c[ix.cov80]),
      cov95: num(c[ix.cov95]),
      medianCpuS: num(c[ix.cpu]),
    }));
}

/** One method of `published/m4_hourly_published.csv`. ACD95 = |coverage - 0.95|, the sign unknown. */
export interface PublishedRow {
  readonly id: string;
  readonly method: string;
  readonly type: string;
  readonly sMAPE: number;
  readonly MASE: number;
  readonly OWA: number;
  readonly MSIS: number;
  readonly ACD: number;
}

/** Splits one CSV line with double-quoted fields ("Smyl, S."). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"'; // an escaped quote inside a quoted field
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function parsePublished(text: string): PublishedRow[] {
  const lines = text.trim().split(/\r?\n/);
  const head = csvFields(lines[0]);
  const at = (c: string[], name: string) => c[head.indexOf(name)] ?? '';
  const num = (s: string) => (s === '' || s === '#N/A' ? NaN : Number(s));
  return lines.slice(1).map(l => {
    const c = csvFields(l);
    return {
      id: at(c, 'id'),
      method: at(c, 'method'),
      type: at(c, 'type'),
      sMAPE: num(at(c, 'sMAPE')),
      MASE: num(at(c, 'MASE')),
      OWA: num(at(c, 'OWA')),
      MSIS: num(at(c, 'MSIS')),
      ACD: num(at(c, 'ACD')),
    };
  });
}

/** A row of the comparison table. cov95 NaN with a finite acd95 prints as 0.95 ± ACD (published). */
export interface TableRow {
  readonly name: string;
  readonly series: string;
  readonly OWA: number;
  readonly sMAPE: number;
  readonly MASE: number;
  readonly MSIS: number;
  readonly cov95: number;
  readonly acd95?: number;
  readonly cpuMs: number;
}

const firstSurname = (method: string) => method.split(/[,.&]/)[0].trim();
const byOwa = (a: PublishedRow, b: PublishedRow) => a.OWA - b.OWA;

/**
 * The published methods to print: the two best hourly OWAs of the competition (Doornik et al.,
 * Smyl), the three best statistical methods by OWA, the best statistical MSIS (auto.arima), and the
 * benchmarks sNaive and Naive2.
 */
export function publishedSelection(all: readonly PublishedRow[]): TableRow[] {
  const withOwa = all.filter(r => Number.isFinite(r.OWA));
  const picks: PublishedRow[] = [];
  const add = (r: PublishedRow | undefined) => r && !picks.includes(r) && picks.push(r);
  [...withOwa].sort(byOwa).slice(0, 2).forEach(add);
  withOwa
    .filter(r => r.type === 'Statistical' && r.method !== 'The M4 Team')
    .sort(byOwa)
    .slice(0, 3)
    .forEach(add);
  add(all.filter(r => r.type === 'Statistical' && Number.isFinite(r.MSIS)).sort((a, b) => a.MSIS - b.MSIS)[0]);
  add(all.find(r => r.id === 'sNaive'));
  add(all.find(r => r.id === 'Naive2'));
  return picks.map(r => ({
    name: `published: ${r.method === 'The M4 Team' ? r.id : `${firstSurname(r.method)} (${r.id})`}`,
    series: '414',
    OWA: r.OWA,
    sMAPE: r.sMAPE,
    MASE: r.MASE,
    MSIS: r.MSIS,
    cov95: NaN,
    acd95: r.ACD,
    cpuMs: NaN,
  }));
}

/** A scorer row as a table row, named `local: <model>` unless it is ours. */
export function scoredTableRow(r: ScoredRow, ours: string): TableRow {
  const sample = r.subset !== 'all' ? ` (${r.subset.replace(' (restricted)', '')})` : '';
  return {
    name: r.model === ours ? `**${r.model}**` : `local: ${r.model}`,
    series: `${r.series}${sample}`,
    OWA: r.OWA,
    sMAPE: r.sMAPE,
    MASE: r.MASE,
    MSIS: r.MSIS,
    cov95: r.cov95,
    cpuMs: r.medianCpuS * 1000,
  };
}

const fx = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const pct = (v: number, ref: number) => (Number.isFinite(v / ref) ? `${v >= ref ? '+' : ''}${((v / ref - 1) * 100).toFixed(1)}%` : '-');

/** The markdown comparison table: OWA, sMAPE, MASE, MSIS, cov95 and median CPU ms per series. */
export function formatTable(rows: readonly TableRow[]): string[] {
  const cov = (r: TableRow) => (Number.isFinite(r.cov95) ? r.cov95.toFixed(3) : Number.isFinite(r.acd95 ?? NaN) ? `0.95 ± ${r.acd95!.toFixed(3)}` : '-');
  const cpu = (v: number) => (!Number.isFinite(v) ? '-' : v < 10 ? v.toFixed(1) : v.toFixed(0));
  return [
    '| method | series | OWA | sMAPE | MASE | MSIS | cov95 | median CPU ms/series |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(r => `| ${r.name} | ${r.series} | ${fx(r.OWA, 3)} | ${fx(r.sMAPE, 3)} | ${fx(r.MASE, 3)} | ${fx(r.MSIS, 3)} | ${cov(r)} | ${cpu(r.cpuMs)} |`),
  ];
}

/** The rows to print from the scorer's output: ours, then the references scored on the same series. */
export function comparableRows(scored: readonly ScoredRow[], ours: string): { ours?: ScoredRow; same: ScoredRow[]; sample: ScoredRow[] } {
  const mine = scored.find(r => r.model === ours && !r.subset.endsWith('(restricted)'));
  if (!mine) return { same: [], sample: [] };
  const full = mine.subset === 'all';
  const same = scored.filter(r => r !== mine && (full ? r.subset === 'all' : r.subset === `${mine.subset} (restricted)` && r.series === mine.series));
  // With all series scored, the scorer also scores every full model on the R sample (every:40):
  // those rows, ours among them, are the only like-for-like view of auto.arima, tbats and dshw.
  const sample = full ? scored.filter(r => r.subset !== 'all' && r.model !== 'naive') : [];
  return { ours: mine, same, sample };
}

/** The issue's M4 targets as lines: met or not, and how far from the competition's best. */
export function targetLines(ours: ScoredRow, published: readonly PublishedRow[], references: readonly ScoredRow[]): string[] {
  const stat = published.filter(r => r.type === 'Statistical' && r.method !== 'The M4 Team');
  const bestStatOwa = Math.min(...stat.map(r => r.OWA).filter(Number.isFinite));
  const bestStatMsis = Math.min(
    ...published
      .filter(r => r.type === 'Statistical')
      .map(r => r.MSIS)
      .filter(Number.isFinite),
  );
  const bestOwa = Math.min(...published.map(r => r.OWA).filter(Number.isFinite));
  const bestMsis = Math.min(...published.map(r => r.MSIS).filter(Number.isFinite));
  const localOwa = Math.min(
    ...references
      .filter(r => r.model !== 'naive2')
      .map(r => r.OWA)
      .filter(Number.isFinite),
  );
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const lines = [
    `- OWA ${fx(ours.OWA, 3)} below the best published statistical method ${fx(bestStatOwa, 3)}: ${mark(ours.OWA < bestStatOwa)}`,
    `- OWA below the local references on the same series (best ${fx(localOwa, 3)}): ${mark(ours.OWA < localOwa)}`,
    `- MSIS ${fx(ours.MSIS, 3)} below the best published statistical MSIS ${fx(bestStatMsis, 3)}: ${mark(ours.MSIS < bestStatMsis)}`,
    `- cov95 ${fx(ours.cov95, 3)} within [0.93, 0.97]: ${mark(ours.cov95 >= 0.93 && ours.cov95 <= 0.97)}`,
    `- distance to the competition's best: OWA ${fx(ours.OWA, 3)} vs ${fx(bestOwa, 3)} (${pct(ours.OWA, bestOwa)}), MSIS ${fx(ours.MSIS, 3)} vs ${fx(bestMsis, 3)} (${pct(ours.MSIS, bestMsis)})`,
  ];
  if (ours.series < 414)
    lines.unshift(
      `- only ${ours.series} of 414 series: the published figures and the targets are not comparable; read the local references on the same series`,
    );
  return lines;
}
