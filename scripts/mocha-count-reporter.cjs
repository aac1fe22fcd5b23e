// Mocha's spec reporter, plus a JSON file of passed/failed titles so `npm test` can total the suites.
const Mocha = require('mocha');
const fs = require('node:fs');
const path = require('node:path');

class CountingSpec extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const out = process.env.CALIBRATE_TEST_RESULTS;
    const results = { passed: [], failed: [], pending: [] };
    runner.on('pass', t => results.passed.push(t.fullTitle()));
    runner.on('fail', (t, err) => results.failed.push({ title: t.fullTitle(), error: String(err && err.message) }));
    runner.on('pending', t => results.pending.push(t.fullTitle()));
    runner.once('end', () => {
      if (!out) return;
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify(results, null, 2));
    });
  }
}
module.exports = CountingSpec;
