// One drain at a time (src/util/drainer.ts): calls during a drain share it and make it pass once more.
import * as assert from 'node:assert/strict';
import { Drainer } from '../../../src/util/drainer';

describe('util: Drainer', () => {
  it('runs one pass for one call, and shares a running drain with calls made during it, which add one more pass', async () => {
    let passes = 0;
    let inFlight = 0;
    let most = 0;
    const d = new Drainer<number>(
      async () => {
        passes++;
        most = Math.max(most, ++inFlight);
        await new Promise(r => setTimeout(r, 10));
        inFlight--;
        return 1;
      },
      (a, b) => a + b,
    );
    assert.equal(await d.drain(), 1);
    const first = d.drain();
    const second = d.drain();
    const third = d.drain();
    assert.equal(second, first, 'the same promise');
    assert.equal(third, first);
    assert.equal(await first, 2, 'one pass, and one more for the calls made during it');
    assert.equal(passes, 3);
    assert.equal(most, 1, 'never two passes at once');
  });

  it('passes again when a pass asks for more, and a failed pass ends the drain so the next call starts afresh', async () => {
    let left = 3;
    const d: Drainer<number> = new Drainer<number>(
      async () => {
        if (--left > 0) d.more();
        return 1;
      },
      (a, b) => a + b,
    );
    assert.equal(await d.drain(), 3);
    const failing = new Drainer<number>(
      async () => {
        throw new Error('disk gone');
      },
      (a, b) => a + b,
    );
    await assert.rejects(failing.drain(), /disk gone/);
    await assert.rejects(failing.drain(), /disk gone/, 'not stuck on the failed run');
  });
});
