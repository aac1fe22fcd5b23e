// "Every link and image resolves" (issue 13): the demo's closed iOS investigation written as a
// post-mortem and an ADR into a temporary workspace, by the writer the CLI and the editor share
// (planPostmortem, planAdr, writeAll); then every relative link and image target in the markdown is
// looked up on disk from the markdown's own folder (URL-decoded, anchor and query cut off), the link
// back to the investigation log included. In the default folders, with --out inside the workspace
// (a folder name with a space) and outside it, and with an .adr-dir naming a nested folder.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generateDemo } from '../../../src/core/demo';
import { foldLog } from '../../../src/core/investigation';
import { planAdr, planPostmortem, writeAll } from '../../../src/findings/files';
import { tempDir } from '../helpers/demoWorkspace';

const NOW = Date.parse('2026-11-30T12:00:00Z');

/** The demo's investigation log: its name and text. */
const demo = (() => {
  const files = generateDemo({ seed: 42 }).files;
  const path = Object.keys(files).find(p => p.startsWith('.calibrate/investigations/'))!;
  return { name: path.slice(path.lastIndexOf('/') + 1, -'.jsonl'.length), text: files[path]! };
})();

/**
 * Targets of inline links and images, `[text](target)` and `![alt](target)`: the text may be wrapped
 * over lines, the target never is. An escaped bracket (`\]`) is people's words, not a link.
 */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!\\)\]\(([^)\s]+)\)/g)].map(m => m[1]!);
}

/** Relative targets that do not exist on disk, resolved from the markdown file's folder. */
function unresolved(mdPath: string): { targets: string[]; missing: string[] } {
  const targets = linkTargets(readFileSync(mdPath, 'utf8')).filter(t => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'));
  const missing = targets.filter(t => !existsSync(resolve(dirname(mdPath), decodeURIComponent(t.replace(/[#?].*$/, '')))));
  return { targets, missing };
}

describe('findings: every link and image of a written finding resolves', () => {
  let base: string;
  let root: string;
  let logAbs: string;
  const inv = { name: demo.name, state: foldLog(demo.text) };

  beforeEach(() => {
    base = tempDir('calibrate-finding-links-');
    root = join(base, 'workspace');
    logAbs = join(root, '.calibrate', 'investigations', `${demo.name}.jsonl`);
    mkdirSync(dirname(logAbs), { recursive: true });
    writeFileSync(logAbs, demo.text);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  /** Writes the post-mortem (with `out` as --out) and checks its links: the log and the chart image. */
  async function postmortemLinks(out?: string): Promise<string> {
    // logAbs: the writer links the log from wherever the post-mortem goes (as planAdr does).
    const opts = { root, now: NOW, logAbs, ...(out !== undefined ? { out } : {}) };
    const written = await writeAll(await planPostmortem(inv, opts));
    const md = written[0]!;
    const { targets, missing } = unresolved(md);
    assert.deepEqual(missing, [], `${md}: links that do not resolve`);
    assert.ok(
      targets.some(t => decodeURIComponent(t).endsWith(`.calibrate/investigations/${demo.name}.jsonl`)),
      `links back to the log: ${targets.join(', ')}`,
    );
    assert.ok(
      targets.some(t => t.endsWith('.svg')),
      `links its chart: ${targets.join(', ')}`,
    );
    return md;
  }

  /** Writes the ADR and checks its links: the log, from the context and from "More Information". */
  async function adrLinks(out?: string): Promise<string> {
    const written = await writeAll(await planAdr(inv, { root, logAbs, now: NOW, ...(out !== undefined ? { out } : {}) }));
    const md = written[0]!;
    const { targets, missing } = unresolved(md);
    assert.deepEqual(missing, [], `${md}: links that do not resolve`);
    assert.equal(targets.filter(t => decodeURIComponent(t).endsWith(`.calibrate/investigations/${demo.name}.jsonl`)).length, 2, targets.join(', '));
    return md;
  }

  it('the link finder finds wrapped links and images, and skips escaped brackets and URLs', () => {
    const md = '[a\nb](x/y%20z.md#top) \\[no\\](nope) ![img](i.svg) <https://e.example> [web](https://e.example)\n';
    assert.deepEqual(linkTargets(md), ['x/y%20z.md#top', 'i.svg', 'https://e.example']);
  });

  it('the default folders: docs/postmortems (with images/) and docs/adr', async () => {
    assert.equal(dirname(await postmortemLinks()), join(root, 'docs', 'postmortems'));
    assert.equal(dirname(await adrLinks()), join(root, 'docs', 'adr'));
  });

  it('--out inside the workspace, a folder name with a space: the ADR', async () => {
    assert.equal(dirname(await adrLinks(join(root, 'reports', '2026', 'q4 incidents'))), join(root, 'reports', '2026', 'q4 incidents'));
  });

  it('--out outside the workspace: the ADR', async () => {
    assert.equal(dirname(await adrLinks(join(base, 'elsewhere'))), join(base, 'elsewhere'));
  });

  it('--out inside the workspace, a folder name with a space: the post-mortem', async () => {
    assert.equal(dirname(await postmortemLinks(join(root, 'reports', '2026', 'q4 incidents'))), join(root, 'reports', '2026', 'q4 incidents'));
  });

  it('--out outside the workspace: the post-mortem', async () => {
    assert.equal(dirname(await postmortemLinks(join(base, 'elsewhere'))), join(base, 'elsewhere'));
  });

  it('.adr-dir naming a nested folder (adr-tools)', async () => {
    writeFileSync(join(root, '.adr-dir'), 'architecture/decisions/records\n');
    assert.equal(dirname(await adrLinks()), join(root, 'architecture', 'decisions', 'records'));
  });
});
