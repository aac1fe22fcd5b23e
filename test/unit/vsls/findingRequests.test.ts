// A Live Share guest's finding, written by the host (ADR 0028): the rules a request and a reply are
// judged by, and the host's processor on a real file system (every request answered, a refusal
// with why, nothing left behind, abandoned files swept).
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ABANDONED_MS, FindingRequestProcessor } from '../../../src/vsls/findingRequests';
import {
  judgeFindingRequest,
  MAX_REQUEST_BYTES,
  parseFindingReply,
  REPLIES_DIR,
  REQUESTS_DIR,
  type FindingReply,
  type FindingRequest,
} from '../../../src/vsls/findingRequestRules';
import { tempDir } from '../helpers/demoWorkspace';

const quiet = { info() {}, warn() {}, error() {} };
const request = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'req0000001', log: '2026-11-30-checkout', kind: 'postmortem', by: 'Gil', ...over });
const judge = (text: string, over: { fileId?: string; bytes?: number; readOnlyAuthors?: string[] } = {}) =>
  judgeFindingRequest(text, { fileId: 'req0000001', bytes: text.length, readOnlyAuthors: [], ...over });
const why = (v: ReturnType<typeof judge>) => ('reject' in v ? v.reject : 'accepted');

describe('Live Share finding requests: the rules', () => {
  it('accepts a request filed under its id: the log, the kind, who asks, and for an ADR what it supersedes', () => {
    assert.deepEqual(judge(request()), { request: { id: 'req0000001', log: '2026-11-30-checkout', kind: 'postmortem', by: 'Gil' } });
    const adr = judge(request({ kind: 'adr', supersedes: 7 }));
    assert.ok('request' in adr);
    assert.equal(adr.request.supersedes, 7);
  });

  it('refuses what is not JSON, too large, misnamed, a path for a log, another kind, extra fields, or a read-only guest’s', () => {
    assert.match(why(judge('{')), /not JSON/);
    assert.match(why(judge('[1]')), /not a JSON object/);
    assert.match(why(judge(request(), { bytes: MAX_REQUEST_BYTES + 1 })), /bytes/);
    assert.match(why(judge(request(), { fileId: 'other00001' })), /named "other00001"/);
    assert.match(why(judge(request({ id: 'x' }))), /needs an id/);
    assert.match(why(judge(request({ log: '../../etc/passwd' }))), /log name/);
    assert.match(why(judge(request({ log: 'rejected' }))), /log name/);
    assert.match(why(judge(request({ kind: 'essay' }))), /kind must be/);
    assert.match(why(judge(request({ by: '' }))), /who asks/);
    assert.match(why(judge(request({ by: 'x'.repeat(201) }))), /who asks/);
    assert.match(why(judge(request({ supersedes: 3 }))), /only a decision record/);
    assert.match(why(judge(request({ kind: 'adr', supersedes: -1 }))), /number of an ADR/);
    assert.match(why(judge(request({ path: '/etc/passwd' }))), /fields a request does not: path/);
    assert.match(why(judge(request(), { readOnlyAuthors: ['Gil'] })), /read-only/);
  });

  it('takes a reply to its own request only, with paths inside the folder', () => {
    const ok = (o: Record<string, unknown>) => parseFindingReply(JSON.stringify({ id: 'req0000001', ...o }), 'req0000001');
    assert.deepEqual(ok({ written: ['docs/postmortems/x.md'], staged: true }), {
      reply: { id: 'req0000001', written: ['docs/postmortems/x.md'], staged: true },
    });
    assert.deepEqual(ok({ diffed: 'docs/adr/0003-x.md', text: '# x' }), { reply: { id: 'req0000001', diffed: 'docs/adr/0003-x.md', text: '# x' } });
    assert.deepEqual(ok({ error: 'no such investigation' }), { reply: { id: 'req0000001', error: 'no such investigation' } });
    const invalid = (v: ReturnType<typeof ok>) => ('invalid' in v ? v.invalid : 'taken');
    assert.match(invalid(parseFindingReply(JSON.stringify({ id: 'other00001', error: 'x' }), 'req0000001')), /another request/);
    assert.match(invalid(ok({ written: ['../outside.md'], staged: true })), /outside the folder/);
    assert.match(invalid(ok({ written: ['/etc/passwd'], staged: true })), /outside the folder/);
    assert.match(invalid(ok({ written: [], staged: true })), /no written file/);
    assert.match(invalid(ok({ written: ['a.md'] })), /staged/);
    assert.match(invalid(ok({ diffed: 'C:/x.md', text: '' })), /outside the folder/);
    assert.match(invalid(ok({ diffed: 'a.md' })), /regenerated text/);
    assert.match(invalid(ok({ written: ['a.md'], staged: false, superseded: '../b.md' })), /superseded/);
    assert.match(invalid(parseFindingReply('not json', 'req0000001')), /not JSON/);
  });
});

describe('Live Share finding requests: the host’s processor', () => {
  let root: string;
  let asked: FindingRequest[];
  const dir = () => join(root, ...REQUESTS_DIR.split('/'));
  const put = (name: string, text: string) => {
    mkdirSync(dir(), { recursive: true });
    writeFileSync(join(dir(), name), text);
  };
  const replyOf = (id: string) => JSON.parse(readFileSync(join(dir(), REPLIES_DIR, `${id}.json`), 'utf8')) as Record<string, unknown>;
  const processor = (
    write: (r: FindingRequest) => Promise<FindingReply> = async r => ({ id: r.id, written: [`docs/postmortems/${r.log}.md`], staged: false, why: 'no git' }),
  ) =>
    new FindingRequestProcessor({
      root,
      log: quiet,
      readOnlyAuthors: () => ['Ida'],
      write: r => {
        asked.push(r);
        return write(r);
      },
    });

  beforeEach(() => {
    root = tempDir('calibrate-requests-');
    asked = [];
  });

  it('does nothing when no guest asked', async () => {
    assert.equal(await processor().drain(), 0);
    assert.equal(existsSync(dir()), false);
  });

  it('answers a request with what the writer did, and deletes it; a request still being written waits', async () => {
    put('req0000001.json', request());
    put('req0000002.json.tmp', request({ id: 'req0000002' }));
    assert.equal(await processor().drain(), 1);
    assert.deepEqual(
      asked.map(r => r.id),
      ['req0000001'],
    );
    assert.deepEqual(replyOf('req0000001'), { id: 'req0000001', written: ['docs/postmortems/2026-11-30-checkout.md'], staged: false, why: 'no git' });
    assert.deepEqual(readdirSync(dir()).sort(), ['.gitignore', 'replies', 'req0000002.json.tmp']);
  });

  it('answers a refusal with why, and a writer that throws with its message: the guest is never left waiting', async () => {
    put('req0000001.json', request({ log: '../x' }));
    put('req0000002.json', request({ id: 'req0000002', by: 'Ida' }));
    put('req0000003.json', request({ id: 'req0000003' }));
    const n = await processor(async () => {
      throw new Error('there is no investigation "2026-11-30-checkout"');
    }).drain();
    assert.equal(n, 3);
    assert.match(String(replyOf('req0000001').error), /log name/);
    assert.match(String(replyOf('req0000002').error), /read-only/);
    assert.match(String(replyOf('req0000003').error), /no investigation/);
    assert.deepEqual(
      asked.map(r => r.id),
      ['req0000003'],
      'refused requests never reach the writer',
    );
    assert.deepEqual(readdirSync(dir()).sort(), ['.gitignore', 'replies']);
  });

  it('refuses a link, a directory or an oversized file named like a request, without following or reading it', async () => {
    mkdirSync(dir(), { recursive: true });
    writeFileSync(join(root, 'secret.txt'), request());
    symlinkSync(join(root, 'secret.txt'), join(dir(), 'req0000001.json'));
    mkdirSync(join(dir(), 'req0000002.json'));
    put('req0000003.json', 'x'.repeat(MAX_REQUEST_BYTES + 10));
    assert.equal(await processor().drain(), 3);
    assert.match(String(replyOf('req0000001').error), /not a regular file/);
    assert.match(String(replyOf('req0000002').error), /not a regular file/);
    assert.match(String(replyOf('req0000003').error), /bytes/);
    assert.deepEqual(asked, []);
    assert.equal(existsSync(join(root, 'secret.txt')), true, 'the link’s target is untouched');
    assert.deepEqual(readdirSync(dir()).sort(), ['.gitignore', 'replies']);
  });

  it('sweeps replies nobody took and unfinished writes once abandoned, and keeps recent ones', async () => {
    put('old0000001.json.tmp', request({ id: 'old0000001' }));
    put('new0000001.json.tmp', request({ id: 'new0000001' }));
    mkdirSync(join(dir(), REPLIES_DIR));
    writeFileSync(join(dir(), REPLIES_DIR, 'old0000002.json'), '{}');
    writeFileSync(join(dir(), REPLIES_DIR, 'new0000002.json'), '{}');
    const old = (Date.now() - ABANDONED_MS - 60_000) / 1000;
    utimesSync(join(dir(), 'old0000001.json.tmp'), old, old);
    put('.gitignore', '*\n');
    utimesSync(join(dir(), '.gitignore'), old, old);
    utimesSync(join(dir(), REPLIES_DIR, 'old0000002.json'), old, old);
    assert.equal(await processor().drain(), 0);
    assert.deepEqual(readdirSync(dir()).sort(), ['.gitignore', 'new0000001.json.tmp', 'replies'], 'its .gitignore is no abandoned write');
    assert.deepEqual(readdirSync(join(dir(), REPLIES_DIR)), ['new0000002.json']);
  });

  it('runs one drain at a time: a call during a drain runs once more after it, and requests are written one by one', async () => {
    put('req0000001.json', request());
    let inFlight = 0;
    let most = 0;
    const p = processor(async r => {
      most = Math.max(most, ++inFlight);
      await new Promise(res => setTimeout(res, 20));
      inFlight--;
      return { id: r.id, written: ['a.md'], staged: true };
    });
    const first = p.drain();
    put('req0000002.json', request({ id: 'req0000002' }));
    const second = p.drain();
    assert.equal(await first, await second);
    assert.equal(await first, 2);
    assert.equal(most, 1);
    assert.deepEqual(asked.map(r => r.id).sort(), ['req0000001', 'req0000002']);
  });

  it('refuses a requests folder that is a link out of the workspace', async () => {
    const outside = tempDir('calibrate-outside-');
    mkdirSync(join(root, '.calibrate'), { recursive: true });
    symlinkSync(outside, dir());
    writeFileSync(join(outside, 'req0000001.json'), request());
    assert.equal(await processor().drain(), 0);
    assert.deepEqual(readdirSync(outside), ['req0000001.json'], 'nothing outside is read or written');
  });
});
