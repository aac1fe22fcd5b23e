// Property tests of the fold (issue 11, point 1): any order of the same lines gives the same state, a
// duplicated line counts once, two authors appending at once converge, a half-written last line is
// not an event, and nothing (any string, any JSON) makes the fold throw.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldLog } from '../../../src/core/investigation';
import { linesOf, logOf, made, opArb, opLine, problemKinds, semantic, Writer } from './fixtures';

const RUNS = { numRuns: 150 };
const ops = fc.array(opArb, { minLength: 0, maxLength: 25 });

describe('investigation fold: properties', () => {
  it('any permutation of the same lines folds to the same state (and the same problems, but for their line numbers)', () => {
    fc.assert(
      fc.property(
        ops.chain(o => {
          const lines = linesOf(logOf('ana', o));
          return fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }));
        }),
        ([lines, shuffled]) => {
          const a = foldLog(lines.join(''));
          const b = foldLog(shuffled.join(''));
          assert.deepEqual(semantic(b), semantic(a));
          assert.deepEqual(problemKinds(b), problemKinds(a));
          // Every line is in the timeline, at the line it was read from.
          assert.equal(b.timeline.length, lines.length);
          for (const t of b.timeline) assert.equal(shuffled[t.line - 1]!.includes(`"id":"${'event' in t ? t.event.id : t.foreign.id}"`), true);
        },
      ),
      RUNS,
    );
  });

  it('a duplicated line is idempotent, wherever the copy lands (a merge, a retried append)', () => {
    fc.assert(
      fc.property(ops, fc.nat(), fc.nat(), (o, which, where) => {
        const lines = linesOf(logOf('ana', o));
        const copy = lines[which % lines.length]!;
        const withCopy = [...lines];
        withCopy.splice(where % (lines.length + 1), 0, copy);
        const a = foldLog(lines.join(''));
        const b = foldLog(withCopy.join(''));
        assert.deepEqual(semantic(b), semantic(a));
        assert.deepEqual(problemKinds(b), problemKinds(a), 'an identical copy is not a conflict');
      }),
      RUNS,
    );
  });

  it('two authors appending concurrently converge, whichever order their lines are merged in, and lose nothing', () => {
    fc.assert(
      fc.property(
        ops,
        fc.array(opArb, { maxLength: 10 }),
        fc.array(opArb, { maxLength: 10 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (shared, mine, theirs, coin) => {
          const base = logOf('ana', shared);
          // Each replica starts from the shared log and appends from its own view (its own Lamport clock).
          const [wa, wb] = [new Writer('ana'), new Writer('bo')];
          wa.see(base);
          wb.see(base);
          // Each refers only to what it made itself (the base's targets are not picked here).
          const [ma, mb] = [made(), made()];
          const a = mine.map(op => opLine(wa, ma, op));
          const b = theirs.map(op => opLine(wb, mb, op));
          // merge=union: the base, then both sides' new lines, in any interleaving that keeps each side's order.
          const interleave: string[] = [];
          let i = 0;
          let j = 0;
          for (const c of coin) {
            if (c && i < a.length) interleave.push(a[i++]!);
            else if (!c && j < b.length) interleave.push(b[j++]!);
          }
          interleave.push(...a.slice(i), ...b.slice(j));
          const x = foldLog(base + a.join('') + b.join(''));
          const y = foldLog(base + b.join('') + a.join(''));
          const z = foldLog(base + interleave.join(''));
          assert.deepEqual(semantic(y), semantic(x));
          assert.deepEqual(semantic(z), semantic(x));
          assert.equal(x.timeline.length, linesOf(base).length + a.length + b.length, 'no event lost');
          assert.equal(x.maxClock, Math.max(foldLog(base + a.join('')).maxClock, foldLog(base + b.join('')).maxClock));
        },
      ),
      RUNS,
    );
  });

  it('a replica that sees the other side orders its next events after all of them (Lamport)', () => {
    const base = logOf('ana', []);
    const [wa, wb] = [new Writer('ana'), new Writer('bo')];
    wa.see(base);
    wb.see(base);
    const a1 = wa.line('note', { text: 'a1' });
    const b1 = wb.line('note', { text: 'b1' });
    const b2 = wb.line('note', { text: 'b2' });
    wa.see(base + b1 + b2);
    const a2 = wa.line('note', { text: 'a2, after reading b1 and b2' });
    const s = foldLog(base + a2 + b2 + a1 + b1);
    assert.deepEqual(
      s.notes.map(n => n.text),
      ['a1', 'b1', 'b2', 'a2, after reading b1 and b2'],
    );
  });

  it('a truncated last line (any prefix of it) is skipped without a problem: the fold is the fold without it', () => {
    fc.assert(
      fc.property(ops, fc.nat(), (o, cut) => {
        const lines = linesOf(logOf('ana', o));
        const last = lines.at(-1)!.slice(0, -1); // without its newline
        const prefix = last.slice(0, 1 + (cut % (last.length - 1)));
        const before = lines.slice(0, -1).join('');
        assert.deepEqual(foldLog(before + prefix), foldLog(before));
        // And once the append completes, it is read whole.
        assert.deepEqual(foldLog(before + last), foldLog(lines.join('')));
      }),
      RUNS,
    );
  });

  it('a broken line in the middle is reported at its line number and skipped; the rest folds as without it', () => {
    fc.assert(
      fc.property(ops, fc.nat(), fc.nat(), (o, which, cut) => {
        const lines = linesOf(logOf('ana', o));
        fc.pre(lines.length >= 2);
        const k = which % (lines.length - 1); // never the last line
        const broken = lines[k]!.slice(0, 1 + (cut % (lines[k]!.length - 2))) + '\n';
        const edited = [...lines];
        edited[k] = broken;
        const a = foldLog(edited.join(''));
        const without = foldLog([...lines.slice(0, k), '\n', ...lines.slice(k + 1)].join(''));
        assert.deepEqual(semantic(a), semantic(without));
        const mine = a.problems.filter(p => p.line === k + 1);
        assert.equal(mine.length, 1);
        assert.match(mine[0]!.message, new RegExp(`^line ${k + 1} is not JSON .*: it is kept in the file and skipped$`));
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary text, arbitrary JSON lines, or envelopes with arbitrary fields', () => {
    const envelope = fc.record(
      {
        v: fc.oneof(fc.constant(1), fc.constant(2), fc.integer(), fc.string()),
        id: fc.oneof(fc.constant('abcdef-1'), fc.string()),
        at: fc.oneof(fc.constant('2026-11-03T17:00:00Z'), fc.string()),
        clock: fc.oneof(fc.nat(), fc.double(), fc.string()),
        author: fc.oneof(fc.constant('ana'), fc.string()),
        type: fc.oneof(
          fc.constantFrom('opened', 'note', 'hypothesisStatus', 'evidence', 'answer', 'actionState', 'closed', 'poll', '__proto__', 'constructor'),
          fc.string(),
        ),
        data: fc.oneof(fc.object(), fc.jsonValue(), fc.record({ text: fc.string(), hypothesis: fc.string(), kind: fc.constantFrom('chart', 'table', 'x') })),
      },
      { requiredKeys: [] },
    );
    const line = fc.oneof(
      fc.string(),
      fc.json(),
      envelope.map(e => JSON.stringify(e)),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.boolean(), (ls, newline) => {
        const text = ls.join('\n') + (newline ? '\n' : '');
        const s = foldLog(text);
        JSON.stringify(s);
        // Every non-blank line is accounted for: an event, a kept foreign event, or a problem (the
        // last line may be an unfinished append).
        const lines = text.split('\n');
        for (let i = 0; i < lines.length - 1; i++) {
          if (lines[i]!.replace(/\r$/, '').trim() === '') continue;
          const n = i + 1;
          const read = (m: number) => s.timeline.some(t => t.line === m);
          // An identical copy of a line that was read is the same event, read once.
          const copyRead = lines.some((l, m) => m !== i && l === lines[i] && read(m + 1));
          assert.ok(read(n) || copyRead || s.problems.some(p => p.line === n || p.message.includes(`line ${n} `)), `line ${n} is lost`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
