// The state of a repository's refs, as one digest, for the report's input fingerprint: deploys are
// tags and merges on the main branch (src/context/gitDeploys.ts), so equal refs mean equal deploys.
// No vscode import. Same safety rules as gitDeploys: called only in a trusted workspace (a
// repository's config can make git run programs), execFile without a shell, a timeout, no prompt.
// The arguments are all ours and there is no positional argument at all, so nothing from the
// repository can be parsed as an option (`--end-of-options` would have nothing to guard).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';

const FORMAT = '--format=%(objectname) %(refname) %(symref)';
/** The refs that can change the deploys: tags, local and remote-tracking branches (and origin/HEAD's target). */
const RELEVANT = /^[0-9a-f]+ refs\/(tags|heads|remotes)\//;

export interface GitStateOptions {
  readonly git?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * SHA-256 of every tag and branch with the object it names; "!no-repo" or "!no-git" when there are
 * none to read (stable, so a data-only folder still caches); on any other failure (a timeout) a
 * value that matches nothing, so the report is recomputed rather than trusted. Throws the signal's
 * reason when cancelled.
 */
export function gitRefsDigest(cwd: string, opts: GitStateOptions = {}): Promise<string> {
  const { signal } = opts;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    execFile(
      opts.git ?? 'git',
      ['for-each-ref', FORMAT],
      {
        cwd,
        timeout: opts.timeoutMs ?? 5000,
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
        ...(signal ? { signal } : {}),
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (signal?.aborted) return reject(signal.reason);
        if (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return resolve('!no-git');
          if (/not a git repository/i.test(String(stderr))) return resolve('!no-repo');
          return resolve(`!error:${Date.now()}:${Math.random()}`);
        }
        const refs = stdout
          .split('\n')
          .filter(l => RELEVANT.test(l))
          .sort();
        resolve(createHash('sha256').update(refs.join('\n')).digest('hex'));
      },
    );
  });
}
