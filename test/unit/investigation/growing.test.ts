// parseGrowing: parsing only what an append added gives exactly what parsing the whole log gives,
// for any log, any earlier state of it (a prefix), and any text that replaced it (not a prefix).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseGrowing, parseLog } from '../../../src/core/investigation';

const line = fc.oneof(
  fc.constant('{"v":1,"id":"aaaaaa","at":"2026-11-30T10:00:00Z","clock":1,"author":"a","type":"note","data":{"text":"x"}}'),
  fc.constant('{"v":1,"id":"bbbbbb","at":"2026-11-30T10:00:00Z","clock":2,"author":"b","type":"note","data":{"text":"y"}}'),
  fc.constant('{"v":2,"id":"cccccc","at":"2026-11-30T10:00:00Z","clock":3,"author":"c","type":"x","data":{}}'),
  fc.constant('not json'),
  fc.constant(''),
  fc.string({ maxLength: 20 }).filter(s => !s.includes('\n')),
);
const log = fc.array(line, { maxLength: 12 }).map(ls => ls.join('\n'));

describe('parseGrowing', () => {
  it('equals parseLog of the whole text, after any earlier prefix or an unrelated text', () => {
    fc.assert(
      fc.property(log, fc.nat(), log, fc.boolean(), (text, cut, other, related) => {
        const before = related ? text.slice(0, cut % (text.length + 1)) : other;
        const first = parseGrowing(before, undefined);
        assert.deepEqual(first.parsed, parseLog(before));
        const second = parseGrowing(text, first.cache);
        assert.deepEqual(second.parsed, parseLog(text));
        // And again from there (a third append).
        const more = text + '\n{"v":1,"id":"dddddd","at":"2026-11-30T10:00:00Z","clock":9,"author":"d","type":"note","data":{"text":"z"}}\n';
        assert.deepEqual(parseGrowing(more, second.cache).parsed, parseLog(more));
      }),
      { numRuns: 500 },
    );
  });
});
