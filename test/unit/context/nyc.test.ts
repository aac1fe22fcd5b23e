// Real data: NYC taxi demand (NAB). Needs ../shared; skips with a message when it is absent.
import assert from 'node:assert/strict';
import { HolidayCalendar } from '../../../src/core/context/holidays';
import { loadNycTaxi, runNyc } from '../../../bench/explain/nyc';

describe('context: NYC taxi holidays (real data)', function () {
  this.timeout(120_000);
  it('explains Thanksgiving, Christmas and New Year by US holidays, and not the blizzard', async function () {
    if (!loadNycTaxi()) {
      console.log('      (skipped: ../shared/bench/forecast/data/nyc_taxi_hourly.csv not found)');
      this.skip();
    }
    const res = runNyc(await HolidayCalendar.load());
    assert.ok(res);
    const by = Object.fromEntries(res.map((r) => [r.window, r]));
    for (const w of ['thanksgiving', 'christmas', 'new_year']) assert.equal(by[w]?.pass, true, `${w}: ${by[w]?.top1.join('; ')}`);
    assert.equal(by.blizzard?.pass, true, by.blizzard?.top1.join('; '));
    assert.ok(by.blizzard?.top1.some((t) => /down unexplained/.test(t)));
  });
});
