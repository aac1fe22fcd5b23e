// Where a YAML syntax error's real mistake is. The yaml library reports where it noticed the problem,
// which is often a line away from the mistake: an unclosed `{` at the next line, an over-indented
// line at the key above it, an over-indented first item of a mapping at its second item.
import { isCollection, isNode, isScalar, visit, type Document, type LineCounter, type YAMLParseError } from 'yaml';

/** A place in a file, both 1-based. */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

/**
 * The error's position, moved to the mistake in the cases the library is known to misplace; every other
 * error stays where the library puts it. `doc` is undefined when composing stopped early.
 */
export function errorPos(e: YAMLParseError, text: string, doc: Document.Parsed | undefined, lines: LineCounter, layout: () => Layout): SourcePos {
  const pos = e.pos[0];
  const at = (offset: number): SourcePos => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const opened = unclosedAtEnd(text, doc, pos);
  if (opened !== undefined) return at(opened);
  if (e.code === 'BAD_INDENT' && e.message.startsWith('Flow ') && doc) {
    // "Flow map in block collection must … end with a }": noticed at the next line, opened earlier.
    const open = unclosedFlow(text, doc, pos);
    if (open !== undefined) return at(open);
  }
  if ((e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') && doc) {
    // `title: x` then ` timezone: y` one space deeper reads as the mapping "x timezone: y" in the value
    // of `title`: the library names the first line, the mistake is the deeper one, or an off line above
    // it (`source:`, ` type: csv`, then `  path: p` at the usual depth). Left where the library puts
    // them: `label: a: b` (a one-line key) and `country` then `  values:` (a key without its colon).
    const keyEnd = firstKeyEnd(doc, pos);
    const first = lines.linePos(pos).line;
    const deeper = keyEnd === undefined ? 0 : lines.linePos(keyEnd).line;
    const inValue = /[^\s-]/.test(text.slice(text.lastIndexOf('\n', pos - 1) + 1, pos));
    if (inValue && deeper > first && layout().indent(deeper) > layout().indent(first)) return layout().lineStart(layout().firstOffLine(deeper) ?? deeper);
  }
  if (e.code === 'BAD_INDENT' || e.code === 'UNEXPECTED_TOKEN' || e.code === 'MISSING_CHAR') {
    // An over-indented first item is noticed at the next item, which is where it should be.
    const line = lines.linePos(pos).line;
    const off = layout().firstOffLine(line);
    if (off !== undefined && off !== line) return layout().lineStart(off);
  }
  // An error the library places in a line's indentation (BAD_INDENT at column 1): its first character.
  const { line, col } = lines.linePos(pos);
  return col <= layout().indent(line) ? layout().lineStart(line) : { line, column: col };
}

/**
 * An unclosed quote or bracket is reported at the end of the input, one line past the last one:
 * the offset where the unclosed value opened instead (or the last character, without a document).
 */
function unclosedAtEnd(text: string, doc: Document.Parsed | undefined, pos: number): number | undefined {
  const contentEnd = text.slice(0, pos).trimEnd().length;
  if (text.slice(pos).trim() !== '' || contentEnd === 0) return undefined;
  let open = -1;
  if (doc)
    visit(doc, {
      Node(_key, node) {
        // a quoted scalar or a flow collection; a plain scalar inside a `[` is not what is open
        if (isScalar(node) && node.type === 'PLAIN') return;
        if (node.range && node.range[0] < contentEnd && node.range[2] >= contentEnd) open = Math.max(open, node.range[0]);
      },
    });
  return open >= 0 ? open : contentEnd - 1;
}

/** The `{` or `[` of the innermost flow collection around `pos` that has no closing bracket. */
function unclosedFlow(text: string, doc: Document.Parsed, pos: number): number | undefined {
  let open: number | undefined;
  visit(doc, {
    Node(_key, node) {
      if (!isCollection(node) || !node.flow || !node.range) return;
      const [start, end, nodeEnd] = node.range;
      if (start < pos && pos <= nodeEnd && !/[}\]]$/.test(text.slice(start, end).trimEnd())) open = Math.max(open ?? -1, start);
    },
  });
  return open;
}

/** Where the first key of the mapping that starts at `pos` ends. */
function firstKeyEnd(doc: Document.Parsed, pos: number): number | undefined {
  let end: number | undefined;
  visit(doc, {
    Map(_key, node) {
      const key: unknown = node.items[0]?.key;
      if (node.range?.[0] === pos && isNode(key) && key.range) end ??= key.range[1];
    },
  });
  return end;
}

/**
 * The indentation of the file's lines, for the errors of a line indented wrongly. A line is "off" when
 * it is not indented one step deeper than its parent (the closest line above it indented less, or the
 * top of the file), the step being the file's usual one: the most common indentation increase between
 * consecutive lines, 2 when there is none. Lines are 1-based here.
 */
export interface Layout {
  /** Spaces before the line's first character; -1 for a blank or comment line. */
  indent(line: number): number;
  /**
   * The first off line at or above `line` in its block (below the closest line that is not off and is
   * indented a step less); undefined if none.
   */
  firstOffLine(line: number): number | undefined;
  /** The first character that is not a space on `line`. */
  lineStart(line: number): SourcePos;
}

export function layoutOf(text: string): Layout {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  // indent[i] of line i + 1: its leading spaces, or -1 for a blank or comment line.
  const indent = starts.map((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
    let j = s;
    while (j < end && text[j] === ' ') j++;
    const rest = text.slice(j, end).trim();
    return rest === '' || rest.startsWith('#') ? -1 : j - s;
  });
  const increases = new Map<number, number>();
  let last = -1;
  for (const n of indent) {
    if (n < 0) continue;
    if (last >= 0 && n > last) increases.set(n - last, (increases.get(n - last) ?? 0) + 1);
    last = n;
  }
  // A tie (a short file with one odd line) goes to 2, then to the smaller step.
  let step = 2;
  let most = increases.get(2) ?? 0;
  for (const [d, count] of increases) if (count > most || (count === most && step !== 2 && d < step)) [step, most] = [d, count];
  // One pass with a stack of the open parents' indents: each line is off or not.
  const off = new Array<boolean>(indent.length).fill(false);
  const open: number[] = [];
  indent.forEach((n, i) => {
    if (n < 0) return;
    while (open.length && open[open.length - 1] >= n) open.pop();
    off[i] = n !== (open.length ? open[open.length - 1] : -step) + step;
    open.push(n);
  });
  return {
    indent: line => indent[line - 1] ?? -1,
    firstOffLine(line) {
      const i = line - 1;
      if (!(indent[i] >= 0)) return undefined;
      let top = i;
      while (top > 0 && !(indent[top - 1] >= 0 && indent[top - 1] <= indent[i] - step && !off[top - 1])) top--;
      for (let j = top; j <= i; j++) if (off[j]) return j + 1;
      return undefined;
    },
    lineStart(line) {
      return { line, column: Math.max(indent[line - 1] ?? 0, 0) + 1 };
    },
  };
}
