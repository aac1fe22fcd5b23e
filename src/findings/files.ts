// Where a finding's files go and how they are written (issue 13), shared by `calibrate finding` and
// the editor's commands: the team's ADR conventions (.adr-dir, .log4brains.yml, the candidate
// folders) are read inside the folder only, and every file is opened with 'wx' after all were
// checked, so a finding never overwrites a file. Plain Node: no vscode (the CLI runs without it).
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import { adrMarkdown } from '../core/findings/adr';
import { ADR_CANDIDATES, adrFolder, cleanDir, nextAdr } from '../core/findings/adrFolder';
import { postmortemMarkdown } from '../core/findings/postmortem';
import { readWorkspaceText, resolveInWorkspace, WorkspaceFileError } from '../workspace/safeFiles';

export const POSTMORTEM_DIR = 'docs/postmortems';
/** .adr-dir holds a path; .log4brains.yml a few lines. Anything larger is not one. */
const MAX_CONVENTION_BYTES = 64 * 1024;
/** An ADR larger than this is not read when looking for the one an investigation wrote already. */
const MAX_ADR_BYTES = 1024 * 1024;

/** A file exists where a finding would go: nothing is written. */
export class FileExists extends Error {
  constructor(
    message: string,
    readonly paths: readonly string[],
  ) {
    super(message);
  }
}

export type FindingInvestigation = Parameters<typeof adrMarkdown>[0];
/** One file of a finding: absolute path and text. The first of a plan is the markdown. */
export interface FindingFile {
  readonly path: string;
  readonly text: string;
}

/**
 * The ADR of an investigation, numbered after the highest in the team's ADR folder (`out`: another
 * folder). With `reuse`, an ADR in the folder that already links to this investigation's log is
 * planned again under its own name and number (the editor's regenerate-and-diff), not a new one.
 */
export async function planAdr(
  inv: FindingInvestigation,
  opts: { readonly root: string; readonly logAbs: string; readonly now: number; readonly out?: string; readonly title?: string; readonly reuse?: boolean },
): Promise<FindingFile[]> {
  const { root } = opts;
  const [adrDir, log4brains] = await Promise.all([convention(root, '.adr-dir'), convention(root, '.log4brains.yml')]);
  const dirs = [...new Set([cleanDir(adrDir?.split(/\r?\n/)[0]), ...ADR_CANDIDATES].filter((d): d is string => d !== undefined))];
  const listed = await Promise.all(dirs.map(async d => ({ d, names: await listDir(root, d) })));
  const files = listed.flatMap(({ d, names }) => (names ? [d, ...names.map(n => `${d}/${n}`)] : []));
  const { dir } = adrFolder({ files, ...(adrDir !== undefined ? { adrDir } : {}), ...(log4brains !== undefined ? { log4brains } : {}) });
  const s = inv.state;
  // The close's date, so regenerating the same log gives the same file; an open one is dated today.
  const date = (s.closed?.at ?? new Date(opts.now).toISOString()).slice(0, 10);
  const title = opts.title ?? s.closed?.decision ?? s.title ?? inv.name;
  const existing = listed.find(l => l.d === dir)?.names ?? (await listDir(root, dir)) ?? [];
  const out = opts.out ?? (await confinedDir(root, dir, 'the ADR folder'));
  const before = opts.reuse ? await adrOf(out, existing, inv.name) : undefined;
  const { number, file } = before ?? nextAdr(existing, title, date);
  const markdown = adrMarkdown(inv, { number, date, ...(opts.title !== undefined ? { title: opts.title } : {}), logHref: href(out, opts.logAbs) });
  return [{ path: join(out, file), text: markdown }];
}

/** The post-mortem `<name>.md` and its images/*.svg, in docs/postmortems (`out`: another folder). */
export async function planPostmortem(
  inv: FindingInvestigation,
  opts: { readonly root: string; readonly now: number; readonly out?: string },
): Promise<FindingFile[]> {
  const out = opts.out ?? (await confinedDir(opts.root, POSTMORTEM_DIR, 'the post-mortem folder'));
  const pm = postmortemMarkdown(inv, { now: opts.now, imageDir: 'images' });
  const files = [{ path: join(out, `${inv.name}.md`), text: pm.markdown }];
  for (const img of pm.images) {
    const rel = posix.normalize(img.file);
    if (posix.isAbsolute(rel) || rel.split('/').includes('..')) throw new Error(`an image name leaves the post-mortem's folder: ${img.file}`);
    files.push({ path: join(out, ...rel.split('/')), text: img.svg });
  }
  return files;
}

/** Every file, or none: all are checked first, then each is opened with 'wx' (a file made meanwhile still stops it). */
export async function writeAll(files: readonly FindingFile[], hint = 'move it, or write elsewhere with --out'): Promise<string[]> {
  const there = (await Promise.all(files.map(async f => ((await lstat(f.path).catch(() => undefined)) ? f.path : undefined)))).filter(p => p !== undefined);
  if (there.length)
    throw new FileExists(`${there.join(', ')} already exist${there.length === 1 ? 's' : ''}: a finding never overwrites a file (${hint})`, there);
  const done: string[] = [];
  for (const f of files) {
    await mkdir(dirname(f.path), { recursive: true });
    try {
      await writeFile(f.path, f.text, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExists(`${f.path} appeared while writing: it is not overwritten`, [f.path]);
      throw e;
    }
    done.push(f.path);
  }
  return done;
}

/** The link from a file in `dir` to the log, with '/'. */
const href = (dir: string, logAbs: string) => relative(dir, logAbs).split(sep).join('/');

/** The numbered ADR in `dir` that links to this investigation's log, when one does. */
async function adrOf(dir: string, names: readonly string[], name: string): Promise<{ number: number; file: string } | undefined> {
  const log = `${name}.jsonl`;
  for (const file of [...names].sort().reverse()) {
    const m = /^(\d+)-.*\.md$/i.exec(file);
    if (!m) continue;
    const path = join(dir, file);
    const st = await lstat(path).catch(() => undefined);
    if (!st?.isFile() || st.size > MAX_ADR_BYTES) continue;
    if ((await readFile(path, 'utf8')).includes(log)) return { number: Number(m[1]), file };
  }
  return undefined;
}

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
