// A folder Calibrate fills that is nobody's history (drills, the Live Share exchange folders) gets
// its own `.gitignore` of `*` (as pytest and mypy do for their caches): the team's own .gitignore is
// not touched, and a `git add -A` cannot take the folder. Node file I/O, no vscode.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export const SELF_IGNORE_FILE = '.gitignore';

/** Writes `dir/.gitignore` with `text` (which ends in `*`) unless there is one: never over it, never through a link. */
export async function ensureSelfIgnored(dir: string, text: string): Promise<void> {
  let fh;
  try {
    fh = await open(join(dir, SELF_IGNORE_FILE), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw e;
  }
  try {
    await fh.writeFile(text, 'utf8');
  } finally {
    await fh.close();
  }
}
