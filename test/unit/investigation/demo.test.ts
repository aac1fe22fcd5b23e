// The demo's example investigation of the iOS incident: a closed, clean log that folds with no
// problem, from the generated data's own numbers, the same for a seed.
import assert from 'node:assert/strict';
import { generateDemo, GRID_END } from '../../../src/core/demo';
import { INVESTIGATION_AUTHORS } from '../../../src/core/demo/investigation';
import { foldLog, parseLog } from '../../../src/core/investigation';
import { demo42 } from '../demo/helpers';

const HOUR = 3_600_000;
const logOf = (files: Record<string, string>) => {
  const paths = Object.keys(files).filter(p => p.startsWith('.calibrate/investigations/'));
  assert.equal(paths.length, 1);
  return { path: paths[0]!, text: files[paths[0]!]! };
};

describe('demo: the example investigation', () => {
  it('is one closed log, named by date and slug, that folds with zero problems', () => {
    const { path, text } = logOf(demo42().out.files);
    assert.equal(path, '.calibrate/investigations/2026-11-03-ios-page-views-drop-after-the-7-4-0-release.jsonl');
    assert.ok(text.endsWith('\n'));
    const parsed = parseLog(text);
    assert.deepEqual([parsed.problems, parsed.foreign], [[], []]);
    const s = foldLog(text);
    assert.deepEqual(s.problems, []);
    assert.equal(s.status, 'resolved');
    assert.ok(s.closed && s.closed.summary && s.closed.rootCause && s.closed.decision);
    assert.equal(s.verdict?.verdict, 'real');
    assert.equal(s.origin, 'anomaly');
    assert.deepEqual(
      s.participants.map(p => [p.name, p.role]),
      [
        [INVESTIGATION_AUTHORS.lead, 'lead'],
        [INVESTIGATION_AUTHORS.learner, 'learner'],
      ],
    );
    assert.ok(
      s.participants.every(p => p.events > 0),
      'both wrote',
    );
    assert.deepEqual(
      s.hypotheses.map(h => h.status),
      ['rejected', 'supported'],
    );
    assert.equal(s.questions.length, 1);
    assert.equal(s.questions[0]!.answers.length, 1);
    assert.deepEqual(
      s.actions.map(a => a.state),
      ['done'],
    );
    assert.ok(s.notes.length >= 1);
    // Clocks 1..n with no gap: one writer's view after the other's.
    assert.deepEqual(
      s.timeline.map(t => ('event' in t ? t.event.clock : 0)),
      s.timeline.map((_, i) => i + 1),
    );
  });

  it('the supported hypothesis rests on a chart of the iOS slice with the real hourly values', () => {
    const out = demo42().out;
    const s = foldLog(logOf(out.files).text);
    const supported = s.hypotheses.find(h => h.status === 'supported')!;
    const pinned = s.evidence.filter(e => supported.evidence.includes(e.id));
    const chart = pinned.find(e => e.body.kind === 'chart')!.body;
    assert.ok(chart.kind === 'chart');
    assert.deepEqual(chart.place.slice, { platform: 'ios' });
    assert.equal(chart.place.end, GRID_END - HOUR);
    assert.equal(chart.series.x.length, 24);
    // The values are the CSV's: iOS page views summed over the countries, hour by hour.
    const sums = new Map<number, number>();
    for (const row of out.csv.split('\n')) {
      const [ts, metric, value, , platform] = row.split(',');
      if (metric === 'page_views' && platform === 'ios') sums.set(Date.parse(ts!), (sums.get(Date.parse(ts!)) ?? 0) + Number(value));
    }
    assert.deepEqual(
      chart.series.actual,
      chart.series.x.map(t => sums.get(t)),
    );
    assert.deepEqual(
      chart.series.lastWeek,
      chart.series.x.map(t => sums.get(t - 168 * HOUR)),
    );
    assert.ok(pinned.some(e => e.body.kind === 'context' && e.body.contextKind === 'deploy'));
  });

  it('is byte-identical for a seed, and another seed tells the same story with its own numbers', () => {
    const a = logOf(demo42().out.files);
    const b = logOf(generateDemo({ seed: 7 }).files);
    assert.equal(foldLog(b.text).problems.length, 0);
    assert.notEqual(a.text, b.text);
    assert.equal(foldLog(b.text).verdict?.verdict, 'real');
  });

  it('the demo merges investigation logs by union', () => {
    assert.equal(demo42().out.files['.gitattributes'], '.calibrate/investigations/*.jsonl merge=union\n');
  });
});
