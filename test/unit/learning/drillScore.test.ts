// Drills, the scoring at the reveal (src/core/learning/drill/score.ts): against the demo generator's
// ground truth (its closed example investigation of the iOS incident passes a drill whose truth is
// that incident; it finds nothing of another effect), and against drilled truths with investigations
// written event by event: found or not by verdict and window, the cause kind by words or tag, the
// slice by the drill-down's exact-set F1, the time to the first supported hypothesis, the pass rule.
import * as assert from 'node:assert/strict';
import { eventLine, foldLog, newEvent, type EventData, type EventType, type InvestigationState } from '../../../src/core/investigation';
import { kindNamed, overlap, revealProblem, scoreDrill, type DrillTruth, type DrillWork } from '../../../src/core/learning/drill';
import type { InjectedEffect } from '../../../src/core/demo';
import { demo42, HOUR } from '../demo/helpers';
import { revealMarkdown } from '../../../src/learning/drills';

const MIN = 60_000;

/** A drill truth made from one of the demo generator's injected effects. */
function truthOf(e: InjectedEffect, kind: DrillTruth['kind']): DrillTruth {
  return {
    version: 1,
    drillId: 'drill-from-demo',
    seed: 42,
    difficulty: 'easy',
    source: 'demo',
    kind,
    name: e.name,
    slice: e.slice,
    metrics: [...e.metrics],
    start: e.start,
    end: e.end,
    multiplier: e.multiplier,
    deploys: [],
    events: [],
  };
}

/** An investigation written event by event, a minute apart from `t0`. */
class Log {
  private lines: string[] = [];
  private clock = 0;
  private n = 0;
  constructor(private at: number) {}
  write<T extends EventType>(type: T, data: EventData[T], minutes = 1, author = 'Sam Ortiz'): string {
    this.at += minutes * MIN;
    const e = newEvent({ author, now: () => this.at, newId: () => `ev${String(++this.n).padStart(6, '0')}` }, this.clock, type, data);
    this.clock = e.clock;
    this.lines.push(eventLine(e));
    return e.id;
  }
  state(): InvestigationState {
    return foldLog(this.lines.join(''));
  }
}

const T0 = Date.parse('2026-11-03T10:00:00Z');
const STARTED = new Date(T0).toISOString();
const truth: DrillTruth = {
  ...truthOf(
    {
      id: 'x',
      kind: 'incident',
      name: 'Incident on platform ios',
      start: '2026-11-03T09:30:00Z',
      end: '2026-11-03T13:30:00Z',
      metrics: [],
      slice: { platform: 'ios' },
      multiplier: 0.4,
    },
    'incident',
  ),
  drillId: 'drill-abc123',
};

/** Opened from an anomaly over [start, end) (total slice), with a pinned slice chart, a hypothesis, its support and a verdict. */
function worked(opts: {
  start?: number;
  end?: number;
  slice?: Record<string, string>;
  hypothesis?: string;
  verdict?: EventData['verdict']['verdict'] | undefined;
  reason?: string;
  support?: boolean;
}): InvestigationState {
  const start = opts.start ?? Date.parse('2026-11-03T10:00:00Z');
  const end = opts.end ?? Date.parse('2026-11-03T13:00:00Z');
  const log = new Log(T0);
  log.write('opened', {
    title: 'Page views down',
    origin: 'anomaly',
    anomaly: {
      metric: 'page_views',
      slice: {},
      start,
      end,
      label: 'Page views',
      direction: 'down',
      severity: 3,
      vsForecastPct: -20,
      zone: 'America/Los_Angeles',
      series: { x: [], actual: [] },
      explanations: [],
      configVersion: '',
    },
  });
  const chart = log.write('evidence', {
    kind: 'chart',
    title: 'the slice',
    place: { metric: 'page_views', slice: opts.slice ?? { platform: 'ios' }, start, end },
    zone: 'America/Los_Angeles',
    series: { x: [], actual: [] },
  });
  const h = log.write('hypothesis', { text: opts.hypothesis ?? 'The iOS release broke the app: an incident after the deploy.' }, 12);
  if (opts.support !== false) log.write('hypothesisStatus', { hypothesis: h, status: 'supported', evidence: [chart] }, 5);
  if (opts.verdict) log.write('verdict', { verdict: opts.verdict, ...(opts.reason ? { reason: opts.reason } : {}) });
  return log.state();
}

const work = (...states: InvestigationState[]): DrillWork[] => states.map((state, i) => ({ name: `inv-${i}`, state }));

describe('drills: the scoring at the reveal', () => {
  it('passes the flagged part of a long dip (low IoU, all inside), and not a window mostly outside it', () => {
    const day = { ...truth, start: '2026-11-03T00:00:00Z', end: '2026-11-04T00:00:00Z' };
    const part = scoreDrill(day, STARTED, work(worked({ verdict: 'real' }))); // 10:00-13:00: 3 of the 24 hours
    assert.ok(part.score.windowOverlap < 0.2, `IoU ${part.score.windowOverlap}`);
    assert.equal(part.score.passed, true, 'the flagged hours lie inside the hidden window');
    const across = scoreDrill(
      truth,
      STARTED,
      work(worked({ start: Date.parse('2026-11-03T12:00:00Z'), end: Date.parse('2026-11-03T22:00:00Z'), verdict: 'real' })),
    );
    assert.equal(across.score.found, true, 'it overlaps');
    assert.equal(across.score.passed, false, 'but 1.5 of its 10 hours are the drill');
  });

  it('the reveal reads as people read times: to the minute, in UTC and saying so, with the pass rule', () => {
    const r = scoreDrill(truth, STARTED, work(worked({ verdict: 'real' })));
    const md = revealMarkdown(truth, r, STARTED);
    assert.match(md, /^# Drill drill-abc123: passed/);
    assert.ok(md.includes('investigated 2026-11-03 10:00 UTC to 2026-11-03 13:00 UTC'), md);
    assert.ok(md.includes('from 2026-11-03 09:30 UTC to 2026-11-03 13:30 UTC'), md);
    assert.doesNotMatch(md, /:\d\d\.\d{3}Z|T\d\d:/, 'no ISO stamps with seconds or milliseconds');
    assert.match(md, /at least half of the investigated window lies inside the hidden one/);
  });

  it("the demo's closed example investigation passes a drill whose truth is the generator's iOS incident", () => {
    const { out } = demo42();
    const incident = out.groundTruth.effects.find(e => e.kind === 'incident')!;
    const text = out.files[Object.keys(out.files).find(p => p.startsWith('.calibrate/investigations/'))!]!;
    const state = foldLog(text);
    const started = new Date(Date.parse(state.opened!.at) - 10 * MIN).toISOString();
    const r = scoreDrill(truthOf(incident, 'incident'), started, [{ name: 'demo', state }]);
    assert.equal(r.score.found, true);
    assert.equal(r.score.causeKindRight, true, `named ${r.namedKind}`);
    assert.equal(r.score.sliceF1, 1, `named ${r.namedSlices.join('; ')}`);
    assert.ok(r.score.windowOverlap >= 0.2, `window overlap ${r.score.windowOverlap}`);
    assert.equal(r.score.passed, true);
    const supported = state.hypotheses.find(h => h.status === 'supported')!;
    assert.equal(r.score.minutesToFirstCorrectHypothesis, Math.round((Date.parse(supported.at) - Date.parse(started)) / 6_000) / 10);
  });

  it("the same investigation finds nothing of another of the generator's effects (a holiday days earlier)", () => {
    const { out } = demo42();
    const holiday = out.groundTruth.effects.find(e => e.kind === 'holiday' && Date.parse(e.end) < Date.parse('2026-11-01T00:00:00Z'))!;
    const state = foldLog(out.files[Object.keys(out.files).find(p => p.startsWith('.calibrate/investigations/'))!]!);
    const r = scoreDrill(truthOf(holiday, 'holiday'), state.opened!.at, [{ name: 'demo', state }]);
    assert.deepEqual(r.score, { found: false, causeKindRight: false, sliceF1: 0, windowOverlap: 0, passed: false });
  });

  it('a right investigation passes: found, the cause kind, slice F1 1, the window, minutes to the supported hypothesis', () => {
    const r = scoreDrill(truth, STARTED, work(worked({ verdict: 'real', reason: 'Broken release on iOS' })));
    assert.equal(r.score.found, true);
    assert.equal(r.score.causeKindRight, true);
    assert.equal(r.score.sliceF1, 1);
    assert.equal(r.score.windowOverlap, 0.75); // [10:00, 13:00) against [09:30, 13:30)
    assert.equal(r.score.minutesToFirstCorrectHypothesis, 14); // opened +1, chart +1, hypothesis +12
    assert.equal(r.score.passed, true);
    assert.equal(r.investigation, 'inv-0');
  });

  it('no verdict anywhere: the reveal is refused; a false alarm, or the wrong window, is not found', () => {
    assert.match(revealProblem(work(worked({ verdict: undefined })))!, /no investigation in the drill has a verdict yet/);
    assert.equal(revealProblem(work(worked({ verdict: 'falseAlarm' }))), undefined);
    assert.equal(scoreDrill(truth, STARTED, work(worked({ verdict: 'falseAlarm' }))).score.found, false);
    const elsewhere = worked({ verdict: 'real', start: T0 + 10 * HOUR, end: T0 + 12 * HOUR });
    assert.deepEqual(scoreDrill(truth, STARTED, work(elsewhere)).score, { found: false, causeKindRight: false, sliceF1: 0, windowOverlap: 0, passed: false });
  });

  it('the best of several investigations is scored; a data gap found with a dataProblem verdict counts', () => {
    const wrong = worked({ verdict: 'falseAlarm' });
    const right = worked({ verdict: 'dataProblem', hypothesis: 'Rows are missing for iOS: a gap in the export.' });
    const gap: DrillTruth = { ...truth, kind: 'gap', multiplier: 0 };
    const r = scoreDrill(gap, STARTED, work(wrong, right));
    assert.equal(r.investigation, 'inv-1');
    assert.equal(r.score.found, true);
    assert.equal(r.score.causeKindRight, true, `named ${r.namedKind}`);
  });

  it("the slice is the drill-down's exact-set F1: a parent slice scores 0 against a two-dimension truth, both named 2/3", () => {
    const deep: DrillTruth = { ...truth, slice: { country: 'US', platform: 'ios' } };
    assert.equal(scoreDrill(deep, STARTED, work(worked({ verdict: 'real' }))).score.sliceF1, 0);
    const tagged = worked({ verdict: 'real', reason: 'Release broke it #slice:platform=ios;country=US&platform=ios' });
    const r = scoreDrill(deep, STARTED, work(tagged));
    assert.deepEqual(r.namedSlices, ['platform=ios', 'country=US&platform=ios']);
    assert.equal(r.score.sliceF1, 0.667);
    assert.equal(r.score.passed, true);
    const wrongSlice = scoreDrill(truth, STARTED, work(worked({ verdict: 'real', slice: { country: 'DE' } })));
    assert.equal(wrongSlice.score.sliceF1, 0);
    assert.equal(wrongSlice.score.passed, false);
  });

  it('the cause kind: words of one kind, a tie is ambiguous, a tag decides', () => {
    assert.equal(kindNamed(['A public holiday in India: Diwali']), 'holiday');
    assert.equal(kindNamed(['The 7.4 release crashed on open; we rolled back']), 'incident');
    assert.equal(kindNamed(['Android events arrived late: the ingest pipeline was delayed']), 'late_data');
    assert.equal(kindNamed(['The football match kept people away']), 'event');
    assert.equal(kindNamed(['A real drop hidden by the DST clock change']), 'dst');
    assert.equal(kindNamed(['Rows missing for four hours: a gap']), 'gap');
    assert.equal(kindNamed(['Traffic went down']), undefined);
    assert.equal(kindNamed(['a holiday, or a launch']), 'ambiguous');
    assert.equal(kindNamed(['a holiday, or a launch #cause:event']), 'event');
    assert.equal(kindNamed(['#cause:late-data it is']), 'late_data');
    const vague = scoreDrill(truth, STARTED, work(worked({ verdict: 'real', hypothesis: 'Something happened on iOS.' })));
    assert.equal(vague.score.causeKindRight, false);
    assert.equal(vague.score.passed, false);
  });

  it('without a supported hypothesis there is no time to the first correct one, and the cause kind comes from the verdict', () => {
    const r = scoreDrill(truth, STARTED, work(worked({ verdict: 'real', support: false, reason: 'The iOS deploy broke links' })));
    assert.equal(r.score.minutesToFirstCorrectHypothesis, undefined);
    assert.equal(r.score.causeKindRight, true);
  });

  it('window overlap is intersection over union; an instant inside counts as a sliver', () => {
    assert.equal(overlap(0, 10, 5, 15), 5 / 15);
    assert.equal(overlap(0, 10, 10, 20), 0);
    assert.ok(overlap(5, 5, 0, 10) > 0);
    assert.equal(overlap(10, 10, 0, 10), 0);
  });
});
