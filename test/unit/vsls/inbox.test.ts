// A Live Share guest's inbox on the host (ADR 0016): the rules one file is judged by (JSON, the log's
// own event checks, the size cap, the log must exist unless the event opens it, read-only guests
// refused), the clock rule (not above the log's max: max + 1, id, author and time kept), and the
// host's processor on a real file system (appended and deleted, or moved aside with a why).
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventLine, foldLog, LOG_VERSION, type InvestigationEvent } from '../../../src/core/investigation';
import { FileLogStore, INVESTIGATIONS_DIR } from '../../../src/services/investigationStore';
import { ABANDONED_TMP_MS, InboxProcessor } from '../../../src/vsls/inbox';
import { INBOX_DIR, judgeInboxFile, MAX_INBOX_BYTES, reclock, REJECTED_DIR, type InboxContext } from '../../../src/vsls/inboxRules';
import { tempDir } from '../helpers/demoWorkspace';

const note = (id: string, clock: number, author = 'Gil', text = 'a note'): InvestigationEvent =>
  ({ v: LOG_VERSION, id, at: '2026-11-30T10:00:00.000Z', clock, author, type: 'note', data: { text } }) as InvestigationEvent;
const opened = (id: string, title = 'Guest start'): InvestigationEvent =>
  ({ v: LOG_VERSION, id, at: '2026-11-30T10:00:00.000Z', clock: 1, author: 'Gil', type: 'opened', data: { title, origin: 'blank' } }) as InvestigationEvent;
const ctx = (over: Partial<InboxContext> = {}): InboxContext => ({
  logName: '2026-11-30-checkout',
  fileId: 'evt0000001',
  bytes: 100,
  logExists: true,
  maxClock: 5,
  readOnlyAuthors: [],
  ...over,
});
const quiet = { info() {}, warn() {}, error() {} };

describe('Live Share inbox: the rules', () => {
  it('accepts a valid event filed under its id in an existing log, reclocked above the log', () => {
    const v = judgeInboxFile(JSON.stringify(note('evt0000001', 2)), ctx());
    assert.ok('append' in v);
    assert.equal(v.create, false);
    assert.equal(v.append.clock, 6);
  });

  it('refuses what is not JSON, not an event, foreign, misnamed, too large, or under a bad name', () => {
    const why = (text: string, c = ctx()) => {
      const v = judgeInboxFile(text, c);
      return 'reject' in v ? v.reject : 'accepted';
    };
    assert.match(why('{ half'), /not JSON/);
    assert.match(why('[]'), /not a valid event/);
    assert.match(why(JSON.stringify({ ...note('evt0000001', 1), data: { text: 'x', extra: 1 } })), /not a valid event/);
    assert.match(why(JSON.stringify({ ...note('evt0000001', 1), type: 'fromTheFuture' })), /host writes only what it can check/);
    assert.match(why(JSON.stringify({ ...note('evt0000001', 1), v: LOG_VERSION + 1 })), /newer Calibrate/);
    assert.match(why(JSON.stringify(note('otherId0001', 1))), /named by its event's id/);
    assert.match(why(JSON.stringify(note('evt0000001', 1)), ctx({ bytes: MAX_INBOX_BYTES + 1 })), /over the 1048576/);
    assert.match(why(JSON.stringify(note('evt0000001', 1)), ctx({ logName: '../escape' })), /not an investigation name/);
    assert.match(why(JSON.stringify(note('evt0000001', 1)), ctx({ logName: REJECTED_DIR })), /not an investigation name/);
  });

  it('refuses an event for a log that does not exist, and a read-only guest’s event', () => {
    const missing = judgeInboxFile(JSON.stringify(note('evt0000001', 1)), ctx({ logExists: false }));
    assert.ok('reject' in missing && /no investigation/.test(missing.reject));
    const ro = judgeInboxFile(JSON.stringify(note('evt0000001', 1, 'Ida')), ctx({ readOnlyAuthors: ['Ida'] }));
    assert.ok('reject' in ro && /read-only/.test(ro.reject));
  });

  it('an opened event is the create marker: only for a log that does not exist yet', () => {
    const create = judgeInboxFile(JSON.stringify(opened('evt0000001')), ctx({ logExists: false, maxClock: 0 }));
    assert.ok('append' in create && create.create);
    const again = judgeInboxFile(JSON.stringify(opened('evt0000001')), ctx());
    assert.ok('reject' in again && /exists already/.test(again.reject));
  });

  it('the clock rule: not above the max gets max + 1 with id, author and time kept; above keeps its clock', () => {
    const e = note('evt0000001', 3, 'Gil');
    for (const clock of [1, 3, 7]) {
      const r = reclock({ ...e, clock }, 7);
      assert.equal(r.clock, 8);
      assert.deepEqual({ ...r, clock: 0 }, { ...e, clock: 0 });
    }
    const ahead = { ...e, clock: 9 };
    assert.equal(reclock(ahead, 7), ahead, 'above the max: the event as written');
  });
});

describe('Live Share inbox: the host’s processor on disk', () => {
  const setup = () => {
    const root = tempDir('calibrate-inbox-');
    const store = new FileLogStore(root, () => ({ dispose() {} }));
    const drop = (log: string, file: string, text: string) => {
      mkdirSync(join(root, INBOX_DIR, log), { recursive: true });
      writeFileSync(join(root, INBOX_DIR, log, file), text);
    };
    const logText = (name: string) => readFileSync(join(root, INVESTIGATIONS_DIR, `${name}.jsonl`), 'utf8');
    return { root, store, drop, logText };
  };

  it('appends valid events with the clock rule and deletes them; moves the rest aside with a why', async () => {
    const { root, store, drop, logText } = setup();
    await store.append('inv', eventLine(opened('open000001', 'Host start')), { create: true });
    await store.append('inv', eventLine({ ...note('host000001', 2, 'Ana') }));
    drop('inv', 'guest00001.json', JSON.stringify(note('guest00001', 1)));
    drop('inv', 'guest00002.json', JSON.stringify(note('guest00002', 10)));
    drop('inv', 'broken0001.json', '{"v":1,');
    drop('inv', 'ro00000001.json', JSON.stringify(note('ro00000001', 3, 'Ida')));
    drop('inv', 'big0000001.json', ' '.repeat(MAX_INBOX_BYTES + 1));
    drop('inv', 'wip0000001.json.tmp', '{');
    drop('gone-log', 'orphan0001.json', JSON.stringify(note('orphan0001', 1)));
    const r = await new InboxProcessor({ root, store, log: quiet, readOnlyAuthors: () => ['Ida'] }).drain();
    assert.deepEqual(r, { appended: 2, rejected: 4 });
    const state = foldLog(logText('inv'));
    assert.equal(state.problems.length, 0);
    const clocks = Object.fromEntries(state.timeline.map(t => ('event' in t ? [t.event.id, t.event.clock] : ['', 0])));
    assert.equal(clocks.guest00001, 3, 'behind the log: max + 1');
    assert.equal(clocks.guest00002, 10, 'ahead of the log: kept');
    assert.deepEqual(readdirSync(join(root, INBOX_DIR, 'inv')), ['wip0000001.json.tmp'], 'taken files deleted; a .tmp still being written is left');
    assert.equal(existsSync(join(root, INBOX_DIR, 'gone-log')), false, 'an emptied log inbox is removed');
    const rejected = readdirSync(join(root, INBOX_DIR, REJECTED_DIR));
    const whys = rejected.filter(f => f.endsWith('.why.txt')).map(f => readFileSync(join(root, INBOX_DIR, REJECTED_DIR, f), 'utf8'));
    assert.equal(whys.length, 4);
    assert.equal(rejected.filter(f => f.endsWith('.json')).length, 4, 'each refused file is kept beside its why');
    for (const re of [/not JSON/, /read-only/, /over the/, /no investigation "gone-log"/])
      assert.ok(
        whys.some(w => re.test(w)),
        `${re} in ${whys.join(' | ')}`,
      );
    assert.ok(!logText('inv').includes('ro00000001'));
  });

  it('moves an abandoned unfinished write aside with a why after ABANDONED_TMP_MS, and leaves a recent one', async () => {
    const { root, store, drop } = setup();
    await store.append('inv', eventLine(opened('open000001', 'Host start')), { create: true });
    drop('inv', 'old0000001.json.tmp', '{"v":1,');
    drop('inv', 'new0000001.json.tmp', '{');
    const old = new Date(Date.now() - ABANDONED_TMP_MS - 60_000);
    utimesSync(join(root, INBOX_DIR, 'inv', 'old0000001.json.tmp'), old, old);
    const r = await new InboxProcessor({ root, store, log: quiet, readOnlyAuthors: () => [] }).drain();
    assert.deepEqual(r, { appended: 0, rejected: 1 });
    assert.deepEqual(readdirSync(join(root, INBOX_DIR, 'inv')), ['new0000001.json.tmp'], 'the write in progress is left');
    const rejected = readdirSync(join(root, INBOX_DIR, REJECTED_DIR));
    const kept = rejected.find(f => !f.endsWith('.why.txt'))!;
    assert.equal(readFileSync(join(root, INBOX_DIR, REJECTED_DIR, kept), 'utf8'), '{"v":1,', 'what the guest wrote is kept');
    const why = readFileSync(
      join(
        root,
        INBOX_DIR,
        REJECTED_DIR,
        rejected.find(f => f.endsWith('.why.txt'))!,
      ),
      'utf8',
    );
    assert.match(why, /an unfinished write, not completed for 11 minutes/);
  });

  it('creates a log from a guest’s opened event, then takes the events that follow it in one drain', async () => {
    const { root, store, drop, logText } = setup();
    drop('new-inv', 'zzz0000001.json', JSON.stringify(opened('zzz0000001', 'From the guest')));
    drop('new-inv', 'aaa0000002.json', JSON.stringify({ ...note('aaa0000002', 2), type: 'role', data: { person: 'Gil', role: 'lead' } }));
    const created: string[] = [];
    const r = await new InboxProcessor({
      root,
      store,
      log: quiet,
      readOnlyAuthors: () => [],
      onCreated: async n => {
        created.push(n);
      },
    }).drain();
    assert.deepEqual(r, { appended: 2, rejected: 0 });
    assert.deepEqual(created, ['new-inv']);
    const s = foldLog(logText('new-inv'));
    assert.equal(s.title, 'From the guest');
    assert.deepEqual(
      s.participants.map(p => [p.name, p.role]),
      [['Gil', 'lead']],
    );
  });

  it('does nothing without an inbox, and does not read an inbox that is a link out of the folder', async () => {
    const { root, store } = setup();
    assert.deepEqual(await new InboxProcessor({ root, store, log: quiet, readOnlyAuthors: () => [] }).drain(), { appended: 0, rejected: 0 });
    const outside = tempDir('calibrate-outside-');
    mkdirSync(join(outside, 'inv'));
    writeFileSync(join(outside, 'inv', 'evt0000001.json'), JSON.stringify(note('evt0000001', 1)));
    mkdirSync(join(root, '.calibrate'), { recursive: true });
    symlinkSync(outside, join(root, INBOX_DIR));
    assert.deepEqual(await new InboxProcessor({ root, store, log: quiet, readOnlyAuthors: () => [] }).drain(), { appended: 0, rejected: 0 });
    assert.ok(existsSync(join(outside, 'inv', 'evt0000001.json')), 'the file outside is left alone');
  });
});
