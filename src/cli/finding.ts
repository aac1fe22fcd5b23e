// `calibrate finding adr|postmortem INVESTIGATION`: the findings of issue 13 written outside the
// editor, so a CI job can regenerate and diff them. The adapter for src/core/findings: it reads the
// team's ADR conventions (.adr-dir, .log4brains.yml, the candidate folders) inside the folder only,
// and writes with 'wx': an existing file is never overwritten, whatever it holds. Plain Node.
import { lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { adrMarkdown } from '../core/findings/adr';
import { ADR_CANDIDATES, adrFolder, cleanDir, nextAdr } from '../core/findings/adrFolder';
import { postmortemMarkdown } from '../core/findings/postmortem';
import { foldLog } from '../core/investigation';
import { readWorkspaceText, resolveInWorkspace, WorkspaceFileError } from '../workspace/safeFiles';
import { LogReadError, readLogFile, type CommandOutput } from './investigation';
import { printable } from './problems';

export const POSTMORTEM_DIR = 'docs/postmortems';
/** .adr-dir holds a path; .log4brains.yml a few lines. Anything larger is not one. */
const MAX_CONVENTION_BYTES = 64 * 1024;

/** A file exists where a finding would go: nothing is written. */
class FileExists extends Error {}

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
    const written = cmd.finding === 'adr' ? await writeAdr(inv, cmd, root, cwd, logAbs, now) : await writePostmortem(inv, cmd.out, root, cwd, now);
    return { stdout: written.map(p => `${printable(relative(cwd, p) || p)}\n`).join(''), stderr: '', code: 0 };
  } catch (e) {
    if (e instanceof FileExists || e instanceof LogReadError || e instanceof WorkspaceFileError) {
      return { stdout: '', stderr: `calibrate: ${printable(e.message)}\n`, code: 1 };
    }
    if (e instanceof Error && 'code' in e) return { stdout: '', stderr: `calibrate: the finding could not be written: ${printable(e.message)}\n`, code: 1 };
    throw e;
  }
}

type Inv = Parameters<typeof adrMarkdown>[0];

async function writeAdr(inv: Inv, cmd: { readonly out?: string; readonly title?: string }, root: string, cwd: string, logAbs: string, now: number) {
  const [adrDir, log4brains] = await Promise.all([convention(root, '.adr-dir'), convention(root, '.log4brains.yml')]);
  const dirs = [...new Set([cleanDir(adrDir?.split(/\r?\n/)[0]), ...ADR_CANDIDATES].filter((d): d is string => d !== undefined))];
  const listed = await Promise.all(dirs.map(async d => ({ d, names: await listDir(root, d) })));
  const files = listed.flatMap(({ d, names }) => (names ? [d, ...names.map(n => `${d}/${n}`)] : []));
  const { dir } = adrFolder({ files, ...(adrDir !== undefined ? { adrDir } : {}), ...(log4brains !== undefined ? { log4brains } : {}) });
  const s = inv.state;
  // The close's date, so regenerating the same log gives the same file; an open one is dated today.
  const date = (s.closed?.at ?? new Date(now).toISOString()).slice(0, 10);
  const title = cmd.title ?? s.closed?.decision ?? s.title ?? inv.name;
  const existing = listed.find(l => l.d === dir)?.names ?? (await listDir(root, dir)) ?? [];
  const { number, file } = nextAdr(existing, title, date);
  const out = cmd.out !== undefined ? resolve(cwd, cmd.out) : await confinedDir(root, dir, 'the ADR folder');
  await mkdir(out, { recursive: true });
  const markdown = adrMarkdown(inv, { number, date, ...(cmd.title !== undefined ? { title: cmd.title } : {}), logHref: href(out, logAbs) });
  return writeAll([{ path: join(out, file), text: markdown }]);
}

async function writePostmortem(inv: Inv, outArg: string | undefined, root: string, cwd: string, now: number) {
  const out = outArg !== undefined ? resolve(cwd, outArg) : await confinedDir(root, POSTMORTEM_DIR, 'the post-mortem folder');
  const pm = postmortemMarkdown(inv, { now, imageDir: 'images' });
  const files = [{ path: join(out, `${inv.name}.md`), text: pm.markdown }];
  for (const img of pm.images) {
    const rel = posix.normalize(img.file);
    if (posix.isAbsolute(rel) || rel.split('/').includes('..')) throw new Error(`an image name leaves the post-mortem's folder: ${img.file}`);
    files.push({ path: join(out, ...rel.split('/')), text: img.svg });
  }
  return writeAll(files);
}

/** Every file, or none: all are checked first, then each is opened with 'wx' (a file made meanwhile still stops it). */
async function writeAll(files: readonly { path: string; text: string }[]): Promise<string[]> {
  const there = (await Promise.all(files.map(async f => ((await lstat(f.path).catch(() => undefined)) ? f.path : undefined)))).filter(p => p !== undefined);
  if (there.length)
    throw new FileExists(
      `${there.join(', ')} already exist${there.length === 1 ? 's' : ''}: a finding never overwrites a file (move it, or write elsewhere with --out)`,
    );
  const done: string[] = [];
  for (const f of files) {
    await mkdir(dirname(f.path), { recursive: true });
    try {
      await writeFile(f.path, f.text, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExists(`${f.path} appeared while writing: it is not overwritten`);
      throw e;
    }
    done.push(f.path);
  }
  return done;
}

/** The link from a file in `dir` to the log, with '/'. */
const href = (dir: string, logAbs: string) => relative(dir, logAbs).split(sep).join('/');

/** The text of a convention file at the folder's top (.adr-dir, .log4brains.yml), undefined when it is not there. */
async function convention(root: string, file: string): Promise<string | undefined> {
  try {
    return await readWorkspaceText(root, file, { what: `the ADR convention file ${file}`, maxBytes: MAX_CONVENTION_BYTES });
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal === 'missing') return undefined;
    throw e;
  }
}

/** The names in a folder inside the workspace, undefined when it is not there (or leads outside: not ours to list). */
async function listDir(root: string, dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(await resolveInWorkspace(root, dir, 'an ADR folder'));
  } catch (e) {
    if (e instanceof WorkspaceFileError || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * The folder `rel` inside the workspace, made when missing. The nearest part of it that exists is
 * checked first, so a link to elsewhere (docs -> /etc) stops it before anything is made there.
 */
async function confinedDir(root: string, rel: string, what: string): Promise<string> {
  const parts = rel.split('/');
  for (let i = parts.length; i > 0; i--) {
    try {
      await resolveInWorkspace(root, parts.slice(0, i).join('/'), what);
      break;
    } catch (e) {
      if (!(e instanceof WorkspaceFileError && e.refusal === 'missing')) throw e;
    }
  }
  await mkdir(join(root, ...parts), { recursive: true });
  return resolveInWorkspace(root, rel, what);
}
