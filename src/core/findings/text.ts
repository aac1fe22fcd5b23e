// Putting people's words into generated markdown and SVG without letting them change its structure
// (issue 13). A note may hold "| # <script>": in the post-mortem it must read as those characters,
// not as a table cell break, a heading or HTML. Markdown marks are stripped (bold, code, links keep
// their words), then what is left is escaped. Pure: no vscode, no I/O.

const URL_RE = /https?:\/\/[^\s<>|"'`\\]+[^\s<>|"'`\\.,;:!?)\]]/g;

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

/** Escape what markdown would read as structure inside a line: every special character. */
function escapeInline(s: string): string {
  return s
    .replace(/[\\`*_[\]|#]/g, c => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
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
  const l = escapePiece(stripMarks(clean(line)));
  const m = BLOCK_START.exec(l);
  if (!m) return l;
  // "1." needs its dot escaped (a backslash before a digit is not an escape); the others their mark.
  return /^\d/.test(l) ? l.replace(/^(\d+)/, '$1\\') : `\\${l}`;
}

/** User text on one line (a table cell, a list item, a heading): whitespace collapsed, escaped. */
export function inline(text: string): string {
  return escapeLine(text.replace(/\s+/g, ' '));
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
export function headingText(text: string): string {
  return inline(text).replace(/[.,;:!。，；：！]+$/, '') || 'Untitled';
}
