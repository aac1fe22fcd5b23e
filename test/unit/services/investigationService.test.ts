// The investigation service over an in-memory LogStore: starting, appending (clock from the file),
// refusing (a deleted log, invalid data: nothing written), another window's change, name collisions.
import assert from 'node:assert/strict';
import { eventLine, foldLog, LIMITS, newEvent } from '../../../src/core/investigation';
import { AppendRefused, InvestigationService, type LogStore } from '../../../src/services/investigationService';

/** A folder of logs in memory; `append` behaves as the real store (create fails with EEXIST). */
class MemoryStore implements LogStore {
  readonly files = new Map<string, string>();
  readonly appends: string[] = [];
  private readonly watchers = new Set<(name: string) => void>();
  /** Names another window creates just before our create (the race start() must survive). */
  readonly stolen = new Set<string>();
  list = async () => [...this.files.keys()];
  read = async (name: string) => this.files.get(name);
  async append(name: string, line: string, opts?: { readonly create?: boolean }): Promise<void> {
    if (this.stolen.delete(name)) this.files.set(name, '');
    const text = this.files.get(name);
    if (opts?.create && text !== undefined) throw Object.assign(new Error(`EEXIST: ${name}`), { code: 'EEXIST' });
    const prefix = text && !text.endsWith('\n') ? '\n' : '';
    this.files.set(name, (text ?? '') + prefix + line);
    this.appends.push(name);
  }
  watch(changed: (name: string) => void) {
    this.watchers.add(changed);
    return { dispose: () => this.watchers.delete(changed) };
  }
  /** Another window (or git) changed a file. */
  external(name: string, text: string | undefined): void {
    if (text === undefined) this.files.delete(name);
    else this.files.set(name, text);
    for (const w of this.watchers) w(name);
  }
}

const NOW = Date.parse('2026-11-03T17:30:00Z');

function setup(store = new MemoryStore()) {
  let n = 0;
  let firstLogs = 0;
  const service = new InvestigationService({
    store,
    events: { author: 'ana', now: () => NOW, newId: () => `id-${String(++n).padStart(4, '0')}` },
    dateOf: () => '2026-11-03',
    onFirstLog: async () => void firstLogs++,
  });
  return { store, service, firstLogs: () => firstLogs };
}

const settle = () => new Promise(r => setTimeout(r, 0));

describe('services: investigations', () => {
  it('start creates a log named by date and slug whose only line is the opened event', async () => {
    const { store, service } = setup();
    const name = await service.start({ title: 'iOS page views drop', origin: 'blank' });
    assert.equal(name, '2026-11-03-ios-page-views-drop');
    const lines = store.files.get(name)!.split('\n');
    assert.deepEqual(lines.length, 2);
    assert.deepEqual(JSON.parse(lines[0]!), {
      v: 1,
      id: 'id-0001',
      at: '2026-11-03T17:30:00.000Z',
      clock: 1,
      author: 'ana',
      type: 'opened',
      data: { title: 'iOS page views drop', origin: 'blank' },
    });
    assert.equal((await service.get(name))?.title, 'iOS page views drop');
    assert.deepEqual(
      (await service.all()).map(i => i.name),
      [name],
    );
  });

  it('append as someone else (a Live Share guest’s finding written here) stamps their name, and the next append is mine again', async () => {
    const { service } = setup();
    const name = await service.start({ title: 'x', origin: 'blank' });
    const theirs = await service.append(name, 'finding', { kind: 'postmortem', path: 'docs/postmortems/x.md', title: 'X' }, 'Gil');
    const mine = await service.append(name, 'note', { text: 'read it' });
    assert.deepEqual([theirs.author, mine.author], ['Gil', 'ana']);
    assert.equal((await service.get(name))?.findings[0]?.by, 'Gil');
  });

  it('append takes its clock from the file (max + 1), not from a state that may be behind', async () => {
    const { store, service } = setup();
    const name = await service.start({ title: 'x', origin: 'blank' });
    // Another window appended clock 7 and we have not heard of it yet (no watcher event).
    const other = newEvent({ author: 'bo', now: () => NOW, newId: () => 'other-0001' }, 6, 'note', { text: 'bo' });
    store.files.set(name, store.files.get(name)! + eventLine(other));
    const e = await service.append(name, 'note', { text: 'ana' });
    assert.equal(e.clock, 8);
    const s = (await service.get(name))!;
    assert.deepEqual(
      s.notes.map(x => x.text),
      ['bo', 'ana'],
    );
  });

  it('append to a deleted log is refused, and nothing is written (the file is not recreated)', async () => {
    const { store, service } = setup();
    const name = await service.start({ title: 'x', origin: 'blank' });
    store.files.delete(name);
    const before = store.appends.length;
    await assert.rejects(
      service.append(name, 'note', { text: 'n' }),
      (e: unknown) => e instanceof AppendRefused && /no longer exists.*Nothing was written/.test(e.message),
    );
    assert.equal(store.appends.length, before);
    assert.equal(store.files.has(name), false);
  });

  it('invalid data is refused with a message that says the limit, and nothing is written', async () => {
    const { store, service } = setup();
    const name = await service.start({ title: 'x', origin: 'blank' });
    const before = store.files.get(name);
    await assert.rejects(
      service.append(name, 'note', { text: 'x'.repeat(LIMITS.text + 1) }),
      (e: unknown) => e instanceof AppendRefused && e.message.includes(String(LIMITS.text)),
    );
    await assert.rejects(service.append(name, 'verdict', { verdict: 'maybe' as 'real' }), AppendRefused);
    await assert.rejects(service.start({ title: '', origin: 'blank' }), AppendRefused);
    assert.equal(store.files.get(name), before);
    assert.equal(store.files.size, 1);
  });

  it('a change from another window is read, folded and announced', async () => {
    const { store, service } = setup();
    const name = await service.start({ title: 'x', origin: 'blank' });
    const heard: (string | undefined)[] = [];
    service.onDidChange(n => heard.push(n));
    const other = newEvent({ author: 'bo', now: () => NOW, newId: () => 'other-0001' }, 1, 'verdict', { verdict: 'real' });
    store.external(name, store.files.get(name)! + eventLine(other));
    await settle();
    assert.equal(service.peek(name)?.verdict?.verdict, 'real');
    assert.deepEqual(heard, [name]);
    // A new log from another window: the list changed too.
    store.external(
      '2026-11-03-other',
      eventLine(newEvent({ author: 'bo', now: () => NOW, newId: () => 'other-0002' }, 0, 'opened', { title: 'o', origin: 'blank' })),
    );
    await settle();
    assert.deepEqual(heard.slice(1), ['2026-11-03-other', undefined]);
    // Deleted in another window: gone from the list.
    store.external(name, undefined);
    await settle();
    assert.equal(service.peek(name), undefined);
    assert.deepEqual(
      (await service.all()).map(i => i.name),
      ['2026-11-03-other'],
    );
    assert.deepEqual(heard.slice(3), [name, undefined]);
  });

  it('start takes the next name when another window created the same one first (EEXIST)', async () => {
    const { store, service } = setup();
    store.stolen.add('2026-11-03-ios');
    const name = await service.start({ title: 'iOS', origin: 'blank' });
    assert.equal(name, '2026-11-03-ios-2');
    assert.equal(store.files.get('2026-11-03-ios'), '', "the other window's file is left alone");
    assert.equal(foldLog(store.files.get(name)!).title, 'iOS');
  });

  it('calls onFirstLog (the .gitattributes union merge) only for the first log of the folder', async () => {
    const { service, firstLogs } = setup();
    await service.start({ title: 'a', origin: 'blank' });
    assert.equal(firstLogs(), 1);
    await service.start({ title: 'b', origin: 'blank' });
    assert.equal(firstLogs(), 1);
    const store = new MemoryStore();
    store.files.set('2026-11-01-old', '');
    const again = setup(store);
    await again.service.start({ title: 'c', origin: 'blank' });
    assert.equal(again.firstLogs(), 0, 'the folder already had a log');
  });

  it('stops hearing the store after dispose', async () => {
    const { store, service } = setup();
    const name = await service.start({ title: 'x', origin: 'blank' });
    const heard: (string | undefined)[] = [];
    service.onDidChange(n => heard.push(n));
    service.dispose();
    store.external(name, store.files.get(name)! + '\n');
    await settle();
    assert.deepEqual(heard, []);
  });
});
