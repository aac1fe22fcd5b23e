// Where a team keeps its ADRs and how it names them (issue 13): adr-tools' .adr-dir, log4brains'
// .log4brains.yml, an existing docs/adr, docs/decisions or doc/adr, else docs/adr; the next number
// after the highest, in the existing file-name style; and the old ADR's status when a new one
// supersedes it (computed here, shown to the user as an edit by the adapter). Pure: the adapter
// reads the files; their contents are untrusted (a path in .adr-dir must stay inside the folder).
import { parse } from 'yaml';

export type AdrFolderSource = 'adr-tools' | 'log4brains' | 'existing' | 'default';

export const ADR_CANDIDATES = ['docs/adr', 'docs/decisions', 'doc/adr'] as const;
export const DEFAULT_ADR_DIR = 'docs/adr';

/** A workspace-relative folder with '/', or undefined when it is empty, absolute or leaves the folder. */
export function cleanDir(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const p = raw.trim().replace(/\\/g, '/');
  if (!p || p.includes('\0') || p.startsWith('/') || /^[A-Za-z]:/.test(p)) return undefined;
  const parts = p.split('/').filter(x => x !== '' && x !== '.');
  if (!parts.length || parts.includes('..')) return undefined;
  return parts.join('/');
}

/** log4brains' `project.adrFolder` (or a top-level `adrFolder`), if the YAML has one. */
function log4brainsDir(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined; // a broken file is no convention: fall through to the next source
  }
  const obj = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const d = obj(doc);
  const v = obj(d?.project)?.adrFolder ?? d?.adrFolder;
  return typeof v === 'string' ? cleanDir(v) : undefined;
}

export function adrFolder(input: {
  /** Workspace-relative paths that exist (files, or folders). */
  readonly files: readonly string[];
  /** The contents of .adr-dir. */
  readonly adrDir?: string;
  /** The contents of .log4brains.yml. */
  readonly log4brains?: string;
}): { dir: string; source: AdrFolderSource } {
  const fromTools = cleanDir(input.adrDir?.split(/\r?\n/)[0]);
  if (fromTools) return { dir: fromTools, source: 'adr-tools' };
  const fromL4b = input.log4brains !== undefined ? log4brainsDir(input.log4brains) : undefined;
  if (fromL4b) return { dir: fromL4b, source: 'log4brains' };
  const files = input.files.map(f => f.replace(/\\/g, '/').replace(/^\.\//, ''));
  const existing = ADR_CANDIDATES.find(d => files.some(f => f === d || f.startsWith(`${d}/`)));
  return existing ? { dir: existing, source: 'existing' } : { dir: DEFAULT_ADR_DIR, source: 'default' };
}

/** "0016-pair-investigation.md" -> its number and digits; date-named (log4brains) files apart. */
const NUMBERED = /^(\d+)-[^/]*\.(md|markdown)$/i;
const DATED = /^((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])-[^/]*\.(md|markdown)$/i;

/** A file-name slug: lower case, ASCII letters and digits, words joined by '-', at most 60 characters at a word. */
export function slug(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = s.length > 60 ? s.slice(0, 61).replace(/-[^-]*$/, '') : s;
  return cut || 'decision';
}

/**
 * The next ADR's number and file name, after the highest existing number (gaps are not filled), in the
 * style of the names there: zero-padded to their width (0016-…, 001-…), unpadded (7-…), or, for
 * log4brains' date-named files (20201231-…), the date (yyyy-mm-dd) with the number counting the ADRs.
 * An empty folder gets adr-tools' and MADR's style, 0001-….
 */
export function nextAdr(files: readonly string[], title: string, date?: string): { number: number; file: string } {
  const names = files.map(f => f.replace(/\\/g, '/').split('/').pop()!);
  const dated = names.filter(n => DATED.test(n));
  const numbered = names.filter(n => NUMBERED.test(n) && !DATED.test(n)).map(n => NUMBERED.exec(n)![1]!);
  const ymd = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.replace(/-/g, '') : undefined;
  if (ymd && dated.length > numbered.length) return { number: dated.length + 1, file: `${ymd}-${slug(title)}.md` };
  const highest = numbered.reduce((m, d) => Math.max(m, Number(d)), 0);
  const padded = numbered.filter(d => d.length > 1 && d.startsWith('0'));
  const width = !numbered.length ? 4 : padded.length ? Math.max(...padded.map(d => d.length)) : 0;
  const number = highest + 1;
  return { number, file: `${String(number).padStart(width, '0')}-${slug(title)}.md` };
}

/**
 * The old ADR's text with its status set to "superseded by [ADR N](file)": the front matter's
 * `status:` (MADR), else the body of a "## Status" section (adr-tools, Nygard). Undefined when the
 * text has neither, so the caller says so instead of guessing. Line endings are kept.
 */
export function supersededStatus(oldAdrText: string, newNumber: number, newFile: string): string | undefined {
  const nl = oldAdrText.includes('\r\n') ? '\r\n' : '\n';
  const lines = oldAdrText.split(/\r?\n/);
  const n = /^\d+/.exec(newFile.split('/').pop() ?? '')?.[0] ?? String(newNumber);
  const link = `[ADR ${n}](${newFile.replace(/[ ()]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) {
      const at = lines.findIndex((l, i) => i > 0 && i < end && /^status\s*:/.test(l));
      const status = `status: superseded by ${link}`;
      if (at > 0) lines[at] = status;
      else lines.splice(1, 0, status);
      return lines.join(nl);
    }
  }
  const head = lines.findIndex(l => /^#{1,6}\s+status\s*#*\s*$/i.test(l));
  if (head < 0) return undefined;
  let next = lines.findIndex((l, i) => i > head && /^#{1,6}\s/.test(l));
  if (next < 0) next = lines.length;
  const tail = next < lines.length ? [''] : lines.at(-1) === '' ? [''] : [];
  lines.splice(head + 1, next - head - 1, '', `Superseded by ${link}`, ...tail);
  return lines.join(nl);
}
