// `calibrate finding adr|postmortem INVESTIGATION`: the findings of issue 13 written outside the
// editor, so a CI job can regenerate and diff them. Where they go and how they are written (never
// over an existing file) is src/findings/files.ts, shared with the editor's commands. Plain Node.
import { basename, relative, resolve } from 'node:path';
import { supersededStatus } from '../core/findings/adrFolder';
import { foldLog } from '../core/investigation';
import { AdrNotFound, FileExists, planAdr, planPostmortem, writeAll, type AdrPlan } from '../findings/files';
import { WorkspaceFileError } from '../workspace/safeFiles';
import { LogReadError, readLogFile, type CommandOutput } from './investigation';
import { printable } from './problems';

export { POSTMORTEM_DIR } from '../findings/files';

export async function findingCommand(
  cmd: {
    readonly finding: 'adr' | 'postmortem';
    readonly investigation: string;
    readonly out?: string;
    readonly title?: string;
    readonly supersedes?: number;
  },
  root: string,
  cwd: string,
  now: number,
): Promise<CommandOutput> {
  try {
    const { shown, text } = await readLogFile(cmd.investigation, cwd, root);
    const logAbs = shown === cmd.investigation ? resolve(cwd, shown) : resolve(root, shown);
    const inv = { name: basename(shown).replace(/\.jsonl$/, ''), state: foldLog(text) };
    const out = cmd.out !== undefined ? resolve(cwd, cmd.out) : undefined;
    const files =
      cmd.finding === 'adr'
        ? await planAdr(inv, {
            root,
            logAbs,
            now,
            ...(out !== undefined ? { out } : {}),
            ...(cmd.title !== undefined ? { title: cmd.title } : {}),
            ...(cmd.supersedes !== undefined ? { supersedes: cmd.supersedes } : {}),
          })
        : await planPostmortem(inv, { root, now, logAbs, ...(out !== undefined ? { out } : {}) });
    const written = await writeAll(files);
    const shownPath = (p: string) => printable(relative(cwd, p) || p);
    return { stdout: written.map(p => `${shownPath(p)}\n`).join('') + supersededNote(files, shownPath), stderr: '', code: 0 };
  } catch (e) {
    if (e instanceof FileExists || e instanceof LogReadError || e instanceof WorkspaceFileError || e instanceof AdrNotFound) {
      return { stdout: '', stderr: `calibrate: ${printable(e.message)}\n`, code: 1 };
    }
    if (e instanceof Error && 'code' in e) return { stdout: '', stderr: `calibrate: the finding could not be written: ${printable(e.message)}\n`, code: 1 };
    throw e;
  }
}

/**
 * The old ADR's status change, printed, never made: outside the editor there is no undo, so the
 * user (or their script: the diff applies with `git apply` from the current directory) makes it.
 */
function supersededNote(plan: AdrPlan, shown: (p: string) => string): string {
  const old = plan.supersedes;
  if (!old) return '';
  const path = shown(old.path);
  const next = supersededStatus(old.text, old.newNumber, old.newFile);
  if (next === undefined)
    return `${path} has no status to mark superseded (no "status:" in its front matter, no "## Status" section): it is not changed; add "Superseded by ADR ${old.newNumber}" to it by hand.\n`;
  if (next === old.text) return `${path} already says it is superseded by ADR ${old.newNumber}.\n`;
  return `${path} is not changed: to mark it superseded by ADR ${old.newNumber}, apply this change (git apply, or by hand):\n${unifiedChange(path, old.text, next)}`;
}

/** One hunk of a unified diff from `before` to `after` (a/ and b/ prefixes), with 3 lines of context. */
export function unifiedChange(path: string, before: string, after: string): string {
  const split = (t: string) => {
    const lines = t.split('\n');
    const eol = lines.at(-1) === '';
    if (eol) lines.pop();
    return { lines, eol };
  };
  const a = split(before);
  const b = split(after);
  let p = 0;
  while (p < a.lines.length && p < b.lines.length && a.lines[p] === b.lines[p]) p++;
  let q = 0;
  while (q < a.lines.length - p && q < b.lines.length - p && a.lines[a.lines.length - 1 - q] === b.lines[b.lines.length - 1 - q]) q++;
  const from = Math.max(0, p - 3);
  const aEnd = Math.min(a.lines.length, a.lines.length - q + 3);
  const bEnd = Math.min(b.lines.length, b.lines.length - q + 3);
  const range = (start: number, count: number) => (count === 0 ? `${start},0` : count === 1 ? `${start + 1}` : `${start + 1},${count}`);
  const out = [`--- a/${path}`, `+++ b/${path}`, `@@ -${range(from, aEnd - from)} +${range(from, bEnd - from)} @@`];
  const line = (mark: string, side: typeof a, i: number) => {
    out.push(`${mark}${side.lines[i]}`);
    if (i === side.lines.length - 1 && !side.eol) out.push('\\ No newline at end of file');
  };
  for (let i = from; i < p; i++) line(' ', a, i);
  for (let i = p; i < a.lines.length - q; i++) line('-', a, i);
  for (let i = p; i < b.lines.length - q; i++) line('+', b, i);
  for (let i = a.lines.length - q; i < aEnd; i++) line(' ', a, i);
  return `${out.join('\n')}\n`;
}
