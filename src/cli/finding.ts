// `calibrate finding adr|postmortem INVESTIGATION`: the findings of issue 13 written outside the
// editor, so a CI job can regenerate and diff them. Where they go and how they are written (never
// over an existing file) is src/findings/files.ts, shared with the editor's commands. Plain Node.
import { basename, relative, resolve } from 'node:path';
import { foldLog } from '../core/investigation';
import { FileExists, planAdr, planPostmortem, writeAll } from '../findings/files';
import { WorkspaceFileError } from '../workspace/safeFiles';
import { LogReadError, readLogFile, type CommandOutput } from './investigation';
import { printable } from './problems';

export { POSTMORTEM_DIR } from '../findings/files';

export async function findingCommand(
  cmd: { readonly finding: 'adr' | 'postmortem'; readonly investigation: string; readonly out?: string; readonly title?: string },
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
        ? await planAdr(inv, { root, logAbs, now, ...(out !== undefined ? { out } : {}), ...(cmd.title !== undefined ? { title: cmd.title } : {}) })
        : await planPostmortem(inv, { root, now, ...(out !== undefined ? { out } : {}) });
    const written = await writeAll(files);
    return { stdout: written.map(p => `${printable(relative(cwd, p) || p)}\n`).join(''), stderr: '', code: 0 };
  } catch (e) {
    if (e instanceof FileExists || e instanceof LogReadError || e instanceof WorkspaceFileError) {
      return { stdout: '', stderr: `calibrate: ${printable(e.message)}\n`, code: 1 };
    }
    if (e instanceof Error && 'code' in e) return { stdout: '', stderr: `calibrate: the finding could not be written: ${printable(e.message)}\n`, code: 1 };
    throw e;
  }
}
