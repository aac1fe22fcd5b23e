// The investigation logs on a real file system: line-atomic appends from two processes at once,
// a broken last line never joined, names that are paths refused, a directory that leaves the
// folder refused, a log too large to read reported.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventLine, foldLog, LOG_VERSION, type InvestigationEvent } from '../../../src/core/investigation';
import { FileLogStore, INVESTIGATIONS_DIR, MAX_LOG_BYTES } from '../../../src/services/investigationStore';
import { withUnionMerge, UNION_LINE } from '../../../src/services/unionMerge';
import { REPO, tempDir } from '../helpers/demoWorkspace';

const noWatch = () => ({ dispose() {} });
const note = (id: string, clock: number, author: string, text: string): InvestigationEvent => ({
  v: LOG_VERSION,
  id,
  at: '2026-11-30T10:00:00Z',
  clock,
  author,
  type: 'note',
  data: { text },
});

/** A child process that appends `n` notes (each `size` characters) as `author`, through the store. */
function appender(folder: string, name: string, author: string, n: number, size: number): Promise<void> {
  const script = `
    const { FileLogStore } = require(${JSON.stringify(join(REPO, 'src/services/investigationStore.ts'))});
    const { eventLine } = require(${JSON.stringify(join(REPO, 'src/core/investigation/log.ts'))});
    (async () => {
      const store = new FileLogStore(${JSON.stringify(folder)}, () => ({ dispose() {} }));
      for (let i = 0; i < ${n}; i++) {
        const e = { v: 1, id: ${JSON.stringify(author)} + '-' + String(i).padStart(5, '0'), at: '2026-11-30T10:00:00Z', clock: i + 2, author: ${JSON.stringify(author)}, type: 'note', data: { text: ${JSON.stringify(author)}.repeat(${size}).slice(0, ${size}) + ' ' + i } };
        await store.append(${JSON.stringify(name)}, eventLine(e));
      }
    })().catch(e => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', d => (err += d));
    p.on('exit', code => (code === 0 ? resolve() : reject(new Error(`appender ${author} exited ${code}: ${err}`))));
  });
}

describe('FileLogStore (real files)', () => {
  it('two processes appending at once lose nothing, and no line is torn', async function () {
    this.timeout(60_000);
    const folder = tempDir('calibrate-log-');
    const store = new FileLogStore(folder, noWatch);
    await store.append('race', eventLine(note('opened-0001', 1, 'lead', 'start')), { create: true });
    // Lines of 20 KB: larger than a pipe buffer, so an interleaving would show as torn JSON.
    await Promise.all([appender(folder, 'race', 'ana', 150, 20_000), appender(folder, 'race', 'ben', 150, 20_000)]);
    const state = foldLog((await store.read('race'))!);
    assert.deepEqual(state.problems, []);
    assert.equal(state.notes.length, 301);
    for (const who of ['ana', 'ben']) assert.equal(state.notes.filter(n => n.by === who).length, 150);
  });

  it('creating a log that exists fails with EEXIST (two windows cannot take one name)', async () => {
    const store = new FileLogStore(tempDir('calibrate-log-'), noWatch);
    await store.append('x', eventLine(note('aaaaaa', 1, 'a', 'one')), { create: true });
    await assert.rejects(store.append('x', eventLine(note('bbbbbb', 1, 'b', 'two')), { create: true }), (e: NodeJS.ErrnoException) => e.code === 'EEXIST');
    assert.equal(foldLog((await store.read('x'))!).notes.length, 1);
  });

  it('starts a new line after a last line cut short, so the new event is read and the broken one reported', async () => {
    const folder = tempDir('calibrate-log-');
    const store = new FileLogStore(folder, noWatch);
    await store.append('cut', eventLine(note('aaaaaa', 1, 'a', 'one')), { create: true });
    const path = store.path('cut');
    const whole = readFileSync(path, 'utf8');
    writeFileSync(path, whole + eventLine(note('bbbbbb', 2, 'a', 'two')).slice(0, 30)); // a crash mid-append
    assert.equal(foldLog(readFileSync(path, 'utf8')).problems.length, 0, 'a cut last line is not (yet) an error');
    await store.append('cut', eventLine(note('cccccc', 3, 'a', 'three')));
    const s = foldLog((await store.read('cut'))!);
    assert.deepEqual(
      s.notes.map(n => n.text),
      ['one', 'three'],
    );
    assert.equal(s.problems.length, 1);
    assert.match(s.problems[0].message, /^line 2 is not JSON/);
  });

  it('refuses names that are paths, and a directory linked outside the folder', async () => {
    const folder = tempDir('calibrate-log-');
    const store = new FileLogStore(folder, noWatch);
    for (const bad of ['../x', 'a/b', '', '.hidden', 'x'.repeat(300)]) assert.throws(() => store.path(bad), /is not an investigation name/);
    const outside = tempDir('calibrate-outside-');
    mkdirSync(join(folder, '.calibrate'));
    symlinkSync(outside, join(folder, INVESTIGATIONS_DIR));
    await assert.rejects(store.list(), /points outside the workspace folder/);
    await assert.rejects(store.append('x', eventLine(note('aaaaaa', 1, 'a', 'one'))), /points outside the workspace folder/);
  });

  it('reports a log too large to read, instead of reading it', async () => {
    const folder = tempDir('calibrate-log-');
    const store = new FileLogStore(folder, noWatch);
    await store.append('big', eventLine(note('aaaaaa', 1, 'a', 'one')), { create: true });
    truncateSync(store.path('big'), MAX_LOG_BYTES + 1);
    await assert.rejects(store.read('big'), /over the 64 MB Calibrate reads/);
  });

  it('lists only .jsonl files with valid names; a missing log reads as undefined', async () => {
    const folder = tempDir('calibrate-log-');
    const store = new FileLogStore(folder, noWatch);
    assert.deepEqual(await store.list(), []);
    await store.append('2026-11-30-one', eventLine(note('aaaaaa', 1, 'a', 'one')), { create: true });
    writeFileSync(join(folder, INVESTIGATIONS_DIR, 'notes.txt'), 'x');
    mkdirSync(join(folder, INVESTIGATIONS_DIR, 'dir.jsonl'));
    assert.deepEqual(await store.list(), ['2026-11-30-one']);
    assert.equal(await store.read('gone'), undefined);
  });
});

describe('the .gitattributes union line', () => {
  it('is added once, after a missing final newline, and never when present', () => {
    assert.equal(withUnionMerge(''), `# Calibrate: investigation logs are append-only; keep both sides' events when merging (ADR 0015)\n${UNION_LINE}\n`);
    assert.match(withUnionMerge('*.png binary')!, /^\n# Calibrate/);
    assert.equal(withUnionMerge(`*.png binary\n${UNION_LINE}\n`), undefined);
    assert.equal(withUnionMerge(`.calibrate/investigations/*.jsonl   merge=union\r\n`), undefined);
  });
});
