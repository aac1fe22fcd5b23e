import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  readWorkspaceText,
  resolveInWorkspace,
  resolveWorkspaceFile,
  streamWorkspaceFile,
  WorkspaceFileError,
  type Refusal,
} from '../../../src/workspace/safeFiles';
import { sandbox, SECRET } from './helpers';

const LIMIT = { what: 'a test file', maxBytes: 1024 * 1024 };

/** Refused for `refusal`, naming `rel`, and never quoting the outside file or its path. */
async function refused(p: Promise<unknown>, rel: string, refusal: Refusal, outside?: string): Promise<WorkspaceFileError> {
  const err = await p.then(
    () => assert.fail(`${rel} was read`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkspaceFileError, String(err));
  assert.equal(err.refusal, refusal, err.message);
  assert.equal(err.file, rel);
  assert.ok(err.message.startsWith(`${rel}: `), err.message);
  assert.ok(!err.message.includes(SECRET.slice(0, 20)), err.message);
  if (outside) assert.ok(!err.message.includes(outside), err.message);
  return err;
}

describe('workspace: safe file reads', () => {
  const bases: string[] = [];
  const box = () => {
    const b = sandbox();
    bases.push(b.base);
    return b;
  };
  after(() => bases.forEach(b => rmSync(b, { recursive: true, force: true })));

  it('reads a regular file inside the workspace, and one reached by a link inside it', async () => {
    const { ws, write } = box();
    write('data/metrics.csv', 'timestamp,metric,value\n');
    symlinkSync('data/metrics.csv', join(ws, 'latest.csv'));
    symlinkSync(join(ws, 'data'), join(ws, 'linked-data')); // an absolute link, still inside
    for (const rel of ['data/metrics.csv', 'latest.csv', 'linked-data/metrics.csv', './data/metrics.csv']) {
      assert.equal(await readWorkspaceText(ws, rel, LIMIT), 'timestamp,metric,value\n', rel);
    }
    assert.equal(await resolveWorkspaceFile(ws, 'latest.csv', 'x'), join(ws, 'data', 'metrics.csv'));
  });

  it('refuses a link (file or directory) that leads outside, without quoting the outside file', async () => {
    const { base, ws, secret } = box();
    symlinkSync(secret, join(ws, 'metrics.csv'));
    mkdirSync(join(ws, '.calibrate'));
    symlinkSync(join(base, 'outside'), join(ws, '.calibrate', 'calendars'));
    symlinkSync('../../outside/secret.txt', join(ws, '.calibrate', 'team.ics')); // relative link
    for (const rel of ['metrics.csv', '.calibrate/calendars/secret.txt', '.calibrate/team.ics']) {
      const e = await refused(readWorkspaceText(ws, rel, LIMIT), rel, 'outside', base + '/outside');
      assert.match(e.message, /resolves outside the workspace folder.*Expected a test file, inside the workspace folder\.$/);
      await refused(resolveWorkspaceFile(ws, rel, 'a file to open'), rel, 'outside');
    }
  });

  it('refuses absolute paths and ".." before touching the file system', async () => {
    const { ws, write } = box();
    write('a/ok.csv', 'x');
    for (const rel of [
      '../outside/secret.txt',
      'a/../../outside/secret.txt',
      'a/../ok.csv',
      '/etc/passwd',
      'C:\\Windows\\win.ini',
      'C:x',
      '\\\\server\\share\\x',
      'a\\..\\..\\x',
      '',
      'a\0b',
    ]) {
      const e = await refused(readWorkspaceText(ws, rel, LIMIT), rel, 'path');
      assert.match(e.message, /Expected a test file: a path relative to the workspace folder, inside it\.$/);
    }
  });

  it('refuses a link to /dev/zero at once, and /dev/zero itself as not a regular file', async function () {
    if (!existsSync('/dev/zero')) this.skip();
    const { ws } = box();
    symlinkSync('/dev/zero', join(ws, 'metrics.csv'));
    const t0 = Date.now();
    await refused(readWorkspaceText(ws, 'metrics.csv', { ...LIMIT, maxBytes: 1 << 30 }), 'metrics.csv', 'outside');
    // A workspace holding a device (an archive unpacked as root can): stat says 0 bytes, fstat says "not a file".
    const e = await refused(readWorkspaceText('/dev', 'zero', { ...LIMIT, maxBytes: 1 << 30 }), 'zero', 'notFile');
    assert.match(e.message, /^zero: not a regular file .*Expected a test file, a regular file\.$/);
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
  });

  it('refuses a FIFO without blocking on it, and a directory', async function () {
    if (process.platform === 'win32') this.skip();
    const { ws } = box();
    mkdirSync(join(ws, '.calibrate'));
    execFileSync('mkfifo', [join(ws, '.calibrate', 'events.yaml')]);
    mkdirSync(join(ws, 'dir.csv'));
    await refused(readWorkspaceText(ws, '.calibrate/events.yaml', LIMIT), '.calibrate/events.yaml', 'notFile');
    await refused(readWorkspaceText(ws, 'dir.csv', LIMIT), 'dir.csv', 'notFile');
    await refused(resolveWorkspaceFile(ws, 'dir.csv', 'x'), 'dir.csv', 'notFile');
  });

  it('refuses an oversized file from its size, with the limit and advice', async () => {
    const { ws, write } = box();
    write('big.csv', 'x'.repeat(3 * 1024 * 1024));
    const e = await refused(readWorkspaceText(ws, 'big.csv', { ...LIMIT, sizeAdvice: ' (setting calibrate.maxCsvSizeMB)' }), 'big.csv', 'tooLarge');
    assert.equal(e.message, 'big.csv: file is 3 MB. Expected a file of at most 1 MB (setting calibrate.maxCsvSizeMB).');
    write('small.txt', 'y'.repeat(2000));
    assert.match(
      (await refused(readWorkspaceText(ws, 'small.txt', { ...LIMIT, maxBytes: 1000 }), 'small.txt', 'tooLarge')).message,
      /file is 2 KB\. Expected a file of at most 1000 bytes\.$/,
    );
    assert.equal((await readWorkspaceText(ws, 'small.txt', { ...LIMIT, maxBytes: 2000 })).length, 2000, 'exactly at the cap is fine');
  });

  it('stops at the byte cap even when the size on disk says 0 (a file that grows, /proc)', async function () {
    if (!existsSync('/proc/self/status')) this.skip();
    let seen = 0;
    const e = await refused(
      streamWorkspaceFile('/proc/self', 'status', { ...LIMIT, maxBytes: 100 }, t => {
        seen += t.length;
      }),
      'status',
      'tooLarge',
    );
    assert.match(e.message, /file grew past 100 bytes while it was read/);
    assert.equal(seen, 0, 'nothing past the cap is handed on');
  });

  it('decodes UTF-8 split across read chunks', async () => {
    const { ws, write } = box();
    const text = 'é€😀'.repeat(300_000); // ~2.7 MB: several 1 MB reads, characters straddling them
    write('u.csv', text);
    const parts: string[] = [];
    await streamWorkspaceFile(ws, 'u.csv', { ...LIMIT, maxBytes: 10 * 1024 * 1024 }, t => parts.push(t));
    assert.ok(parts.length >= 3);
    assert.equal(parts.join(''), text);
  });

  it('stops when cancelled', async () => {
    const { ws, write } = box();
    write('a.csv', 'x'.repeat(3 * 1024 * 1024));
    await assert.rejects(readWorkspaceText(ws, 'a.csv', { ...LIMIT, maxBytes: 1 << 30, signal: AbortSignal.abort() }), { name: 'AbortError' });
    const ac = new AbortController();
    let chunks = 0;
    await assert.rejects(
      streamWorkspaceFile(ws, 'a.csv', { ...LIMIT, maxBytes: 1 << 30, signal: ac.signal }, () => {
        chunks++;
        ac.abort();
      }),
      { name: 'AbortError' },
    );
    assert.equal(chunks, 1);
  });

  it('says "file not found" for a missing file or a dangling link', async () => {
    const { ws } = box();
    symlinkSync(join(ws, 'nowhere.csv'), join(ws, 'dangling.csv'));
    for (const rel of ['missing.csv', 'dangling.csv', 'no/such/dir.csv']) {
      assert.match((await refused(readWorkspaceText(ws, rel, LIMIT), rel, 'missing')).message, /: file not found\. Expected a test file\.$/);
    }
    assert.equal(await resolveInWorkspace(ws, '.', 'x'), ws);
  });
});
