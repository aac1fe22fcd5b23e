// The Getting Started walkthrough (issue 10, point 11) as package.json contributes it: every command
// it offers or completes on is one Calibrate registers and contributes, every step's media file is
// in media/ (which the .vsix ships), and the steps lead from the demo to the first triage.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMAND_IDS } from '../../../src/commands/ids';

const ROOT = resolve(__dirname, '../../..');
interface Step {
  id: string;
  title: string;
  description: string;
  media: Record<string, unknown>;
  completionEvents?: string[];
}
interface Walkthrough {
  id: string;
  title: string;
  description: string;
  steps: Step[];
}
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; walkthroughs?: Walkthrough[]; keybindings?: { command: string; key: string }[] };
};
const walkthroughs = pkg.contributes.walkthroughs ?? [];
const registered = new Set<string>(COMMAND_IDS);
const contributed = new Set(pkg.contributes.commands.map(c => c.command));

/** The command ids a step's description links to: [Label](command:id) or (command:toSide:id), arguments after "?" ignored. */
const linkedCommands = (markdown: string): string[] => [...markdown.matchAll(/\]\(command:(?:toSide:)?([\w.-]+)/g)].map(m => m[1]);

describe('commands: the Getting Started walkthrough', () => {
  it('is contributed, with the fields VS Code requires', () => {
    assert.equal(walkthroughs.length, 1);
    const [w] = walkthroughs;
    assert.ok(w.id && w.title && w.description && w.steps.length >= 4);
    for (const s of w.steps) assert.ok(s.id && s.title && s.description && s.media, `step ${s.id} has id, title, description and media`);
    assert.equal(new Set(w.steps.map(s => s.id)).size, w.steps.length, 'step ids are unique');
  });

  it('links only to commands Calibrate registers and contributes', () => {
    for (const s of walkthroughs.flatMap(w => w.steps)) {
      const linked = linkedCommands(s.description);
      assert.ok(linked.length > 0, `step ${s.id} offers an action`);
      for (const id of linked) {
        assert.ok(registered.has(id), `step ${s.id} links to ${id}, which is not registered`);
        assert.ok(contributed.has(id), `step ${s.id} links to ${id}, which package.json does not contribute`);
      }
    }
  });

  it('completes each step on a registered command the step itself offers', () => {
    for (const s of walkthroughs.flatMap(w => w.steps)) {
      const events = s.completionEvents ?? [];
      assert.ok(events.length > 0, `step ${s.id} has completion events`);
      for (const e of events) {
        const m = /^onCommand:(.+)$/.exec(e);
        assert.ok(m, `step ${s.id}: ${e} is an onCommand event`);
        assert.ok(registered.has(m[1]), `step ${s.id} completes on ${m[1]}, which is not registered`);
        assert.ok(linkedCommands(s.description).includes(m[1]), `step ${s.id} completes on ${m[1]}, which it offers`);
      }
    }
  });

  it("has every step's media file, a markdown file under media/walkthrough/ (shipped in the .vsix)", () => {
    for (const s of walkthroughs.flatMap(w => w.steps)) {
      assert.deepEqual(Object.keys(s.media), ['markdown'], `step ${s.id} shows markdown`);
      const file = s.media.markdown as string;
      assert.match(file, /^media\/walkthrough\/[\w-]+\.md$/);
      assert.ok(existsSync(resolve(ROOT, file)), `${file} exists`);
      assert.match(readFileSync(resolve(ROOT, file), 'utf8'), /^# \S/, `${file} starts with a title`);
    }
  });

  it('goes from the demo, through the CSV and the config, to the first triage', () => {
    const steps = walkthroughs[0].steps.map(s => linkedCommands(s.description));
    assert.ok(steps[0].includes('calibrate.createDemo') && steps[0].includes('calibrate.openReport'));
    assert.deepEqual(steps.slice(1), [['calibrate.openReportData'], ['calibrate.openReportConfig'], ['calibrate.triage']]);
  });

  it('keeps the report panel surfaces: Refresh in the editor title bar, and a keybinding for triage', () => {
    const menus = (pkg.contributes as { menus?: Record<string, { command: string; when?: string }[]> }).menus ?? {};
    const title = menus['editor/title'] ?? [];
    assert.ok(title.some(m => m.command === 'calibrate.refreshReport' && m.when === "activeWebviewPanelId == 'calibrate.report'"));
    assert.ok((pkg.contributes.keybindings ?? []).some(k => k.command === 'calibrate.triage' && k.key === 'ctrl+k ctrl+alt+a'));
  });
});
