import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadWorkspaceEvents } from '../../../src/context/workspaceEvents';
import { sandbox, SECRET } from './helpers';

const fx = (f: string): string => readFileSync(resolve(__dirname, '../../fixtures/context', f), 'utf8');
const OPTS = { defaultZone: 'America/Los_Angeles' };

describe('workspace: events and calendars stay inside the workspace', () => {
  const bases: string[] = [];
  after(() => bases.forEach(b => rmSync(b, { recursive: true, force: true })));

  it("refuses links out, devices and pipes file by file, and keeps the other files' events", async function () {
    const { base, ws, secret, write } = sandbox();
    bases.push(base);
    write('.calibrate/events.yaml', fx('events.yaml'));
    write('.calibrate/calendars/good.ics', fx('fixtures.ics'));
    symlinkSync(secret, join(ws, '.calibrate', 'a-secret.ics'));
    if (existsSync('/dev/zero')) symlinkSync('/dev/zero', join(ws, '.calibrate', 'b-zero.ics'));
    if (process.platform !== 'win32') execFileSync('mkfifo', [join(ws, '.calibrate', 'calendars', 'c-pipe.ics')]);
    const t0 = Date.now();
    const { events, errors } = await loadWorkspaceEvents(ws, OPTS);
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    assert.deepEqual(
      events
        .map(e => e.name)
        .filter((n, i, a) => a.indexOf(n) === i)
        .sort(),
      ['Champions League final', 'Monday Night Football', 'Release train', 'Spring release', 'Team offsite'],
    );
    const byFile = Object.fromEntries(errors.map(e => [e.file, e.message]));
    assert.match(byFile['.calibrate/a-secret.ics'] ?? '', /resolves outside the workspace folder/);
    if (existsSync('/dev/zero')) assert.match(byFile['.calibrate/b-zero.ics'] ?? '', /resolves outside the workspace folder/);
    if (process.platform !== 'win32') assert.match(byFile['.calibrate/calendars/c-pipe.ics'] ?? '', /not a regular file/);
    for (const e of errors) assert.ok(!e.message.includes(SECRET.slice(0, 20)) && !e.message.includes(base), e.message);
  });

  it('refuses an events.yaml linked outside, and does not list a calendars folder linked outside', async () => {
    const { base, ws, secret, write } = sandbox();
    bases.push(base);
    write('.calibrate/team.ics', fx('fixtures.ics'));
    symlinkSync(secret, join(ws, '.calibrate', 'events.yaml'));
    mkdirSync(join(base, 'outside', 'cals'));
    write('../outside/cals/private.ics', fx('fixtures.ics'));
    symlinkSync(join(base, 'outside', 'cals'), join(ws, '.calibrate', 'calendars'));
    const { events, errors } = await loadWorkspaceEvents(ws, OPTS);
    assert.ok(events.some(e => e.name === 'Release train'));
    assert.deepEqual(
      errors.map(e => e.file),
      ['.calibrate/events.yaml', '.calibrate/calendars'],
    );
    assert.ok(errors.every(e => /resolves outside the workspace folder/.test(e.message) && !e.message.includes(SECRET.slice(0, 20))));
    assert.ok(!errors.some(e => e.message.includes('private.ics')));
  });

  it('stops when cancelled', async () => {
    const { base, ws, write } = sandbox();
    bases.push(base);
    write('.calibrate/events.yaml', fx('events.yaml'));
    await assert.rejects(loadWorkspaceEvents(ws, { ...OPTS, signal: AbortSignal.abort() }), { name: 'AbortError' });
  });
});
