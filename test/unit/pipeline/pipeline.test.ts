// The report pipeline (src/core/pipeline) in plain Node over fake ports: no workspace, no git, no
// holiday bundle. Phase 1 computes the window and each metric's totals once; phase 2 reuses them.
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { analyze, buildTable, loadTable, presentReport, type ContextSources, type ReportTable } from '../../../src/core/pipeline';
import { buildHourlyReport } from '../../../src/core/report/hourlyReport';
import { causeLinks, groupIncidents } from '../../../src/core/report/incidents';
import { buildWeekCharts } from '../../../src/core/report/weekChart';
import { buildForecastBands } from '../../../src/core/report/forecastBands';
import type { MetricTotals } from '../../../src/core/report/totals';
import type { Dataset } from '../../../src/core/types';
import type { ReportConfig } from '../../../src/core/config/reportConfig';
import { config, dataset, HOUR } from '../report/fixtures';

// Five weeks of a daily and weekly rhythm in local time; slice "b" drops 60% for 3 hours in the
// report window, 40 minutes after a deploy.
const start = Date.UTC(2026, 5, 1, 7);
const hours = 35 * 24;
const now = start + hours * HOUR;
const dropFrom = start + (hours - 8) * HOUR;
const deployAt = dropFrom - 40 * 60_000;
const shape = (scale: number) => (at: number, slice: string) => {
  const t = DateTime.fromMillis(at, { zone: 'America/Los_Angeles' });
  const daily = 1 + 0.6 * Math.sin(((t.hour - 6) / 24) * 2 * Math.PI);
  const weekly = t.weekday >= 6 ? 0.5 : 1;
  const noise = 1 + 0.02 * Math.sin(at / 7_777_777 + (slice === 'a' ? 0 : 1));
  const drop = slice === 'b' && at >= dropFrom && at < dropFrom + 3 * HOUR ? 0.4 : 1;
  return Math.round(scale * daily * weekly * noise * drop);
};
const data = (): Dataset => dataset(start, hours, { views: shape(1000), signups: shape(50) });
const cfg: ReportConfig = config({
  metrics: [
    { id: 'views', label: 'Views' },
    { id: 'signups', label: 'Sign-ups' },
    { id: 'rate', label: 'Sign-up rate', ratio: { numerator: 'signups', denominator: 'views' } },
  ],
});
const clock = { now: () => now };

/** Context sources that answer from memory, counting calls. */
function fakeSources(over: Partial<ContextSources> = {}): ContextSources & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    holidays:
      over.holidays ??
      (async () => {
        calls.push('holidays');
        return undefined;
      }),
    events:
      over.events ??
      (async () => {
        calls.push('events');
        return { events: [], errors: [] };
      }),
    deploys:
      over.deploys ??
      (async () => {
        calls.push('deploys');
        return { deploys: [{ ref: 'v1.2.0', at: deployAt, message: 'Release 1.2.0', kind: 'tag' as const }], warnings: [] };
      }),
  };
}

/** The dataset with its series behind a getter that counts reads: each metric's totals read them once. */
function countingSeries(d: Dataset): { data: Dataset; reads: () => number } {
  let n = 0;
  const series = d.series;
  const counted = { ...d } as { series: Dataset['series'] };
  Object.defineProperty(counted, 'series', {
    get: () => {
      n++;
      return series;
    },
    enumerable: true,
  });
  return { data: counted as unknown as Dataset, reads: () => n };
}

/** The table with its totals behind a Map whose get() is counted. */
function countingTotals(table: ReportTable): { table: ReportTable; gets: string[] } {
  const gets: string[] = [];
  const totals = new Map(table.totals);
  const get = totals.get.bind(totals);
  totals.get = (id: string): MetricTotals | undefined => {
    gets.push(id);
    return get(id);
  };
  return { table: { ...table, totals }, gets };
}

describe('pipeline: phase 1, the table', () => {
  it('computes the window once: 24 report hours, the 7-day chart axis ending with them', () => {
    const t = buildTable(cfg, data(), clock);
    assert.equal(t.window.hours, 24);
    assert.equal(t.window.start, now - 24 * HOUR);
    assert.equal(t.window.end, now);
    assert.equal(t.window.chartX.length, 168);
    assert.equal(t.window.chartX.at(-1), now - HOUR);
    assert.deepEqual(
      t.report.hours.map(h => h.at),
      Array.from({ length: 24 }, (_, i) => t.window.start + i * HOUR),
    );
    for (const m of cfg.metrics) assert.deepEqual(t.charts[m.id].x, [...t.window.chartX]);
  });

  it('presents the same table and chart as the engines called one by one', () => {
    const d = data();
    const t = buildTable(cfg, d, clock);
    const report = buildHourlyReport(cfg, d, now);
    assert.deepEqual(t.report, report);
    assert.deepEqual({ ...t.charts }, { ...buildWeekCharts(cfg, d, report) });
    const p = presentReport(t);
    assert.equal(p.source, 'test.csv');
    assert.deepEqual([p.context, p.anomalies], [[], []]);
  });

  it("reads each metric's data once for the table and the chart together (a ratio reads its two parts)", () => {
    const { data: d, reads } = countingSeries(data());
    buildTable(cfg, d, clock);
    assert.equal(reads(), 4, "views, signups, and the rate's numerator and denominator");
    const before = reads();
    const report = buildHourlyReport(cfg, d, now);
    buildWeekCharts(cfg, d, report);
    assert.equal(reads() - before, 8, 'the engines called one by one compute the totals twice');
  });

  it('reads the data from its source port', async () => {
    let reads = 0;
    const t = await loadTable(
      cfg,
      {
        read: async () => {
          reads++;
          return data();
        },
      },
      clock,
    );
    assert.equal(reads, 1);
    assert.equal(t.report.rows.length, 3);
  });

  it('throws when the report cannot be built (too little data, no metric of the config in the data)', () => {
    const short = dataset(start, 5 * 24, { views: () => 1 });
    assert.throws(() => buildTable(config(), short, { now: () => start + 5 * 24 * HOUR }), /at least 8 days/);
    assert.throws(
      () => buildTable(config({ metrics: [{ id: 'nope', label: 'x' }] }), data(), clock, 'cfg.yaml'),
      /None of the report's metrics has rows in test\.csv \(its metrics: views, signups\)\. Check the metric ids in cfg\.yaml\./,
    );
  });

  it('a metric with no rows is a problem at its line in the config, and its row says it has no data', async () => {
    const c = config({ metrics: [...cfg.metrics, { id: 'orders', label: 'Orders', line: 14, column: 9 }] });
    const t = buildTable(c, data(), clock, '.calibrate/report.yaml');
    assert.equal(t.report.rows.at(-1)!.noData, 'No data yet: no rows for "orders" in test.csv.');
    assert.deepEqual(t.problems, {
      count: 1,
      listed: [
        {
          severity: 'warning',
          file: '.calibrate/report.yaml',
          line: 14,
          column: 9,
          text: 'No data yet: no rows for "orders" in test.csv. Its row shows no data. Expected a metric of the data (it has: views, signups).',
        },
      ],
    });
    const a = await analyze(t, { context: fakeSources() });
    assert.ok(!Object.hasOwn(a.forecasts, 'orders'), 'nothing to forecast');
    assert.ok(!a.warnings.some(w => w.includes('orders')), 'said once, as the problem, not again as a forecast warning');
    assert.deepEqual(presentReport(t, a).problems, t.problems);
  });
});

describe('pipeline: phase 2, the analysis', function () {
  this.timeout(60_000);
  let table: ReportTable;
  before(() => {
    table = buildTable(cfg, data(), clock);
  });

  it("forecasts from the table's totals: the same bands as the engines, with no totals recomputed", async () => {
    const { data: d, reads } = countingSeries(table.dataset);
    const { table: t, gets } = countingTotals({ ...table, dataset: d });
    const sources = fakeSources();
    const a = await analyze(t, { context: sources });
    const bands = buildForecastBands(cfg, table.dataset, table.charts.views.x, 24);
    assert.deepEqual({ ...a.forecasts }, { ...bands.byMetric });
    assert.deepEqual(gets, ['views', 'signups', 'rate', 'views', 'signups', 'rate'], "each metric's totals: once for its forecast, once for its anomalies");
    // The explainer and the drill-down read the slices (not the totals); totals would be one read per
    // additive metric and two per ratio on top of those.
    assert.ok(reads() > 0);
    assert.deepEqual(sources.calls.sort(), ['deploys', 'events', 'holidays']);
  });

  it('takes the totals it is given, never its own: doubled totals double the forecast', async () => {
    const doubled = new Map([...table.totals].map(([id, tot]) => [id, { ...tot, values: tot.values.map(v => v * 2) }]));
    const a = await analyze({ ...table, totals: doubled }, { context: fakeSources() });
    const b = await analyze(table, { context: fakeSources() });
    const i = 100;
    assert.ok(Math.abs(a.forecasts.views.mean[i]! / b.forecasts.views.mean[i]! - 2) < 0.01, `${a.forecasts.views.mean[i]} vs ${b.forecasts.views.mean[i]}`);
  });

  it('finds the drop in the window and ranks the deploy before it as its cause, keeping the deploy itself', async () => {
    const a = await analyze(table, { context: fakeSources() });
    assert.deepEqual(a.warnings, []);
    const views = a.anomalies.find(x => x.metric === 'views');
    assert.ok(views, JSON.stringify(a.anomalies.map(x => [x.metric, x.start])));
    assert.equal(views.direction, 'down');
    assert.ok(views.start >= dropFrom && views.end <= dropFrom + 3 * HOUR, `${new Date(views.start).toISOString()}`);
    for (const x of a.anomalies) {
      for (let i = 1; i < x.explanations.length; i++) assert.ok(x.explanations[i - 1].confidence >= x.explanations[i].confidence);
    }
    const deploy = views.explanations[0];
    assert.equal(deploy?.kind, 'deploy', `explanations: ${views.explanations.map(x => `${x.kind} ${x.confidence.toFixed(2)}`).join(', ')}`);
    assert.deepEqual(deploy.ref, { ref: 'v1.2.0', at: deployAt, message: 'Release 1.2.0', kind: 'tag' }, 'the explanation keeps its deploy, not only a title');
    assert.ok(deploy.evidence.every(e => typeof e.text === 'string'));
    assert.ok(
      a.context.some(c => c.kind === 'deploy' && c.start === deployAt),
      "the deploy is in the week's context",
    );
    // Severity order across metrics.
    for (let i = 1; i < a.anomalies.length; i++) assert.ok(a.anomalies[i - 1].severity >= a.anomalies[i].severity);
    // The presenter keeps the evidence values and turns the ref into a structured cause, which the palette links and groups by.
    const p = presentReport(table, a);
    const shown = p.anomalies.find(x => x.metric === 'views')!;
    assert.ok(shown.explanations.every(x => x.evidence.every(e => typeof e.text === 'string')));
    assert.deepEqual(
      shown.explanations[0].evidence.map(e => e.values),
      deploy.evidence.map(e => e.values),
    );
    assert.deepEqual(shown.explanations[0].cause, { kind: 'deploy', ref: 'v1.2.0', deployKind: 'tag' });
    assert.deepEqual(causeLinks(groupIncidents(p.anomalies).find(i => i.anomalies.includes(shown))?.cause), { deploy: { ref: 'v1.2.0', kind: 'tag' } });
    const item = p.context.find(c => c.kind === 'deploy');
    assert.deepEqual(item?.kind === 'deploy' && { ref: item.ref, deployKind: item.deployKind, message: item.message }, {
      ref: 'v1.2.0',
      deployKind: 'tag',
      message: 'Release 1.2.0',
    });
    assert.ok(p.charts.views.forecast);
  });

  it("asks the context sources for the data's time range", async () => {
    const windows: unknown[] = [];
    const sources = fakeSources({
      events: async w => {
        windows.push(w);
        return { events: [], errors: [] };
      },
      deploys: async w => {
        windows.push(w);
        return { deploys: [], warnings: [] };
      },
    });
    await analyze(table, { context: sources });
    assert.deepEqual(windows, [
      { from: table.dataset.start, to: table.dataset.end },
      { from: table.dataset.start, to: table.dataset.end },
    ]);
  });

  it('stops between metrics when cancelled, without asking for the context', async () => {
    const ctl = new AbortController();
    const { table: t, gets } = countingTotals(table);
    const sources = fakeSources();
    let yields = 0;
    const yieldNow = async () => {
      if (++yields === 2) ctl.abort();
    };
    await assert.rejects(analyze(t, { context: sources, yieldNow }, ctl.signal), (e: Error) => e.name === 'AbortError');
    assert.deepEqual(gets, ['views'], 'the first metric was forecast, the second never started');
    assert.deepEqual(sources.calls, []);
  });

  it('a cancellation inside a context source rejects with it, not a warning', async () => {
    const ctl = new AbortController();
    const sources = fakeSources({
      events: async () => {
        ctl.abort();
        throw ctl.signal.reason;
      },
    });
    await assert.rejects(analyze(table, { context: sources, yieldNow: async () => {} }, ctl.signal), (e: Error) => e.name === 'AbortError');
  });

  it('turns failing context sources into warnings and still explains', async () => {
    const sources = fakeSources({
      holidays: () => Promise.reject(new Error('bundle missing')),
      events: () => {
        throw new Error('.calibrate/events.yaml: unreadable');
      },
      deploys: () => Promise.reject(new Error('git timed out')),
    });
    const a = await analyze(table, { context: sources });
    assert.deepEqual(a.warnings, ['Holidays unavailable: bundle missing', '.calibrate/events.yaml: unreadable', 'Deploys: unavailable: git timed out']);
    const views = a.anomalies.find(x => x.metric === 'views');
    assert.ok(views && views.explanations.length > 0 && !views.explanations.some(x => x.kind === 'deploy'));
  });

  it("passes on the sources' own errors and warnings", async () => {
    const sources = fakeSources({
      events: async () => ({ events: [], errors: [new Error('.calibrate/events.yaml:3: bad kind')] }),
      deploys: async () => ({ deploys: [], warnings: ['no main branch found'] }),
    });
    const a = await analyze(table, { context: sources });
    assert.deepEqual(a.warnings, ['.calibrate/events.yaml:3: bad kind', 'Deploys: no main branch found']);
  });

  it('says what failed instead of rejecting when the analysis itself breaks', async () => {
    const broken = { ...table, totals: new Map() };
    const a = await analyze(broken, { context: fakeSources() });
    assert.deepEqual(a.anomalies, []);
    assert.equal(a.warnings.length, 3, 'each metric without a forecast says so');
    assert.match(a.warnings[0], /^No forecast for Views: no totals for metric "views"/);
  });
});
