import assert from 'node:assert/strict';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readCsvSource, readReportConfigText } from '../../../src/workspace/reportFiles';
import { WorkspaceFileError } from '../../../src/workspace/safeFiles';
import { sandbox, SECRET } from './helpers';

const CSV = 'timestamp,metric,value\n2026-11-03T16:00:00Z,page_views,1\n2026-11-03T17:00:00Z,page_views,2\n';

async function refusal(p: Promise<unknown>): Promise<WorkspaceFileError> {
  const e = await p.then(
    () => assert.fail('was read'),
    (x: unknown) => x,
  );
  assert.ok(e instanceof WorkspaceFileError, String(e));
  assert.ok(!e.message.includes(SECRET.slice(0, 20)), e.message);
  return e;
}

describe('workspace: the report config and its CSV source', () => {
  const bases: string[] = [];
  const box = () => {
    const b = sandbox();
    bases.push(b.base);
    return b;
  };
  after(() => bases.forEach(b => rmSync(b, { recursive: true, force: true })));

  it('reads the config and streams the CSV from inside the workspace', async () => {
    const { ws, write } = box();
    write('.calibrate/report.yaml', 'version: 1\n');
    write('data/metrics.csv', CSV);
    assert.equal(await readReportConfigText(ws, '.calibrate/report.yaml'), 'version: 1\n');
    const d = await readCsvSource(ws, 'data/metrics.csv', 1024);
    assert.deepEqual(d.metrics, ['page_views']);
  });

  it('refuses a config path (a setting) that is absolute, has "..", or links out', async () => {
    const { ws, secret } = box();
    symlinkSync(secret, join(ws, 'report.yaml'));
    for (const p of ['../outside/secret.txt', secret, 'report.yaml']) {
      const e = await refusal(readReportConfigText(ws, p));
      assert.match(e.message, /Expected the report config \(setting calibrate\.reportConfigPath\)/);
    }
  });

  it('refuses a CSV linked outside without quoting its first line', async () => {
    const { ws, secret } = box();
    symlinkSync(secret, join(ws, 'metrics.csv'));
    const e = await refusal(readCsvSource(ws, 'metrics.csv', 1 << 20));
    assert.equal(
      e.message,
      'metrics.csv: the path resolves outside the workspace folder (through a symbolic link). Expected the CSV file named by source.path in the report config, inside the workspace folder.',
    );
  });

  it('refuses a CSV linked to /dev/zero at once', async function () {
    if (!existsSync('/dev/zero')) this.skip();
    const { ws } = box();
    symlinkSync('/dev/zero', join(ws, 'metrics.csv'));
    const t0 = Date.now();
    await refusal(readCsvSource(ws, 'metrics.csv', 200 * 1024 * 1024));
    assert.ok(Date.now() - t0 < 1000);
  });

  it('refuses an oversized CSV with the message the panel shows', async () => {
    const { ws, write } = box();
    write('data/metrics.csv', CSV + 'x'.repeat(2 * 1024 * 1024));
    const e = await refusal(readCsvSource(ws, 'data/metrics.csv', 1024 * 1024));
    // As the integration test expects (test/integration/report.test.ts, maxCsvSizeMB).
    assert.match(e.message, /^data\/metrics\.csv: file is \d+ MB\. Expected a file of at most 1 MB \(setting calibrate\.maxCsvSizeMB\)/);
  });
});
