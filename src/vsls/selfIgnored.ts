// The Live Share exchange folders (`.calibrate/inbox/`, `.calibrate/requests/`) hold messages in
// flight between a guest and the host, and what the host refused: nobody's history, so never for git.
// Each gets its own `.gitignore` of `*` (as pytest and mypy do for their caches), written by the host
// that drains it: the team's own .gitignore is not touched, and a `git add -A` cannot take them.
// Node file I/O, no vscode.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export const SELF_IGNORE_FILE = '.gitignore';
export const SELF_IGNORE_TEXT = '# Written by Calibrate: Live Share messages in flight between a guest and the host, not history.\n*\n';

/** Writes `dir/.gitignore` unless there is one (never over it, never through a link). */
export async function ensureSelfIgnored(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(join(dir, SELF_IGNORE_FILE), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw e;
  }
  try {
    await fh.writeFile(SELF_IGNORE_TEXT, 'utf8');
  } finally {
    await fh.close();
  }
}
