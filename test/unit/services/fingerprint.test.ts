import assert from 'node:assert/strict';
import { rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { changedParts, FileHasher, fingerprintInputs, type FingerprintDeps, type ReportInputs } from '../../../src/services/fingerprint';
import { sandbox } from '../workspace/helpers';

const CONFIG = 'version: 1\ntimezone: UTC\nsource: { type: csv, path: data/m.csv }\nmetrics:\n  - id: a\n';
const CSV = 'timestamp,metric,value\n2026-11-03T16:00:00Z,a,1\n';

describe('services: the input fingerprint', () => {
  const bases: string[] = [];
  const box = () => {
    const b = sandbox();
    bases.push(b.base);
    b.write('.calibrate/report.yaml', CONFIG);
    b.write('data/m.csv', CSV);
    return b;
  };
  after(() => bases.forEach(b => rmSync(b, { recursive: true, force: true })));
  const inputs = (root: string, over: Partial<ReportInputs> = {}): ReportInputs => ({
    root,
    configPath: '.calibrate/report.yaml',
    maxCsvBytes: 1 << 20,
    trusted: false,
    ...over,
  });
  const deps = (git = 'refs-1'): FingerprintDeps & { gitCalls: number } => {
    const d = {
      files: new FileHasher(),
      gitCalls: 0,
      gitRefs: async () => {
        d.gitCalls++;
        return git;
      },
    };
    return d;
  };

  it('is equal for unchanged inputs, and for a file rewritten with the same content', async () => {
    const { ws, write } = box();
    const d = deps();
    const a = await fingerprintInputs(inputs(ws), d);
    const b = await fingerprintInputs(inputs(ws), d);
    assert.equal(a.digest, b.digest);
    write('.calibrate/report.yaml', CONFIG); // a save without changes
    write('data/m.csv', CSV);
    const c = await fingerprintInputs(inputs(ws), d);
    assert.equal(c.digest, a.digest);
    assert.deepEqual(changedParts(a, c), []);
  });

  it('changes with the config, the CSV, events.yaml, a calendar, the settings and the trust, and names what changed', async () => {
    const { ws, write } = box();
    const d = deps();
    const base = await fingerprintInputs(inputs(ws), d);
    const expectChange = async (part: string, act: () => void, over: Partial<ReportInputs> = {}) => {
      act();
      const fp = await fingerprintInputs(inputs(ws, over), d);
      assert.notEqual(fp.digest, base.digest, part);
      assert.ok(changedParts(base, fp).includes(part), `${part}: ${changedParts(base, fp).join(',')}`);
      return fp;
    };
    await expectChange('config', () => write('.calibrate/report.yaml', `${CONFIG}thresholds: { amber: 2, red: 15 }\n`));
    write('.calibrate/report.yaml', CONFIG);
    assert.equal((await fingerprintInputs(inputs(ws), d)).digest, base.digest, 'back to the same config');
    await expectChange('csv', () => write('data/m.csv', CSV.replace(',1\n', ',2\n'))); // same size
    write('data/m.csv', CSV);
    await expectChange('events', () => write('.calibrate/events.yaml', 'events: []\n'));
    rmSync(join(ws, '.calibrate/events.yaml'));
    await expectChange('calendars', () => write('.calibrate/calendars/team.ics', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'));
    rmSync(join(ws, '.calibrate/calendars/team.ics'));
    await expectChange('settings', () => undefined, { maxCsvBytes: 2 << 20 });
    await expectChange('settings', () => undefined, { trusted: true });
  });

  it('reads git refs only when trusted', async () => {
    const { ws } = box();
    const d = deps('refs-a');
    const untrusted = await fingerprintInputs(inputs(ws), d);
    assert.equal(d.gitCalls, 0);
    assert.equal(untrusted.parts.git, '!untrusted');
    const a = await fingerprintInputs(inputs(ws, { trusted: true }), d);
    const b = await fingerprintInputs(inputs(ws, { trusted: true }), deps('refs-b'));
    assert.equal(d.gitCalls, 1);
    assert.deepEqual(changedParts(a, b), ['git']);
  });

  it('puts in refusals, never content from outside the workspace', async () => {
    const { ws, secret, write } = box();
    const d = deps();
    rmSync(join(ws, 'data/m.csv'));
    const missing = await fingerprintInputs(inputs(ws), d);
    assert.match(missing.parts.csv, /^data\/m\.csv:!missing$/);
    symlinkSync(secret, join(ws, 'data/m.csv'));
    const outside = await fingerprintInputs(inputs(ws), d);
    assert.match(outside.parts.csv, /!outside$/);
    rmSync(join(ws, 'data/m.csv'));
    write('data/m.csv', CSV);
    const tooLarge = await fingerprintInputs(inputs(ws, { maxCsvBytes: 10 }), d);
    assert.match(tooLarge.parts.csv, /!tooLarge:\d+$/);
    write('.calibrate/report.yaml', 'version: [');
    const broken = await fingerprintInputs(inputs(ws), d);
    assert.equal(broken.parts.csv, undefined, 'a config that does not parse names no CSV');
  });

  it('stops with the signal', async () => {
    const { ws } = box();
    const c = new AbortController();
    c.abort();
    await assert.rejects(fingerprintInputs(inputs(ws), deps(), c.signal), { name: 'AbortError' });
  });
});

describe('services: FileHasher remembers digests by stat', () => {
  const bases: string[] = [];
  after(() => bases.forEach(b => rmSync(b, { recursive: true, force: true })));
  const opts = { what: 'a file', maxBytes: 1 << 20 };

  it('reuses the digest while the stat is unchanged, and reads again after a write', async () => {
    const { base, ws, write } = sandbox();
    bases.push(base);
    const p = write('big.csv', 'x'.repeat(1000));
    const old = new Date(Date.now() - 60_000);
    utimesSync(p, old, old); // not racy
    const h = new FileHasher();
    const a = await h.digest(ws, 'big.csv', opts);
    const b = await h.digest(ws, 'big.csv', opts);
    assert.equal(a, b);
    assert.deepEqual(h.stats, { hashed: 1, reused: 1 });
    writeFileSync(p, 'y'.repeat(1000)); // same size, new mtime
    const c = await h.digest(ws, 'big.csv', opts);
    assert.notEqual(c, a);
    assert.equal(h.stats.hashed, 2);
  });

  it('never remembers a file modified just before it was read (same-size writes in one timestamp tick)', async () => {
    const { base, ws, write } = sandbox();
    bases.push(base);
    write('fresh.csv', 'abc');
    const h = new FileHasher();
    await h.digest(ws, 'fresh.csv', opts);
    await h.digest(ws, 'fresh.csv', opts);
    assert.deepEqual(h.stats, { hashed: 2, reused: 0 });
  });
});
