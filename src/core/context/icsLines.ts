// One pass over .ics text to find where each VEVENT starts, so errors and event sources can name a
// line without searching the file per event. Handles RFC 5545 line folding: a line that starts
// with a space or tab continues the previous one and does not start a property.

export interface VeventBlock {
  /** 1-based line of BEGIN:VEVENT. */
  readonly line: number;
  /** 0-based physical line indexes of BEGIN:VEVENT and END:VEVENT (inclusive). */
  readonly first: number;
  readonly last: number;
  /** 1-based lines of the event's own properties (not those of a nested VALARM), by upper-case name. */
  readonly props: ReadonlyMap<string, readonly number[]>;
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** The VEVENT blocks of a calendar, in document order (the order ical.js lists them in). */
export function veventBlocks(lines: readonly string[]): VeventBlock[] {
  const blocks: VeventBlock[] = [];
  let open: { first: number; props: Map<string, number[]> } | undefined;
  let depth = 0; // components nested inside the open VEVENT (VALARM)
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.startsWith(' ') || raw.startsWith('\t')) continue; // folded continuation
    // A folded name is vanishingly rare; the name is what comes before the first ; or :.
    const name = /^[^;:]*/.exec(raw)![0].trim().toUpperCase();
    const value = raw
      .slice(name.length + 1)
      .trim()
      .toUpperCase();
    if (name === 'BEGIN') {
      if (value === 'VEVENT' && !open) open = { first: i, props: new Map() };
      else if (open) depth++;
    } else if (name === 'END' && open) {
      if (depth > 0) depth--;
      else if (value === 'VEVENT') {
        blocks.push({ line: open.first + 1, first: open.first, last: i, props: open.props });
        open = undefined;
      }
    } else if (open && depth === 0 && name) {
      const at = open.props.get(name);
      if (at) at.push(i + 1);
      else open.props.set(name, [i + 1]);
    }
  }
  return blocks;
}

/** The 1-based line of a property in a block (the first, or the n-th), else the BEGIN:VEVENT line. */
export function propLine(block: VeventBlock | undefined, name: string, n = 0): number | undefined {
  return block?.props.get(name)?.[n] ?? block?.line;
}
