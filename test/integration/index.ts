// extensionTestsPath module: VS Code's extension host require()s it and awaits run().
// Mocha runs in-process with the real `vscode` API; results go to CALIBRATE_TEST_RESULTS.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const resultsFile = process.env.CALIBRATE_TEST_RESULTS ?? path.resolve(__dirname, '../../test-results/integration.json');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 90_000 });
  for (const f of fs
    .readdirSync(__dirname)
    .filter(f => f.endsWith('.test.js'))
    // CALIBRATE_IT_ONLY=liveShare,drill runs only the files whose names start with one of those (for repeating one locally).
    .filter(f => !process.env.CALIBRATE_IT_ONLY || process.env.CALIBRATE_IT_ONLY.split(',').some(p => f.startsWith(p)))
    .sort())
    mocha.addFile(path.join(__dirname, f));
  const results = { passed: [] as string[], failed: [] as { title: string; error: string }[] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run(failures => {
      fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
      fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      console.log(`${results.passed.length} passed, ${results.failed.length} failed`);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
    runner.on('pass', t => results.passed.push(t.fullTitle()));
    runner.on('fail', (t, err) => results.failed.push({ title: t.fullTitle(), error: String(err?.stack ?? err) }));
  });
}
