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
/** ADRs read at once when listing them (see listAdrs). */
const READS_AT_ONCE = 16;

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

/** The ADR a new one supersedes, as found by planAdr: the caller marks its status (never planAdr, which writes nothing). */
export interface SupersededAdr {
  readonly number: number;
  /** The old ADR, absolute, and its text as read when planning. */
  readonly path: string;
  readonly text: string;
  /** The new ADR's number, and the link from the old ADR's folder to it (with '/'). */
  readonly newNumber: number;
  readonly newFile: string;
}

/** An ADR's files (the markdown), and the ADR it supersedes when it does. */
export type AdrPlan = FindingFile[] & { readonly supersedes?: SupersededAdr };

/**
 * The ADR of an investigation, numbered after the highest in the team's ADR folder (`out`: another
 * folder). With `reuse`, an ADR in the folder that already links to this investigation's log is
 * planned again under its own name and number (the editor's regenerate-and-diff), not a new one; it
 * keeps the ADR it said it supersedes. `supersedes`: the number of the ADR in the folder this one
 * replaces (any padding): linked from the new one, and returned so the caller can mark its status.
 */
export async function planAdr(
  inv: FindingInvestigation,
  opts: {
    readonly root: string;
    readonly logAbs: string;
    readonly now: number;
    readonly out?: string;
    readonly title?: string;
    readonly reuse?: boolean;
    readonly supersedes?: number;
  },
): Promise<AdrPlan> {
  const { root } = opts;
  const { dir, names } = await adrDirOf(diskAdrReader(root));
  const s = inv.state;
  // The close's date, so regenerating the same log gives the same file; an open one is dated today.
  const date = (s.closed?.at ?? new Date(opts.now).toISOString()).slice(0, 10);
  const title = opts.title ?? s.closed?.decision ?? s.title ?? inv.name;
  const existing = names ?? [];
  // Before the ADR folder is made: a failed run leaves nothing behind.
  if (opts.supersedes !== undefined) numbered(existing, opts.supersedes, dir);
  const out = opts.out ?? (await confinedDir(root, dir, 'the ADR folder'));
  const before = opts.reuse ? await adrOf(out, existing, inv.name) : undefined;
  const { number, file } = before ?? nextAdr(existing, title, date);
  // Regenerating keeps the ADR it said it supersedes, when that one is still there.
  const kept = opts.supersedes === undefined && before ? keptSupersedes(before.text) : undefined;
  const old =
    opts.supersedes !== undefined
      ? await oldAdr(root, dir, existing, opts.supersedes, number)
      : kept !== undefined
        ? await oldAdr(root, dir, existing, kept, number).catch(e => (e instanceof AdrNotFound ? undefined : Promise.reject(e)))
        : undefined;
  const newPath = join(out, file);
  const markdown = adrMarkdown(inv, {
    number,
    date,
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    logHref: href(out, opts.logAbs),
    ...(old ? { supersedes: { number: old.number, file: href(out, old.path), title: old.title } } : {}),
  });
  const plan: FindingFile[] = [{ path: newPath, text: markdown }];
  return old
    ? Object.assign(plan, { supersedes: { number: old.number, path: old.path, text: old.text, newNumber: number, newFile: href(dirname(old.path), newPath) } })
    : plan;
}

/** A numbered ADR of the team's folder, as the Record Decision pick lists it. */
export interface AdrEntry {
  readonly number: number;
  /** The file name in the folder. */
  readonly file: string;
  readonly title: string;
  /** Its status as written (front matter, or the first line of "## Status"), when it has one. */
  readonly status?: string;
  /** It links to the investigation asked about: the ADR that investigation wrote. */
  readonly ofInvestigation: boolean;
}

/**
 * How the ADR folder is read: from this disk (`diskAdrReader`), or through VS Code's file system by a
 * Live Share guest, whose folder is the host's (src/vsls/sharedFiles.ts). Paths are workspace-relative, with '/'.
 */
export interface AdrFolderReader {
  /** A file's text, at most `maxBytes`; undefined when it is not there; a clear error when it cannot be read. */
  text(rel: string, maxBytes: number, what: string): Promise<string | undefined>;
  /** The names in a folder; undefined when it is not there (or leads outside the folder). */
  list(rel: string): Promise<string[] | undefined>;
}

/** The folder on this disk, read inside the workspace only. */
export const diskAdrReader = (root: string): AdrFolderReader => ({
  text: async (rel, maxBytes, what) => {
    try {
      return await readWorkspaceText(root, rel, { what, maxBytes });
    } catch (e) {
      if (e instanceof WorkspaceFileError && e.refusal === 'missing') return undefined;
      throw e;
    }
  },
  list: rel => listDir(root, rel),
});

/** The team's ADR folder (workspace-relative) and its numbered ADRs, newest first (`root`: on this disk). */
export async function listAdrs(root: string | AdrFolderReader, investigation?: string): Promise<{ dir: string; adrs: AdrEntry[] }> {
  const reader = typeof root === 'string' ? diskAdrReader(root) : root;
  const { dir, names } = await adrDirOf(reader);
  const adrs: AdrEntry[] = [];
  const numbered = (names ?? []).flatMap(file => {
    const m = NUMBERED_ADR.exec(file);
    return m ? [{ file, number: Number(m[1]) }] : [];
  });
  // A few reads at a time: over Live Share each one is a round trip to the host, and a folder of a
  // hundred ADRs read one by one would keep the pick waiting for seconds.
  for (let i = 0; i < numbered.length; i += READS_AT_ONCE) {
    const batch = numbered.slice(i, i + READS_AT_ONCE);
    const texts = await Promise.all(batch.map(({ file }) => reader.text(`${dir}/${file}`, MAX_ADR_BYTES, 'an ADR').catch(() => undefined))); // a file we cannot read is not listed
    batch.forEach(({ file, number }, j) => {
      const text = texts[j];
      if (text === undefined) return;
      const status = adrStatus(text);
      adrs.push({
        number,
        file,
        title: adrTitle(text, file),
        ...(status !== undefined ? { status } : {}),
        ofInvestigation: investigation !== undefined && text.includes(`${investigation}.jsonl`),
      });
    });
  }
  return { dir, adrs: adrs.sort((a, b) => b.number - a.number || (a.file < b.file ? 1 : -1)) };
}

/** The post-mortem `<name>.md` and its images/*.svg, in docs/postmortems (`out`: another folder). */
export async function planPostmortem(
  inv: FindingInvestigation,
  opts: { readonly root: string; readonly now: number; readonly out?: string; readonly logAbs?: string },
): Promise<FindingFile[]> {
  const out = opts.out ?? (await confinedDir(opts.root, POSTMORTEM_DIR, 'the post-mortem folder'));
  // The link back to the log, from wherever the post-mortem is written (--out elsewhere included).
  const pm = postmortemMarkdown(inv, { now: opts.now, imageDir: 'images', ...(opts.logAbs !== undefined ? { logHref: href(out, opts.logAbs) } : {}) });
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
async function adrOf(dir: string, names: readonly string[], name: string): Promise<{ number: number; file: string; text: string } | undefined> {
  const log = `${name}.jsonl`;
  for (const file of [...names].sort().reverse()) {
    const m = /^(\d+)-.*\.md$/i.exec(file);
    if (!m) continue;
    const path = join(dir, file);
    const st = await lstat(path).catch(() => undefined);
    if (!st?.isFile() || st.size > MAX_ADR_BYTES) continue;
    const text = await readFile(path, 'utf8');
    if (text.includes(log)) return { number: Number(m[1]), file, text };
  }
  return undefined;
}

/** "0003-use-postgres.md": an ADR's number and name (a log4brains date-named file reads as a large number: asked for by it only). */
const NUMBERED_ADR = /^(\d+)-[^/]*\.(md|markdown)$/i;

/** The team's ADR folder, workspace-relative, and the names in it (undefined: not there yet). */
async function adrDirOf(reader: AdrFolderReader): Promise<{ dir: string; names: string[] | undefined }> {
  const convention = (file: string) => reader.text(file, MAX_CONVENTION_BYTES, `the ADR convention file ${file}`);
  const [adrDir, log4brains] = await Promise.all([convention('.adr-dir'), convention('.log4brains.yml')]);
  const dirs = [...new Set([cleanDir(adrDir?.split(/\r?\n/)[0]), ...ADR_CANDIDATES].filter((d): d is string => d !== undefined))];
  const listed = await Promise.all(dirs.map(async d => ({ d, names: await reader.list(d) })));
  const files = listed.flatMap(({ d, names }) => (names ? [d, ...names.map(n => `${d}/${n}`)] : []));
  const { dir } = adrFolder({ files, ...(adrDir !== undefined ? { adrDir } : {}), ...(log4brains !== undefined ? { log4brains } : {}) });
  return { dir, names: listed.find(l => l.d === dir)?.names ?? (await reader.list(dir)) };
}

/** An ADR's text, read inside the workspace and capped. */
const readAdr = (root: string, dir: string, file: string) => readWorkspaceText(root, `${dir}/${file}`, { what: 'an ADR', maxBytes: MAX_ADR_BYTES });

/** The ADR numbered `n` in the folder, to be superseded by ADR `newNumber`: a clear error when there is none, several, or it is the new one. */
async function oldAdr(root: string, dir: string, names: readonly string[], n: number, newNumber: number) {
  const file = numbered(names, n, dir);
  if (n === newNumber) throw new AdrNotFound(`ADR ${n} in ${dir} is the one being written: it cannot supersede itself`);
  const text = await readAdr(root, dir, file);
  const path = join(await resolveInWorkspace(root, dir, 'the ADR folder'), file);
  return { number: n, path, text, title: adrTitle(text, file) };
}

/** The one file of the folder numbered `n`, whatever its padding. */
function numbered(names: readonly string[], n: number, dir: string): string {
  const found = names.filter(f => Number(NUMBERED_ADR.exec(f)?.[1] ?? NaN) === n);
  if (!found.length) throw new AdrNotFound(`there is no ADR numbered ${n} in ${dir} to supersede`);
  if (found.length > 1) throw new AdrNotFound(`${dir} has more than one ADR numbered ${n} (${found.join(', ')}): which one is superseded is not clear`);
  return found[0]!;
}

/** The ADR to supersede is not there (or not one): said plainly, nothing is written. */
export class AdrNotFound extends Error {}

/** The front matter's lines (between the opening and closing ---), or none. */
function frontMatter(lines: readonly string[]): readonly string[] {
  const end = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') : -1;
  return end > 0 ? lines.slice(1, end) : [];
}

const unquote = (v: string) =>
  v
    .trim()
    .replace(/^(['"])(.*)\1$/, '$2')
    .trim();

/** An ADR's title: its H1 (without adr-tools' "3. "), else the front matter's title, else its file name. */
export function adrTitle(text: string, file: string): string {
  const lines = text.split(/\r?\n/);
  const fm = frontMatter(lines);
  const body = fm.length || lines[0]?.trim() === '---' ? lines.slice(fm.length + 2) : lines;
  const h1 = body.map(l => /^#\s+(.*?)\s*#*\s*$/.exec(l)?.[1]).find(t => t);
  const fromFm = fm.map(l => /^title\s*:(.*)$/.exec(l)?.[1]).find(t => t !== undefined && unquote(t));
  const t = h1
    ? h1.replace(/^\d+\.\s+/, '')
    : fromFm !== undefined
      ? unquote(fromFm)
      : file
          .replace(/^\d+-/, '')
          .replace(/\.(md|markdown)$/i, '')
          .replace(/-/g, ' ');
  return t.trim() || file;
}

/** An ADR's status as written: the front matter's status, else the first line under "## Status". */
export function adrStatus(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const fm = frontMatter(lines)
    .map(l => /^status\s*:(.*)$/.exec(l)?.[1])
    .find(v => v !== undefined);
  if (fm !== undefined) return unquote(fm) || undefined;
  const head = lines.findIndex(l => /^#{1,6}\s+status\s*#*\s*$/i.test(l));
  if (head < 0) return undefined;
  return (
    lines
      .slice(head + 1)
      .find(l => l.trim() && !/^#{1,6}\s/.test(l))
      ?.trim() ?? undefined
  );
}

/** The number an ADR says it supersedes ("Supersedes [ADR 3](…)"), so regenerating it keeps the link. */
const keptSupersedes = (text: string): number | undefined => {
  const m = /^Supersedes \[ADR (\d+)\]/m.exec(text);
  return m ? Number(m[1]) : undefined;
};

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
