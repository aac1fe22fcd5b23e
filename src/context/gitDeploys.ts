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
  /**
   * Branch whose merges count as deploys: a branch name (local first, then remote-tracking) or a
   * full ref under refs/heads/ or refs/remotes/. Default: origin/HEAD's target, else main, else master.
   */
  readonly mainBranch?: string;
  readonly timeoutMs?: number;
  readonly git?: string;
  /** Stops the git processes of a superseded load. */
  readonly signal?: AbortSignal;
}

export interface GitDeploys {
  readonly deploys: Deploy[];
  /** Why the list may be empty or partial (no repository, no git, timeout, an unsafe ref name). */
  readonly warnings: string[];
}

/** How to run git here, and `--end-of-options` when this git knows it. */
interface Git {
  readonly bin: string;
  readonly cwd: string;
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
  eoo: string[];
}

function run(g: Git, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    if (g.signal?.aborted) return reject(g.signal.reason); // superseded: start no more processes
    execFile(
      g.bin,
      args,
      {
        cwd: g.cwd,
        timeout: g.timeout,
        signal: g.signal,
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
}

const SEP = '\x1f'; // unit separator: never in ref names, dates or one-line subjects

/**
 * `--end-of-options` (git >= 2.24) ends option parsing, so no later argument can become an option.
 * Older git does not know it: there we rely on refs being fully qualified (they start with "refs/").
 */
async function endOfOptions(g: Git): Promise<string[]> {
  try {
    const m = /git version (\d+)\.(\d+)/.exec(await run(g, ['version']));
    return m && (Number(m[1]) > 2 || (Number(m[1]) === 2 && Number(m[2]) >= 24)) ? ['--end-of-options'] : [];
  } catch {
    return [];
  }
}

/**
 * Security: a ref is handed to git only fully qualified under refs/heads/ or refs/remotes/, accepted
 * by `git check-ref-format`, and with no component starting with '-'. The name comes from the
 * repository (origin/HEAD's target) or a caller, and a crafted `.git` can point origin/HEAD at
 * "refs/remotes/--output=/some/file": its short form is a `git log` option that truncates that file,
 * and check-ref-format alone accepts the name.
 */
async function isSafeRef(g: Git, ref: string): Promise<boolean> {
  if (!/^refs\/(heads|remotes)\/./.test(ref) || ref.split('/').some(c => c.startsWith('-'))) return false;
  try {
    await run(g, ['check-ref-format', ref]);
    return true;
  } catch {
    return false;
  }
}

async function isCommit(g: Git, ref: string): Promise<boolean> {
  try {
    await run(g, ['rev-parse', '--verify', '--quiet', ...g.eoo, `${ref}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** The main branch as a validated full ref, or why there is none. */
async function mainBranch(g: Git, requested: string | undefined): Promise<{ ref?: string; warning?: string }> {
  const unsafe = (name: string) => `refused the branch name ${JSON.stringify(name)}: expected a branch under refs/heads/ or refs/remotes/`;
  if (requested !== undefined) {
    // A short name may be a local or a remote-tracking branch: qualify it, never pass it bare.
    for (const ref of requested.startsWith('refs/') ? [requested] : [`refs/heads/${requested}`, `refs/remotes/${requested}`]) {
      if (!(await isSafeRef(g, ref))) return { warning: unsafe(requested) };
      if (await isCommit(g, ref)) return { ref };
    }
    return { warning: `branch ${JSON.stringify(requested)} not found: merges not read` };
  }
  let warning: string | undefined;
  try {
    // The full name (no --short): the short name is what a crafted target turns into an option.
    const head = (await run(g, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'])).trim();
    if (!(await isSafeRef(g, head))) warning = `origin/HEAD: ${unsafe(head)}`;
    else if (await isCommit(g, head)) return { ref: head };
  } catch {
    /* no remote HEAD: try local names */
  }
  for (const ref of ['refs/heads/main', 'refs/heads/master']) if (await isCommit(g, ref)) return { ref, ...(warning ? { warning } : {}) };
  return { warning: warning ?? 'no main branch found (origin/HEAD, main, master): merges not read' };
}

/** Throws the signal's reason (an AbortError) when the load is cancelled. */
export async function readGitDeploys(opts: GitDeployOptions): Promise<GitDeploys> {
  opts.signal?.throwIfAborted();
  const r = await read(opts);
  opts.signal?.throwIfAborted(); // the failures read() reported may only be the cancellation
  return r;
}

async function read(opts: GitDeployOptions): Promise<GitDeploys> {
  const g: Git = { bin: opts.git ?? 'git', cwd: opts.cwd, timeout: opts.timeoutMs ?? 5000, signal: opts.signal, eoo: [] };
  const warnings: string[] = [];
  const deploys: Deploy[] = [];
  try {
    const inside = (await run(g, ['rev-parse', '--is-inside-work-tree'])).trim();
    if (inside !== 'true') return { deploys, warnings: ['not inside a git work tree: no deploys'] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { deploys, warnings: [code === 'ENOENT' ? 'git is not installed or not on PATH: no deploys' : 'not a git repository: no deploys'] };
  }
  g.eoo = await endOfOptions(g);
  const inWindow = (t: number): boolean => Number.isFinite(t) && t >= opts.from && t < opts.to;
  try {
    // creatordate: the tagger date of annotated tags, the commit date of lightweight ones.
    // Tag names are only read here, never passed back to git.
    const out = await run(g, ['tag', '--list', `--format=%(refname:short)${SEP}%(creatordate:iso-strict)${SEP}%(subject)`, ...g.eoo]);
    for (const line of out.split('\n')) {
      const [ref, date, subject] = line.split(SEP);
      if (!ref || !date) continue;
      const at = Date.parse(date);
      if (inWindow(at)) deploys.push({ ref, at, message: subject ?? '', kind: 'tag' });
    }
  } catch (e) {
    warnings.push(`git tag failed: ${(e as Error).message.split('\n')[0]}`);
  }
  const branch = await mainBranch(g, opts.mainBranch);
  if (branch.warning) warnings.push(branch.warning);
  if (branch.ref) {
    try {
      const since = new Date(opts.from).toISOString();
      const until = new Date(opts.to).toISOString();
      const out = await run(g, [
        'log',
        '--first-parent',
        '--merges',
        `--since=${since}`,
        `--until=${until}`,
        `--format=%H${SEP}%cI${SEP}%s`,
        ...g.eoo,
        branch.ref,
        '--',
      ]);
      for (const line of out.split('\n')) {
        const [hash, date, subject] = line.split(SEP);
        if (!hash || !date) continue;
        const at = Date.parse(date);
        if (inWindow(at)) deploys.push({ ref: hash.slice(0, 12), at, message: subject ?? '', kind: 'merge' });
      }
    } catch (e) {
      warnings.push(`git log on ${branch.ref} failed: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  deploys.sort((a, b) => a.at - b.at || a.ref.localeCompare(b.ref));
  return { deploys, warnings };
}
