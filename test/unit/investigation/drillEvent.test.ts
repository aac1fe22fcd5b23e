// The drill event (issue 16): started with the hidden truth's digest, revealed with its score; one
// drill per investigation, a reveal without its start reported, a score checked field by field.
import * as assert from 'node:assert/strict';
import { checkEvent, foldLog } from '../../../src/core/investigation';
import { Writer } from './fixtures';

const DIGEST = 'f'.repeat(64);
const SCORE = { found: true, causeKindRight: true, sliceF1: 0.8, windowOverlap: 0.5, minutesToFirstCorrectHypothesis: 42, passed: true };

describe('the drill event', () => {
  const bad = (data: object) => {
    const c = checkEvent({ v: 1, id: 'abcdef12', at: '2026-11-24T15:00:00Z', clock: 1, author: 'ana', type: 'drill', data });
    return 'invalid' in c ? c.invalid : 'accepted';
  };

  it('accepts a start and a scored reveal; refuses a start with a score, a reveal without one, and a bad digest or score', () => {
    assert.equal(bad({ drillId: 'drill-0001', phase: 'started', difficulty: 'easy', truthDigest: DIGEST }), 'accepted');
    assert.equal(bad({ drillId: 'drill-0001', phase: 'revealed', difficulty: 'easy', truthDigest: DIGEST, score: SCORE }), 'accepted');
    assert.match(bad({ drillId: 'drill-0001', phase: 'started', difficulty: 'easy', truthDigest: DIGEST, score: SCORE }), /started drill has no score/);
    assert.match(bad({ drillId: 'drill-0001', phase: 'revealed', difficulty: 'easy', truthDigest: DIGEST }), /needs its score/);
    assert.match(bad({ drillId: 'drill-0001', phase: 'started', difficulty: 'easy', truthDigest: 'abc' }), /SHA-256/);
    assert.match(bad({ drillId: 'drill-0001', phase: 'started', difficulty: 'expert', truthDigest: DIGEST }), /difficulty/);
    assert.match(bad({ drillId: 'drill-0001', phase: 'revealed', difficulty: 'hard', truthDigest: DIGEST, score: { ...SCORE, sliceF1: 1.5 } }), /\[0, 1\]/);
    assert.match(bad({ drillId: 'drill-0001', phase: 'revealed', difficulty: 'hard', truthDigest: DIGEST, score: { ...SCORE, found: 'yes' } }), /found/);
    assert.match(bad({ drillId: 'drill-0001', phase: 'revealed', difficulty: 'hard', truthDigest: DIGEST, score: { ...SCORE, extra: 1 } }), /unexpected field/);
  });

  it('folds the first start and its first reveal; a reveal of another drill is reported and skipped', () => {
    const w = new Writer('ana');
    const text = [
      w.line('opened', { title: 'Drill', origin: 'blank' }),
      w.line('drill', { drillId: 'drill-0001', phase: 'started', difficulty: 'medium', truthDigest: DIGEST }),
      w.line('drill', { drillId: 'drill-0002', phase: 'started', difficulty: 'hard', truthDigest: DIGEST }),
      w.line('drill', { drillId: 'drill-0009', phase: 'revealed', difficulty: 'hard', truthDigest: DIGEST, score: SCORE }),
      w.line('drill', { drillId: 'drill-0001', phase: 'revealed', difficulty: 'medium', truthDigest: DIGEST, score: SCORE }),
      w.line('drill', { drillId: 'drill-0001', phase: 'revealed', difficulty: 'medium', truthDigest: DIGEST, score: { ...SCORE, passed: false } }),
    ].join('');
    const s = foldLog(text);
    assert.equal(s.drill?.drillId, 'drill-0001');
    assert.equal(s.drill?.difficulty, 'medium');
    assert.equal(s.drill?.revealed?.score.passed, true, 'the first reveal counts');
    assert.equal(s.problems.length, 1);
    assert.match(s.problems[0]!.message, /the drill "drill-0009"/);
  });
});
