// The markdownlint default rules a generated finding can break, checked without markdownlint (it is
// not a dependency): one H1 first (MD025, MD041), headings one level at a time (MD001), blank lines
// around headings, lists and tables (MD022, MD032, MD058), no trailing spaces (MD009) or tabs
// (MD010), no double blank lines (MD012), no trailing punctuation in headings (MD026), one column
// count per table (MD056), no raw HTML (MD033), no bare URLs (MD034), images with alt text (MD045),
// one trailing newline (MD047), no fenced code (so no fence without a language, MD040).

/** Cells of a table row: split on pipes that are not backslash-escaped. */
export const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/);

export function markdownProblems(md: string): string[] {
  const problems: string[] = [];
  if (!md.endsWith('\n') || md.endsWith('\n\n')) problems.push('MD047: must end with exactly one newline');
  const lines = md.replace(/\n$/, '').split('\n');
  const kind = (l: string | undefined) =>
    l === undefined ? 'none' : l === '' ? 'blank' : /^#{1,6} /.test(l) ? 'heading' : /^\|/.test(l) ? 'table' : /^- /.test(l) ? 'list' : 'text';
  if (!/^# /.test(lines[0] ?? '')) problems.push('MD041: the first line must be the H1');
  let level = 0;
  let tableColumns = -1;
  lines.forEach((l, i) => {
    const n = i + 1;
    const k = kind(l);
    const before = kind(lines[i - 1]);
    const after = kind(lines[i + 1]);
    if (/[ \t]$/.test(l)) problems.push(`MD009 line ${n}: trailing space`);
    if (l.includes('\t')) problems.push(`MD010 line ${n}: hard tab`);
    if (l === '' && before === 'blank') problems.push(`MD012 line ${n}: two blank lines`);
    if (/^\s*(```|~~~)/.test(l)) problems.push(`MD040 line ${n}: a fence`);
    if (/^ {4}\S/.test(l) && before === 'blank') problems.push(`MD046 line ${n}: an indented code block`);
    if (k === 'heading') {
      const h = /^(#+) (.*)$/.exec(l)!;
      const lv = h[1]!.length;
      if (lv === 1 && i !== 0) problems.push(`MD025 line ${n}: a second H1`);
      if (lv > level + 1) problems.push(`MD001 line ${n}: heading jumps from ${level} to ${lv}`);
      level = lv;
      if (/[.,;:!。，；：！]$/.test(h[2]!)) problems.push(`MD026 line ${n}: heading ends in punctuation`);
      if (before !== 'blank' && before !== 'none') problems.push(`MD022 line ${n}: no blank line before the heading`);
      if (after !== 'blank' && after !== 'none') problems.push(`MD022 line ${n}: no blank line after the heading`);
    } else if (/^\s*#/.test(l) && !/^\\#/.test(l)) problems.push(`line ${n}: starts with # but is not a heading`);
    for (const block of ['list', 'table'] as const) {
      if (k !== block) continue;
      if (before !== block && before !== 'blank' && before !== 'none') problems.push(`line ${n}: no blank line before the ${block}`);
      if (after !== block && after !== 'blank' && after !== 'none') problems.push(`line ${n}: no blank line after the ${block}`);
    }
    if (k === 'table') {
      const c = cells(l).length;
      if (before !== 'table') tableColumns = c;
      else if (c !== tableColumns) problems.push(`MD056 line ${n}: ${c} cells, the table has ${tableColumns}`);
      if (!/(?<!\\)\|$/.test(l)) problems.push(`MD055 line ${n}: no trailing pipe`);
    }
    const html = /<(?!https?:\/\/[^\s<>]+>)[A-Za-z/!?]/.exec(l);
    if (html) problems.push(`MD033 line ${n}: raw HTML at ${html.index + 1}`);
    const bare = /(?<![<(])https?:\/\/\S+/.exec(l);
    if (bare && !/^\(/.test(l.slice(bare.index - 1))) problems.push(`MD034 line ${n}: a bare URL`);
    if (/!\[\s*\]\(/.test(l)) problems.push(`MD045 line ${n}: an image without alt text`);
  });
  return problems;
}
