// "Expected" marks on context items (issue 10, point 8): the in-memory seam that the investigation
// log replaces in issue 11. Marks are per folder, by the item's key, and can be withdrawn.
import assert from 'node:assert/strict';
import { InMemoryContextMarks } from '../../../src/services/contextMarks';
import { contextKey } from '../../../src/messaging/protocol';
import type { ContextItem } from '../../../src/core/report/triage';

const DEPLOY: ContextItem = { kind: 'deploy', title: 'Deploy v1', detail: 'd', start: 5, end: 5, ref: 'v1', deployKind: 'tag', message: 'm' };
const DST: ContextItem = { kind: 'dst', title: 'Clocks back 1 h', detail: 'US', start: 9, end: 9, zones: ['America/New_York'], shiftHours: -1 };

describe('services: expected marks on context items', () => {
  it('records a mark once, per folder, with what it was and when', async () => {
    let now = 100;
    const marks = new InMemoryContextMarks(() => now);
    await marks.mark('file:///a', DEPLOY, true);
    now = 200;
    await marks.mark('file:///a', DEPLOY, true); // marked again (a partner): still one mark, the first time kept
    await marks.mark('file:///a', DST, true);
    assert.deepEqual(marks.expectedKeys('file:///a'), [contextKey(DEPLOY), contextKey(DST)]);
    assert.deepEqual(marks.expectedKeys('file:///b'), [], "another folder's report has its own marks");
    assert.deepEqual(marks.marks('file:///a')[0], { key: contextKey(DEPLOY), kind: 'deploy', title: 'Deploy v1', start: 5, markedAt: 100 });
  });

  it('withdraws a mark, and withdrawing what was never marked changes nothing', async () => {
    const marks = new InMemoryContextMarks();
    await marks.mark('f', DEPLOY, true);
    await marks.mark('f', DEPLOY, false);
    await marks.mark('f', DST, false);
    await marks.mark('g', DST, false);
    assert.deepEqual(marks.expectedKeys('f'), []);
    assert.deepEqual(marks.expectedKeys('g'), []);
  });
});
