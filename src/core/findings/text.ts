// Putting people's words into generated markdown and SVG without letting them change its structure
// (issue 13). A note may hold "| # <script>": in the post-mortem it must read as those characters,
// not as a table cell break, a heading or HTML. Markdown marks are stripped (bold, code, links keep
// their words), then what is left is escaped. Pure: no vscode, no I/O.

const URL_RE = /https?:\/\/[^\s<>|"'`\\]*[^\s<>|"'`\\.,;:!?)\]]/gi;

/** `<`, `>`, `&` as entities, so HTML in a note is text in markdown and in SVG. */
export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Bold, italics, code spans, links and images reduced to their words. */
function stripMarks(s: string): string {
  return s
    .replace(/!?\[([^\]\n]*)\]\(([^)\s]*)\)/g, (_, words: string, url: string) => (url && url !== words ? `${words} (${url})` : words))
    .replace(/(\*\*|__|~~)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](?=\S)([^*_\n]*?\S)[*_](?!\w)/g, '$1$2')
    .replace(/(`+)([^`\n]+?)\1(?!`)/g, '$2');
}

/** Escape what markdown would read as structure inside a line: every special character, and literal autolinks. */
function escapeInline(s: string): string {
  return (
    s
      .replace(/[\\`*_[\]|#@]/g, c => `\\${c}`)
      // GFM links "www.x.y" and "a@b.c" by themselves (markdownlint's MD034): escaped, they stay text.
      .replace(/(w{3})\./gi, '$1\\.')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

/** One piece of user text, escaped; URLs become autolinks (markdownlint's no-bare-urls). */
function escapePiece(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(URL_RE)) {
    out += escapeInline(s.slice(last, m.index)) + `<${m[0]}>`;
    last = m.index + m[0].length;
  }
  return out + escapeInline(s.slice(last));
}

/** A line start markdown reads as a block: a heading, quote, list, rule, fence, setext underline. */
const BLOCK_START = /^(#|>|[-+*=~](?=\s|$|[-=~*])|\d{1,9}[.)](?=\s|$))/;

/** Control characters and tabs out; a line's leading space out (no indented code blocks). */
const clean = (s: string) =>
  s
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .trim();

function escapeLine(line: string): string {
  // Stripping marks can leave space at an end ("` `"): trimmed again, or a list item or line would start or end with it.
  const l = escapePiece(stripMarks(clean(line)).trim());
  const m = BLOCK_START.exec(l);
  if (!m) return l;
  // "1." needs its dot escaped (a backslash before a digit is not an escape); the others their mark.
  return /^\d/.test(l) ? l.replace(/^(\d+)/, '$1\\') : `\\${l}`;
}

/** User text on one line (a table cell, a list item, a heading): whitespace collapsed, escaped. */
export function inline(text: string): string {
  return escapeLine(text.replace(/\s+/g, ' '));
}

/** A person's name, inline; a name that was only markdown marks ("` `") reads "someone", never nothing. */
export function person(name: string): string {
  return inline(name) || 'someone';
}

/** `inline`, cut to `max` characters (for the one-line timeline). */
export function inlineShort(text: string, max = 160): string {
  const one = clean(text.replace(/\s+/g, ' '));
  return inline(one.length > max ? `${one.slice(0, max - 1).trimEnd()}…` : one);
}

/** User text as paragraphs: each line its own escaped line, blank-line runs made one, nothing trailing. */
export function paragraphs(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const l = escapeLine(raw);
    if (l === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(l);
  }
  while (out.at(-1) === '') out.pop();
  return out;
}

/** A heading's text: inline, without the trailing punctuation markdownlint refuses (MD026). */
export function headingText(text: string, fallback = 'Untitled'): string {
  return inline(text).replace(/[\s.,;:!。，；：！]+$/, '') || fallback;
}

/** markdownlint's default line length (MD013): generated prose is wrapped to it. */
export const WIDTH = 80;

/** A continuation line that would start a block (list, heading, setext line): its first mark escaped. */
const escapeStart = (l: string) => (BLOCK_START.test(l) ? (/^\d/.test(l) ? l.replace(/^(\d+)/, '$1\\') : `\\${l}`) : l);

/**
 * One markdown line (a paragraph line, or a "- " list item) wrapped at spaces to `width` columns, a
 * list item's continuation indented two spaces. A word longer than the width stays whole on its own
 * line (MD013 allows a last word that starts within the limit). Lines are already escaped text: a
 * space never falls inside an escape, an entity, an autolink or a link target.
 */
export function wrapLine(line: string, width = WIDTH): string[] {
  if (line.length <= width) return [line];
  const item = /^- /.test(line);
  const words = (item ? line.slice(2) : line).split(' ').filter(w => w !== '');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && 2 * +item + cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = escapeStart(w); // a new line's first word, escaped before it is measured
    } else cur = cur ? `${cur} ${w}` : w;
  }
  lines.push(cur);
  return lines.map((l, i) => (i === 0 ? (item ? `- ${l}` : l) : `${item ? '  ' : ''}${l}`));
}

/** A heading line within `width` columns (a heading cannot wrap): cut at a word, with "…". */
export function fitHeading(prefix: string, text: string, width = WIDTH): string {
  if (prefix.length + text.length <= width) return prefix + text;
  let cut = '';
  for (const w of text.split(' ')) {
    const next = cut ? `${cut} ${w}` : w;
    if (prefix.length + next.length + 1 > width) break;
    cut = next;
  }
  // A first word longer than the line stays whole: markdownlint allows a last word that starts within the limit.
  if (!cut && !text.includes(' ')) return prefix + text;
  return `${prefix}${(cut || text.split(' ')[0]!).replace(/[\s,;:]+$/, '')}…`;
}

/**
 * A table (cells escaped by the caller), never cut: the post-mortem's action items and evidence are
 * tables, as SRE templates have them. A row cannot wrap, so a table wider than `width` columns is
 * fenced by markdownlint's own inline comments that turn off the line-length rule (MD013) for it
 * alone: the rest of the file keeps the project's limit, and a table stays a table.
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], width = WIDTH): string[] {
  const cell = (c: string) => c || ' ';
  const table = [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(r => `| ${r.map(cell).join(' | ')} |`)];
  if (table.every(l => l.length <= width)) return table;
  return ['<!-- markdownlint-disable MD013 -->', ...table, '<!-- markdownlint-enable MD013 -->'];
}
