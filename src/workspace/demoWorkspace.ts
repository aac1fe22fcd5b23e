// The demo workspace, written by the Create Demo Workspace command (the Getting Started
// walkthrough's first step) for someone who installed the extension and has no data yet: the same
// generator as `npm run demo` (src/core/demo, seed 42), its files, and a git history whose release
// tags are the demo's deploys. No vscode: the command passes a folder path.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_SEED, generateDemo } from '../core/demo';
import { withFrozenExample } from './demoExample';

const run = promisify(execFile);
// Ignore the user's global hooks and signing: the history is the same on every machine.
const GIT_FLAGS = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false'];

/** Files beside the generator's: the report opens with the folder (a trusted workspace honours it). */
const EXTRA_FILES: Readonly<Record<string, string>> = {
  '.gitignore': '.calibrate/presence/\n',
  '.vscode/settings.json': '{\n  "calibrate.openReportOnStartup": true\n}\n',
};

export interface DemoWritten {
  /** Workspace-relative paths written. */
  readonly files: readonly string[];
  /** The release tags (the report's deploys), or [] when git was not available. */
  readonly tags: readonly string[];
  /** Why there is no git history, if there is none. */
  readonly gitProblem?: string;
}

/**
 * Write the demo into `dir`, which must not exist or be empty (nothing of the user's is ever
 * overwritten). Throws when it is not empty or cannot be written; a missing git leaves the files
 * without history (the report then lists no deploys) and says so in `gitProblem`.
 */
export async function writeDemoWorkspace(dir: string, seed = DEFAULT_SEED): Promise<DemoWritten> {
  const existing = await fs.readdir(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? [] : Promise.reject(e)));
  if (existing.length) throw new Error(`${dir} is not empty: choose an empty folder, or one without a "calibrate-demo" folder in it`);
  const demo = generateDemo({ seed });
  const files = { ...(await withFrozenExample(demo)), ...EXTRA_FILES };
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text, { flag: 'wx' });
  }
  const git = async (args: string[], date?: number): Promise<void> => {
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
    if (date !== undefined) env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = `${Math.floor(date / 1000)} +0000`;
    await run('git', [...GIT_FLAGS, ...args], { cwd: dir, env, timeout: 20_000, windowsHide: true });
  };
  try {
    await git(['init', '-q', '-b', 'main']);
    await git(['config', 'user.name', 'Calibrate Demo']);
    await git(['config', 'user.email', 'demo@calibrate.invalid']);
    await git(['add', '--', ...Object.keys(files)]);
    await git(['commit', '-q', '-m', `Demo workspace: key business metrics (seed ${seed})`], Date.parse(demo.groundTruth.start));
    for (const d of demo.deploys) {
      const at = Date.parse(d.at);
      await git(['commit', '-q', '--allow-empty', '-m', d.message], at);
      await git(['tag', '-a', d.tag, '-m', d.message], at);
    }
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { files: Object.keys(files), tags: [], gitProblem: `no git history (the report lists no deploys): ${why}` };
  }
  return { files: Object.keys(files), tags: demo.deploys.map(d => d.tag) };
}
