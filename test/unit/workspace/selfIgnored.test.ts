import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileLogStore } from '../../../src/services/investigationStore';
import { FindingRequestProcessor } from '../../../src/vsls/findingRequests';
import { REQUESTS_DIR } from '../../../src/vsls/findingRequestRules';
import { InboxProcessor } from '../../../src/vsls/inbox';
import { EXCHANGE_IGNORE_TEXT, INBOX_DIR } from '../../../src/vsls/inboxRules';
import { ensureSelfIgnored } from '../../../src/workspace/selfIgnored';
import { tempDir } from '../helpers/demoWorkspace';

const quiet = { info() {}, warn() {}, error() {} };

describe('self-ignored folders: the Live Share exchange folders stay out of git', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

  it('a drain leaves the inbox (with what it refused) and the requests (with a reply) untracked by a real git, the team’s .gitignore untouched', async () => {
    const root = tempDir('calibrate-ignored-');
    git(root, 'init', '-q');
    writeFileSync(join(root, '.gitignore'), 'node_modules/\n');
    mkdirSync(join(root, INBOX_DIR, 'no-such-log'), { recursive: true });
    writeFileSync(join(root, INBOX_DIR, 'no-such-log', 'guest00001.json'), '{"not":"an event"}');
    mkdirSync(join(root, REQUESTS_DIR), { recursive: true });
    writeFileSync(join(root, REQUESTS_DIR, 'req0000001.json'), '{broken');
    const inbox = await new InboxProcessor({ root, store: new FileLogStore(root, () => ({ dispose() {} })), log: quiet, readOnlyAuthors: () => [] }).drain();
    assert.equal(inbox.rejected, 1, 'refused, and kept aside with its why');
    const requests = await new FindingRequestProcessor({
      root,
      log: quiet,
      readOnlyAuthors: () => [],
      write: async () => ({ id: 'x', error: 'unused' }),
    }).drain();
    assert.equal(requests, 1, 'answered with a refusal');
    assert.ok(existsSync(join(root, REQUESTS_DIR, 'replies', 'req0000001.json')));
    assert.equal(git(root, 'status', '--porcelain', '--untracked-files=all'), '?? .gitignore\n', 'nothing under .calibrate/ is offered to git');
    assert.equal(readFileSync(join(root, '.gitignore'), 'utf8'), 'node_modules/\n');
    assert.equal(readFileSync(join(root, INBOX_DIR, '.gitignore'), 'utf8'), EXCHANGE_IGNORE_TEXT);
  });

  it('never writes over a .gitignore already there, nor through a link', async () => {
    const root = tempDir('calibrate-ignored-');
    writeFileSync(join(root, '.gitignore'), 'mine\n');
    await ensureSelfIgnored(root, EXCHANGE_IGNORE_TEXT);
    assert.equal(readFileSync(join(root, '.gitignore'), 'utf8'), 'mine\n');
    const dir = join(root, 'linked');
    mkdirSync(dir);
    symlinkSync(join(root, 'outside.txt'), join(dir, '.gitignore'));
    await ensureSelfIgnored(dir, EXCHANGE_IGNORE_TEXT);
    assert.equal(existsSync(join(root, 'outside.txt')), false, 'a dangling link is not followed to create its target');
  });
});
