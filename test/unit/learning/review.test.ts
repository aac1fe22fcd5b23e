// The weekly calibration review from a fixture week (test/fixtures/learning/review: 2026-W48 in
// America/New_York, its story in make.ts): the review's parts, then the markdown and its charts in
// golden-file form, checked with markdownlint's default rules. UPDATE_GOLDEN=1 rewrites the golden
// files (then read them, and check they read well).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldLog, type Investigation } from '../../../src/core/investigation';
import { SHIPPED_CALIBRATION } from '../../../src/core/learning/calibration';
import {
  buildWeeklyReview,
  confirmedCause,
  parseIsoWeek,
  recentWeeks,
  REFIT_MIN_CASES,
  weekRange,
  type FlaggedAnomaly,
} from '../../../src/core/learning/review';
import { reviewMarkdown } from '../../../src/core/learning/reviewMarkdown';
import { markdownlintProblems } from '../findings/lint';

const FIXTURES = join(__dirname, '../../fixtures/learning/review');
const ZONE = 'America/New_York';

function fixtureWeek(): { investigations: Investigation[]; flagged: FlaggedAnomaly[] } {
  const dir = join(FIXTURES, 'logs');
  const investigations = readdirSync(dir)
    .filter(f => f.endsWith('.jsonl'))
    .sort()
    .map(f => ({ name: f.slice(0, -'.jsonl'.length), state: foldLog(readFileSync(join(dir, f), 'utf8')) }));
  return { investigations, flagged: JSON.parse(readFileSync(join(FIXTURES, 'flagged.json'), 'utf8')) as FlaggedAnomaly[] };
}

function golden(file: string, actual: string): void {
  const path = join(FIXTURES, file);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `${file} differs from the golden file (UPDATE_GOLDEN=1 rewrites it; then read the diff)`);
}

const review = () => buildWeeklyReview({ week: parseIsoWeek('2026-W48')!, zone: ZONE, ...fixtureWeek(), constants: SHIPPED_CALIBRATION });

describe('learning: the weekly calibration review', () => {
  it('weeks: Monday to Monday in the report zone, W53 only where it exists, recent weeks newest first', () => {
    const r = weekRange(parseIsoWeek('2026-W48')!, ZONE);
    assert.equal(new Date(r.start).toISOString(), '2026-11-23T05:00:00.000Z');
    assert.equal(new Date(r.end).toISOString(), '2026-11-30T05:00:00.000Z');
    // The week of the autumn clock change is 169 hours long.
    const dst = weekRange(parseIsoWeek('2026-W44')!, ZONE);
    assert.equal((dst.end - dst.start) / 3_600_000, 169);
    // 2026 starts on a Thursday: it has a week 53; 2025 does not.
    assert.equal(parseIsoWeek('2025-W53'), undefined);
    assert.deepEqual(parseIsoWeek('2026-W53'), { weekYear: 2026, week: 53 });
    assert.equal(parseIsoWeek('2026-48'), undefined);
    assert.deepEqual(
      recentWeeks(Date.parse('2026-11-30T12:00:00Z'), ZONE, 3).map(w => w.week),
      [49, 48, 47],
    );
  });

  it('the fixture logs fold without problems', () => {
    for (const i of fixtureWeek().investigations) assert.deepEqual(i.state.problems, [], i.name);
  });

  it('Seen: every flagged anomaly with its investigation, verdict and confirmed cause', () => {
    const r = review();
    assert.deepEqual(
      r.seen.map(s => [s.metric, s.investigations.map(i => [i.name, i.verdict ?? '-', i.cause?.kind ?? i.why])]),
      [
        ['sessions', [['2026-11-24-ios-sessions-deploy', 'real', 'deploy']]],
        ['revenue', []],
        ['orders', [['2026-11-26-thanksgiving-orders', 'expected', 'holiday']]],
        ['signups', [['2026-11-27-signups-spike', 'falseAlarm', 'a false alarm has no cause to confirm']]],
        ['page_views', [['2026-11-29-page-views-up', '-', 'no verdict yet']]],
      ],
    );
  });

  it('Missed: the reported miss with why from the record, and the flagged anomaly nobody looked at', () => {
    const r = review();
    assert.deepEqual(
      r.missed.map(m => [m.kind, m.investigation ?? m.title]),
      [
        ['reported', '2026-11-28-android-orders-gap'],
        ['unexamined', 'Revenue down 12% vs forecast'],
      ],
    );
    assert.match(r.missed[0]!.why, /filled the failed hours/);
    assert.equal(r.missed[0]!.reportedBy, 'Bo Chen');
  });

  it('drills are listed apart, never as seen or missed', () => {
    const r = review();
    assert.deepEqual(
      r.drills.map(d => d.investigation),
      ['2026-11-23-drill-dip'],
    );
    assert.ok(!r.seen.some(s => s.investigations.some(i => i.name.includes('drill'))));
    assert.ok(!r.missed.some(m => m.investigation?.includes('drill')));
  });

  it('calibration: the week’s confirmed causes, and every one up to the week’s end', () => {
    const r = review();
    // Thanksgiving (82%, right) and the deploy ("unexplained" at 55%, wrong).
    assert.equal(r.calibration.week.all.n, 2);
    assert.equal(r.calibration.week.all.accuracy, 0.5);
    assert.deepEqual(
      r.calibration.week.byKind.map(k => [k.kind, k.figures.n, k.figures.accuracy]),
      [
        ['deploy', 1, 0],
        ['holiday', 1, 1],
      ],
    );
    // Brier: ((0.82 - 1)^2 + (0.55 - 0)^2) / 2.
    assert.equal(r.calibration.week.all.brier, Math.round((((0.82 - 1) ** 2 + 0.55 ** 2) / 2) * 1000) / 1000);
    // Plus week 47's Veterans Day (64%, right).
    assert.equal(r.calibration.toDate.all.n, 3);
    assert.deepEqual(
      r.unconfirmed.map(u => [u.name, u.why]),
      [
        ['2026-11-27-signups-spike', 'a false alarm has no cause to confirm'],
        ['2026-11-28-android-orders-gap', 'reported as missed: the report stated no confidence to score'],
      ],
    );
    assert.ok('notYet' in r.refit);
  });

  it('each person’s calls, in name order, and the lessons of the week', () => {
    const r = review();
    assert.deepEqual(
      r.people.map(p => p.person),
      ['Ana Lima', 'Bo Chen', 'Chloé Martin'],
    );
    const bo = r.people.find(p => p.person === 'Bo Chen')!;
    assert.equal(bo.draftsApproved, 1);
    assert.deepEqual(bo.hypotheses.map(h => h.status).sort(), ['proposed', 'rejected', 'supported', 'supported']);
    assert.deepEqual(
      r.lessons.map(l => [l.investigation, l.by]),
      [
        ['2026-11-24-ios-sessions-deploy', 'Bo Chen'],
        ['2026-11-26-thanksgiving-orders', 'Bo Chen'],
      ],
    );
    assert.deepEqual(
      r.findings.map(f => f.path),
      ['docs/postmortems/2026-11-24-ios-sessions-deploy.md'],
    );
  });

  it('the confirmed cause: a context mark counts for an expected verdict; a supported hypothesis without context is "none the explainer knows"', () => {
    const { investigations } = fixtureWeek();
    const gap = investigations.find(i => i.name.endsWith('android-orders-gap'))!;
    assert.equal(confirmedCause(gap.state)?.kind, 'data');
  });

  it('the markdown and its charts (golden), clean under markdownlint', () => {
    const files = reviewMarkdown(review());
    assert.deepEqual(markdownlintProblems(files.markdown), []);
    golden('2026-W48.md', files.markdown);
    assert.deepEqual(
      files.images.map(i => i.file),
      ['images/2026-W48-reliability-week.svg', 'images/2026-W48-reliability-to-date.svg'],
    );
    golden('2026-W48-reliability-week.svg', files.images[0]!.svg);
    // Never ranking: no person's name in a table row, no totals column.
    assert.ok(!/^\|.*(Ana Lima|Bo Chen|Chloé Martin)/m.test(files.markdown));
  });

  it(`a re-fit is proposed from ${REFIT_MIN_CASES} confirmed cases when other constants fit better`, () => {
    const { investigations } = fixtureWeek();
    const holiday = investigations.find(i => i.name.endsWith('thanksgiving-orders'))!;
    const deploy = investigations.find(i => i.name.endsWith('ios-sessions-deploy'))!;
    // 40 copies: the 82% holiday right every time, the 55% "unexplained" wrong every time.
    const many = Array.from({ length: 20 }, (_, k) => [
      { name: `h${k}`, state: holiday.state },
      { name: `d${k}`, state: deploy.state },
    ]).flat();
    const r = buildWeeklyReview({ week: parseIsoWeek('2026-W48')!, zone: ZONE, investigations: many, flagged: [], constants: SHIPPED_CALIBRATION });
    assert.ok('proposal' in r.refit, JSON.stringify(r.refit));
    if ('proposal' in r.refit) {
      assert.equal(r.refit.proposal.cases, 40);
      assert.ok(r.refit.proposal.proposedNll < r.refit.proposal.currentNll);
    }
    const md = reviewMarkdown(r).markdown;
    assert.match(md, /explanationCalibration:/);
    assert.deepEqual(markdownlintProblems(md), []);
  });
});
