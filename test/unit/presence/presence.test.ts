// core/presence: the strict validator (never throws, says why), file names, staleness, which
// presences are shown (others only, newest per author and window), whom follow resolves to, the
// throttle's schedule, and the .gitignore line (appended once, recognised in its usual spellings).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  authorSlug,
  checkPresence,
  followedPresence,
  focusProblem,
  leadOf,
  nextWriteAt,
  parsePresence,
  presenceFileName,
  sameFocus,
  shownPresences,
  STALE_MS,
  windowOfFile,
  withPresenceIgnored,
  type Presence,
} from '../../../src/core/presence';

const W1 = 'aaaaaaaaaaaa1111';
const W2 = 'bbbbbbbbbbbb2222';
const W3 = 'cccccccccccc3333';
const p = (author: string, window: string, at: number, focus: Presence['focus'] = {}): Presence => ({ v: 1, author, window, at, focus });

describe('core/presence', () => {
  describe('checkPresence', () => {
    it('accepts a full presence and a minimal one', () => {
      const full = {
        v: 1,
        author: 'Ana',
        window: W1,
        at: 1_700_000_000_000,
        investigation: '2026-11-30-page-views-down',
        focus: { metric: 'page_views', hour: 1_700_000_000_000, slice: { platform: 'ios' }, anomaly: { metric: 'page_views', start: 1 }, item: 'abcdef123456' },
        following: 'Ben',
      };
      assert.deepEqual(checkPresence(full), { ok: full });
      assert.ok('ok' in checkPresence({ v: 1, author: 'Ana', window: W1, at: 0, focus: {} }));
    });

    it('refuses what is not a presence, saying why', () => {
      const base = { v: 1, author: 'Ana', window: W1, at: 0, focus: {} };
      const cases: [unknown, RegExp][] = [
        [null, /object/],
        [[], /object/],
        [{ ...base, v: 2 }, /newer/],
        [{ ...base, v: '1' }, /v must be 1/],
        [{ ...base, extra: 1 }, /unknown field "extra"/],
        [{ ...base, author: '' }, /author/],
        [{ ...base, author: '   ' }, /author/],
        [{ ...base, author: 'x'.repeat(301) }, /author/],
        [{ ...base, window: 'short' }, /window/],
        [{ ...base, window: 'UPPERCASE12345' }, /window/],
        [{ ...base, window: 'with-dash-1234' }, /window/],
        [{ ...base, at: Infinity }, /at must/],
        [{ ...base, investigation: '../etc/passwd' }, /investigation/],
        [{ ...base, following: 3 }, /following/],
        [{ ...base, focus: [] }, /focus must be an object/],
        [{ ...base, focus: { metrc: 'x' } }, /unknown field "metrc"/],
        [{ ...base, focus: { hour: 'noon' } }, /hour/],
        [{ ...base, focus: { slice: { a: 1 } } }, /slice/],
        [{ ...base, focus: { slice: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`d${i}`, 'v'])) } }, /slice/],
        [{ ...base, focus: { anomaly: { metric: 'm' } } }, /anomaly/],
        [{ ...base, focus: { anomaly: { metric: 'm', start: 1, end: 2 } } }, /anomaly/],
        [{ ...base, focus: { item: 'no spaces allowed' } }, /item/],
      ];
      for (const [v, why] of cases) {
        const r = checkPresence(v);
        assert.ok('problem' in r, JSON.stringify(v));
        assert.match(r.problem, why, JSON.stringify(v));
      }
    });

    it('never throws, whatever the input', () => {
      fc.assert(
        fc.property(fc.jsonValue(), v => {
          const r = checkPresence(v);
          assert.ok('ok' in r || typeof r.problem === 'string');
        }),
        { numRuns: 500, seed: 12 },
      );
      fc.assert(
        fc.property(fc.string(), s => void parsePresence(s)),
        { numRuns: 300, seed: 12 },
      );
      assert.match((parsePresence('{"v":1,"auth') as { problem: string }).problem, /not JSON/);
    });

    it('focusProblem accepts an empty focus', () => assert.equal(focusProblem({}), undefined));
  });

  describe('file names', () => {
    it('are <author-slug>-<window>.json, and the window is read back from them', () => {
      assert.equal(presenceFileName('Ana María López', W1), `ana-maria-lopez-${W1}.json`);
      assert.equal(authorSlug('../../etc'), 'etc');
      assert.equal(authorSlug('李'), 'someone');
      assert.equal(windowOfFile(presenceFileName('Ana', W1)), W1);
      assert.equal(windowOfFile('report-snapshot.json'), undefined, 'the Live Share snapshot is not a presence');
      assert.equal(windowOfFile(`.ana-${W1}.json.abc.tmp`), undefined, 'a temp file is not read');
      fc.assert(fc.property(fc.string(), s => /^[a-z0-9-]{1,40}$/.test(authorSlug(s)) && !authorSlug(s).endsWith('-')));
    });
  });

  describe('shownPresences', () => {
    const now = 1_000_000;
    it('shows other people only, fresh only, the newest per person, newest first', () => {
      const shown = shownPresences(
        [
          p('Me', W1, now), // mine
          p('Me', W3, now - 3_000), // another window of mine (one that was killed, say): not someone else
          p('Ana', W2, now - 5_000, { metric: 'old' }),
          p('Ana', W2, now - 1_000, { metric: 'new' }),
          p('Ben', W3, now - STALE_MS - 1), // stale: a killed window
          p('Ana', W3, now - 2_000), // Ana's other window, older: she is where she last moved
          p('Cy', W3, now - 4_000),
        ],
        { window: W1, author: 'Me' },
        now,
      );
      assert.deepEqual(
        shown.map(x => [x.author, x.window, x.focus.metric]),
        [
          ['Ana', W2, 'new'],
          ['Cy', W3, undefined],
        ],
      );
    });

    it('is exactly 30 s: at the edge still shown, a millisecond later not', () => {
      assert.equal(shownPresences([p('Ana', W2, now - STALE_MS)], { window: W1, author: 'Me' }, now).length, 1);
      assert.equal(shownPresences([p('Ana', W2, now - STALE_MS - 1)], { window: W1, author: 'Me' }, now).length, 0);
    });
  });

  describe('follow', () => {
    it('the lead is the participant with the lead role, unless it is me', () => {
      const people = [{ name: 'Ben', role: 'learner' as const }, { name: 'Ana', role: 'lead' as const }, { name: 'Cy' }];
      assert.equal(leadOf(people, 'Ben'), 'Ana');
      assert.equal(leadOf(people, 'Ana'), undefined);
      assert.equal(leadOf([], 'Ana'), undefined);
    });

    it('resolves to the followed author’s newest presence of any window', () => {
      const a1 = p('Ana', W2, 10, { metric: 'a' });
      const a2 = p('Ana', W3, 20, { metric: 'b' });
      assert.equal(followedPresence([a1, a2, p('Ben', W1, 30)], 'Ana'), a2);
      assert.equal(followedPresence([a1], 'Cy'), undefined);
    });

    it('compares foci by value, slices in any key order', () => {
      assert.ok(sameFocus({ metric: 'm', slice: { a: '1', b: '2' } }, { metric: 'm', slice: { b: '2', a: '1' } }));
      assert.ok(!sameFocus({ metric: 'm', hour: 1 }, { metric: 'm', hour: 2 }));
      assert.ok(!sameFocus({ metric: 'm' }, undefined));
    });
  });

  describe('nextWriteAt (the throttle)', () => {
    it('writes at once after a quiet interval, else at the end of the interval', () => {
      assert.equal(nextWriteAt(undefined, 500), 500);
      assert.equal(nextWriteAt(400, 500), 500);
      assert.equal(nextWriteAt(450, 500), 550);
      assert.equal(nextWriteAt(450, 500, 200), 650);
    });
  });

  describe('withPresenceIgnored', () => {
    it('appends the line once, after a newline, and recognises it already there', () => {
      assert.match(withPresenceIgnored('')!, /^# Calibrate: .*\n\.calibrate\/presence\/\n$/);
      assert.match(withPresenceIgnored('node_modules')!, /^\n# Calibrate/);
      const once = 'dist/\n' + withPresenceIgnored('dist/\n')!;
      assert.equal(withPresenceIgnored(once), undefined);
      for (const line of ['.calibrate/presence', '/.calibrate/presence/', '  .calibrate/presence/  ', '.calibrate/presence/*'])
        assert.equal(withPresenceIgnored(`x\r\n${line}\r\n`), undefined, line);
      assert.ok(withPresenceIgnored('# .calibrate/presence/\n'), 'a comment does not ignore anything');
    });
  });
});
