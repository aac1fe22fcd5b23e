import assert from 'node:assert/strict';
import { AS_OF, generateDemo, REPORT_ZONE } from '../../../src/core/demo';
import { foldLog, parseLog } from '../../../src/core/investigation';
import { SHIPPED_CALIBRATION } from '../../../src/core/learning/calibration';
import { buildWeeklyReview, weekOf } from '../../../src/core/learning/review';
import { withFrozenExample } from '../../../src/workspace/demoExample';

describe('the demo’s example investigation, with the anomaly it was opened from', function () {
  this.timeout(60_000);
  const demo = generateDemo({ seed: 42 });
  const path = Object.keys(demo.files).find(p => p.endsWith('.jsonl'))!;
  let files: Record<string, string>;
  before(async () => {
    files = await withFrozenExample(demo);
  });

  it('freezes the report’s own anomaly over the incident into the opened event, and changes no other line', () => {
    const incident = demo.groundTruth.effects.find(e => e.kind === 'incident')!;
    const state = foldLog(files[path]!);
    assert.equal(state.problems.length, 0);
    const a = state.anomaly!;
    assert.equal(a.metric, 'page_views');
    assert.equal(a.direction, 'down');
    assert.ok(a.start < Date.parse(incident.end) && Date.parse(incident.start) < a.end, 'over the incident’s hours');
    assert.equal(a.zone, REPORT_ZONE);
    assert.match(a.configVersion, /^sha256:[0-9a-f]{16}$/);
    assert.ok(a.series.x.length > 0 && a.series.expected?.length === a.series.x.length, 'the chart with its forecast band');
    assert.equal(a.explanations[0]?.title, 'Deploy ios-v7.4.0', 'the report’s first explanation: the release');
    assert.ok(a.explanations[0]!.confidence > 0.5 && a.explanations[0]!.confidence <= 1);
    const before = demo.files[path]!.split('\n');
    const after = files[path]!.split('\n');
    assert.equal(after.length, before.length);
    assert.deepEqual(after.slice(1), before.slice(1));
    assert.deepEqual(parseLog(files[path]!).events[0]!.event.data, { ...parseLog(demo.files[path]!).events[0]!.event.data, anomaly: a });
    for (const p of Object.keys(demo.files)) if (p !== path) assert.equal(files[p], demo.files[p], p);
  });

  it('gives the weekly calibration review its confirmed case: the release, named by the first explanation', () => {
    const state = foldLog(files[path]!);
    const review = buildWeeklyReview({
      week: weekOf(AS_OF, REPORT_ZONE),
      zone: REPORT_ZONE,
      investigations: [
        {
          name: path
            .split('/')
            .pop()!
            .replace(/\.jsonl$/, ''),
          state,
        },
      ],
      flagged: [],
      constants: SHIPPED_CALIBRATION,
    });
    assert.equal(review.unconfirmed.length, 0, JSON.stringify(review.unconfirmed));
    assert.equal(review.calibration.week.all.n, 1);
    assert.equal(review.calibration.week.all.accuracy, 1);
    assert.deepEqual(
      review.calibration.week.byKind.map(k => k.kind),
      ['deploy'],
    );
  });

  it('is the same for the same seed', async () => {
    assert.deepEqual(await withFrozenExample(generateDemo({ seed: 42 })), files);
  });
});
