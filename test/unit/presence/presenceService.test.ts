// The presence service on the real file system (a temp folder), with a hand-driven clock: two windows
// see each other and not themselves; stale, invalid, oversized, misnamed and non-regular files are
// ignored (and logged once), never thrown; writes are whole (temp + rename) and capped at 10 a second
// by the trailing throttle; the heartbeat keeps a file fresh; dispose deletes it; the presence
// directory must stay inside the folder; the .gitignore line is appended once.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEARTBEAT_MS, PRESENCE_DIR, presenceFileName, STALE_MS, type Presence } from '../../../src/core/presence';
import { ensurePresenceIgnored, NodePresenceFiles, PresenceService, type PresenceClock } from '../../../src/services/presence';

/** A clock whose timers run only when the test advances it. */
class FakeClock implements PresenceClock {
  t = 1_700_000_000_000;
  /** What to wait for after each timer: the services' file I/O (real promises under a fake clock). */
  constructor(readonly io: () => Promise<unknown> = async () => undefined) {}
  private seq = 0;
  private readonly timers = new Map<number, { at: number; f: () => void; every?: number }>();
  now = () => this.t;
  setTimeout = (f: () => void, ms: number) => this.add(f, ms);
  setInterval = (f: () => void, ms: number) => this.add(f, ms, ms);
  clearTimeout = (id: unknown) => void this.timers.delete(id as number);
  clearInterval = (id: unknown) => void this.timers.delete(id as number);
  private add(f: () => void, ms: number, every?: number): number {
    this.timers.set(++this.seq, { at: this.t + Math.max(0, ms), f, every });
    return this.seq;
  }
  /** Move time on by `ms`, running every timer due on the way, in order, letting I/O settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      const [id, timer] = next;
      this.t = timer.at;
      if (timer.every) timer.at += timer.every;
      else this.timers.delete(id);
      timer.f();
      await this.io();
    }
    this.t = end;
    await this.io();
  }
}

const W_ANA = 'aaaaaaaaaaaa1111';
const W_BEN = 'bbbbbbbbbbbb2222';

describe('services/presence (real file system, fake clock)', () => {
  let folder: string;
  let dir: string;
  const services: PresenceService[] = [];
  const logs: string[] = [];
  const settle = () => Promise.all(services.map(s => s.idle()));
  const newClock = () => new FakeClock(settle);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'calibrate-presence-'));
    dir = join(folder, PRESENCE_DIR);
    logs.length = 0;
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map(s => s.close()));
    rmSync(folder, { recursive: true, force: true });
  });

  /** A window on the folder; `notify(name)` is its watcher firing. */
  function windowOf(author: string, window: string, clock: FakeClock) {
    let changed: (name: string) => void = () => undefined;
    const s = new PresenceService({
      files: new NodePresenceFiles(folder),
      window,
      author: () => author,
      clock,
      watch: c => ((changed = c), { dispose: () => undefined }),
      log: (level, m) => logs.push(`${level}: ${m}`),
    });
    services.push(s);
    return { s, notify: (name: string) => changed(name) };
  }

  const writeOther = (name: string, v: unknown) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), typeof v === 'string' ? v : JSON.stringify(v));
  };

  it('two windows: each writes its own file and sees the other, never itself', async () => {
    const clock = newClock();
    const ana = windowOf('Ana', W_ANA, clock);
    const ben = windowOf('Ben', W_BEN, clock);
    ana.s.update({ focus: { metric: 'page_views', anomaly: { metric: 'page_views', start: 5 } }, investigation: 'inv-1' });
    await clock.advance(150);
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, [presenceFileName('Ana', W_ANA), presenceFileName('Ben', W_BEN)].sort(), 'no temp file left behind');
    ben.notify(ana.s.file);
    ana.notify(ben.s.file);
    await settle();
    assert.deepEqual(
      ben.s.shown().map(p => [p.author, p.focus.metric, p.investigation]),
      [['Ana', 'page_views', 'inv-1']],
    );
    assert.deepEqual(
      ana.s.shown().map(p => p.author),
      ['Ben'],
    );
    const onDisk = JSON.parse(readFileSync(join(dir, ana.s.file), 'utf8')) as Presence;
    assert.equal(onDisk.at, clock.t - 150, 'the first write is at once, carrying the focus set meanwhile');
    assert.equal(onDisk.focus.metric, 'page_views');
  });

  it('reads what is already there on start, and tells listeners only when what is shown changes', async () => {
    const clock = newClock();
    writeOther(presenceFileName('Ana', W_ANA), { v: 1, author: 'Ana', window: W_ANA, at: clock.t, focus: { metric: 'orders' } });
    const ben = windowOf('Ben', W_BEN, clock);
    await ben.s.loaded;
    assert.deepEqual(
      ben.s.shown().map(p => p.focus.metric),
      ['orders'],
    );
    let told = 0;
    ben.s.onDidChange(() => told++);
    // A heartbeat rewrite (only `at` changes) is not news.
    writeOther(presenceFileName('Ana', W_ANA), { v: 1, author: 'Ana', window: W_ANA, at: clock.t + 1, focus: { metric: 'orders' } });
    ben.notify(presenceFileName('Ana', W_ANA));
    await settle();
    assert.equal(told, 0);
    writeOther(presenceFileName('Ana', W_ANA), { v: 1, author: 'Ana', window: W_ANA, at: clock.t + 2, focus: { metric: 'signups' } });
    ben.notify(presenceFileName('Ana', W_ANA));
    await settle();
    assert.equal(told, 1);
  });

  it('ignores stale, invalid, oversized, misnamed and non-regular files without throwing, and logs each once', async () => {
    const clock = newClock();
    const fresh = (author: string, window: string, extra: object = {}) => ({ v: 1, author, window, at: clock.t, focus: {}, ...extra });
    writeOther(presenceFileName('Old', 'cccccccccccc3333'), { ...fresh('Old', 'cccccccccccc3333'), at: clock.t - STALE_MS - 1 });
    writeOther(presenceFileName('Bad', 'dddddddddddd4444'), { ...fresh('Bad', 'dddddddddddd4444'), focus: { metrc: 'x' } });
    writeOther(presenceFileName('Half', 'eeeeeeeeeeee5555'), '{"v":1,"author":"Ha');
    writeOther(presenceFileName('Big', 'ffffffffffff6666'), JSON.stringify(fresh('Big', 'ffffffffffff6666')) + ' '.repeat(70_000));
    writeOther(presenceFileName('Liar', 'gggggggggggg7777'), fresh('Liar', 'hhhhhhhhhhhh8888'));
    writeOther('report-snapshot.json', { snapshot: true });
    writeOther('notes.txt', 'hello');
    mkdirSync(join(dir, presenceFileName('Dir', 'iiiiiiiiiiii9999')));
    execFileSync('mkfifo', [join(dir, presenceFileName('Fifo', 'jjjjjjjjjjjj0000'))]);
    symlinkSync('/etc/hostname', join(dir, presenceFileName('Link', 'kkkkkkkkkkkk1111')));
    writeOther(presenceFileName('Ok', 'llllllllllll2222'), fresh('Ok', 'llllllllllll2222'));
    const me = windowOf('Me', W_BEN, clock);
    await me.s.loaded;
    assert.deepEqual(
      me.s.shown().map(p => p.author),
      ['Ok'],
    );
    me.notify(presenceFileName('Bad', 'dddddddddddd4444'));
    me.notify(presenceFileName('Fifo', 'jjjjjjjjjjjj0000'));
    await settle();
    const warned = (what: string) => logs.filter(l => l.includes(what)).length;
    assert.equal(warned('metrc'), 1, logs.join('\n'));
    assert.equal(warned('not JSON'), 1);
    assert.equal(warned('over the 65536'), 1);
    assert.equal(warned('not the one its name says'), 1);
    assert.equal(warned('report-snapshot'), 0, 'the Live Share snapshot is not a presence file: not even a warning');
    // The stale one is read but not shown: it comes back if its window writes again.
    writeOther(presenceFileName('Old', 'cccccccccccc3333'), fresh('Old', 'cccccccccccc3333'));
    me.notify(presenceFileName('Old', 'cccccccccccc3333'));
    await settle();
    assert.deepEqual(
      me.s
        .shown()
        .map(p => p.author)
        .sort(),
      ['Ok', 'Old'],
    );
  });

  it('a presence goes stale after 30 s without a rewrite, and listeners hear it at the next heartbeat', async () => {
    const clock = newClock();
    writeOther(presenceFileName('Ana', W_ANA), { v: 1, author: 'Ana', window: W_ANA, at: clock.t, focus: {} });
    const ben = windowOf('Ben', W_BEN, clock);
    await ben.s.loaded;
    let told = 0;
    ben.s.onDidChange(() => told++);
    await clock.advance(STALE_MS);
    assert.equal(ben.s.shown().length, 1);
    await clock.advance(HEARTBEAT_MS);
    assert.equal(ben.s.shown().length, 0, 'Ana’s window was killed: gone');
    assert.equal(told, 1);
  });

  it('writes at most 10 times a second however often the focus changes, and always writes the last change', async () => {
    const clock = newClock();
    const ana = windowOf('Ana', W_ANA, clock);
    await clock.advance(0);
    const first = ana.s.writes;
    // 1,000 focus changes over 2 s: one every 2 ms.
    for (let i = 0; i < 1_000; i++) {
      ana.s.update({ focus: { metric: 'page_views', hour: i } });
      await clock.advance(2);
    }
    await clock.advance(200);
    const writes = ana.s.writes - first;
    console.log(`      [measure] 1,000 focus changes in 2 s: ${writes} presence writes (cap 10/s → at most 21)`);
    assert.ok(writes <= 21 && writes >= 19, `${writes} writes`);
    const onDisk = JSON.parse(readFileSync(join(dir, ana.s.file), 'utf8')) as Presence;
    assert.equal(onDisk.focus.hour, 999, 'the trailing write carries the last focus');
  });

  it('a change after a quiet moment is written at once; the heartbeat rewrites every 10 s', async () => {
    const clock = newClock();
    const ana = windowOf('Ana', W_ANA, clock);
    await clock.advance(1_000);
    const before = ana.s.writes;
    ana.s.update({ focus: { metric: 'orders' } });
    await clock.advance(0);
    assert.equal(ana.s.writes, before + 1, 'no wait after a quiet interval');
    await clock.advance(3 * HEARTBEAT_MS);
    assert.equal(ana.s.writes, before + 4, 'three heartbeats');
    const onDisk = JSON.parse(readFileSync(join(dir, ana.s.file), 'utf8')) as Presence;
    assert.ok(clock.t - onDisk.at < HEARTBEAT_MS, 'fresh');
  });

  it('dispose deletes my file; an explicit undefined clears a field', async () => {
    const clock = newClock();
    const ana = windowOf('Ana', W_ANA, clock);
    ana.s.update({ following: 'Ben', focus: {} });
    ana.s.update({ following: undefined });
    await clock.advance(200);
    assert.ok(!('following' in JSON.parse(readFileSync(join(dir, ana.s.file), 'utf8'))));
    await ana.s.close();
    assert.ok(!existsSync(join(dir, ana.s.file)));
    ana.s.update({ focus: { metric: 'x' } });
    await clock.advance(200);
    assert.ok(!existsSync(join(dir, ana.s.file)), 'nothing written after dispose');
  });

  it('refuses a presence directory that leads outside the folder, and says so', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'calibrate-outside-'));
    try {
      mkdirSync(join(folder, '.calibrate'));
      symlinkSync(outside, dir);
      const clock = newClock();
      const ana = windowOf('Ana', W_ANA, clock);
      await ana.s.loaded;
      await clock.advance(200);
      assert.deepEqual(readdirSync(outside), [], 'nothing written outside');
      assert.ok(
        logs.some(l => /points outside the workspace folder/.test(l)),
        logs.join('\n'),
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('appends the .gitignore line once, after what is there, never rewriting it', async () => {
    writeFileSync(join(folder, '.gitignore'), 'node_modules');
    assert.equal(await ensurePresenceIgnored(folder), true);
    assert.equal(await ensurePresenceIgnored(folder), false);
    const text = readFileSync(join(folder, '.gitignore'), 'utf8');
    assert.ok(text.startsWith('node_modules\n# Calibrate'));
    assert.equal(text.split('\n').filter(l => l === '.calibrate/presence/').length, 1);
    const bare = mkdtempSync(join(tmpdir(), 'calibrate-noignore-'));
    try {
      assert.equal(await ensurePresenceIgnored(bare), true, 'created when missing');
      assert.match(readFileSync(join(bare, '.gitignore'), 'utf8'), /^# Calibrate.*\n\.calibrate\/presence\/\n$/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('runs beforeFirstWrite once, before the first write', async () => {
    const clock = newClock();
    let calls = 0;
    const s = new PresenceService({
      files: new NodePresenceFiles(folder),
      window: W_ANA,
      author: () => 'Ana',
      clock,
      beforeFirstWrite: async () => {
        calls++;
        assert.ok(!existsSync(join(dir, presenceFileName('Ana', W_ANA))));
      },
    });
    services.push(s);
    s.update({ focus: { metric: 'a' } });
    await clock.advance(HEARTBEAT_MS * 2);
    assert.equal(calls, 1);
    assert.ok(s.writes >= 3);
  });
});
