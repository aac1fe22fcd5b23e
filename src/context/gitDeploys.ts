// Deploys from the workspace's git history: tags, and merges to the main branch, inside a window.
// Runs git itself (execFile, no shell, with a timeout); no vscode import, so it is testable in Node.
// Without git, or outside a repository, it returns no deploys and says why.
import { execFile } from 'node:child_process';
import type { Deploy } from '../core/context/types';

export interface GitDeployOptions {
  /** Directory inside the repository (the workspace folder). */
  readonly cwd: string;
  /** Window, UTC ms: [from, to). */
  readonly from: number;
  readonly to: number;
  /** Branch whose merges count as deploys; default: origin/HEAD's target, else main, else master. */
  readonly mainBranch?: string;
  readonly timeoutMs?: number;
  readonly git?: string;
}

export interface GitDeploys {
  readonly deploys: Deploy[];
  /** Why the list may be empty or partial (no repository, no git, timeout). */
  readonly warnings: string[];
}

function run(git: string, args: string[], cwd: string, timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(git, args, { cwd, timeout, maxBuffer: 16 * 1024 * 1024, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

const SEP = '\x1f'; // unit separator: never in ref names, dates or one-line subjects

async function mainBranch(git: string, cwd: string, timeout: number): Promise<string | undefined> {
  try {
    const head = (await run(git, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], cwd, timeout)).trim();
    if (head) return head;
  } catch { /* no remote HEAD: try local names */ }
  for (const b of ['main', 'master']) {
    try {
      await run(git, ['rev-parse', '--verify', '--quiet', `refs/heads/${b}`], cwd, timeout);
      return b;
    } catch { /* not this one */ }
  }
  return undefined;
}

export async function readGitDeploys(opts: GitDeployOptions): Promise<GitDeploys> {
  const git = opts.git ?? 'git';
  const timeout = opts.timeoutMs ?? 5000;
  const warnings: string[] = [];
  const deploys: Deploy[] = [];
  try {
    const inside = (await run(git, ['rev-parse', '--is-inside-work-tree'], opts.cwd, timeout)).trim();
    if (inside !== 'true') return { deploys, warnings: ['not inside a git work tree: no deploys'] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { deploys, warnings: [code === 'ENOENT' ? 'git is not installed or not on PATH: no deploys' : 'not a git repository: no deploys'] };
  }
  const inWindow = (t: number): boolean => Number.isFinite(t) && t >= opts.from && t < opts.to;
  try {
    // creatordate: the tagger date of annotated tags, the commit date of lightweight ones.
    const out = await run(git, ['tag', '--list', `--format=%(refname:short)${SEP}%(creatordate:iso-strict)${SEP}%(subject)`], opts.cwd, timeout);
    for (const line of out.split('\n')) {
      const [ref, date, subject] = line.split(SEP);
      if (!ref || !date) continue;
      const at = Date.parse(date);
      if (inWindow(at)) deploys.push({ ref, at, message: subject ?? '', kind: 'tag' });
    }
  } catch (e) {
    warnings.push(`git tag failed: ${(e as Error).message.split('\n')[0]}`);
  }
  const branch = opts.mainBranch ?? (await mainBranch(git, opts.cwd, timeout));
  if (!branch) warnings.push('no main branch found (origin/HEAD, main, master): merges not read');
  else {
    try {
      const since = new Date(opts.from).toISOString();
      const until = new Date(opts.to).toISOString();
      const out = await run(git, ['log', branch, '--first-parent', '--merges', `--since=${since}`, `--until=${until}`, `--format=%H${SEP}%cI${SEP}%s`, '--'], opts.cwd, timeout);
      for (const line of out.split('\n')) {
        const [hash, date, subject] = line.split(SEP);
        if (!hash || !date) continue;
        const at = Date.parse(date);
        if (inWindow(at)) deploys.push({ ref: hash.slice(0, 12), at, message: subject ?? '', kind: 'merge' });
      }
    } catch (e) {
      warnings.push(`git log on ${branch} failed: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  deploys.sort((a, b) => a.at - b.at || a.ref.localeCompare(b.ref));
  return { deploys, warnings };
}
