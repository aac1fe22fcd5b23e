// What the chart overlays say, from the context items' fields (never from their display titles):
// holidays and events as spans, deploys and clock changes as lines. Pure, no DOM and no Chart.js,
// so it is unit-tested in Node; chart.ts turns these into annotations.
import type { ReportSnapshot } from '../src/messaging/protocol';

type Item = ReportSnapshot['context'][number];

/** A shaded span: overlapping holidays merge into one, named by their countries ("BR, MX holidays"). */
export interface OverlaySpan {
  readonly kind: Item['kind'];
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/** A line at an instant: a deploy labelled with its git ref, a clock change unlabelled (dashed). */
export interface OverlayLine {
  /** The item's index in the snapshot's context. */
  readonly index: number;
  readonly kind: Item['kind'];
  readonly at: number;
  readonly label?: string;
}

/** What a context item is called on the chart: a holiday by its country, an event by its name, a deploy by its ref. */
export function overlayName(c: Item): string | undefined {
  switch (c.kind) {
    case 'holiday':
      return c.country;
    case 'event':
      return c.name;
    case 'deploy':
      return c.ref;
    case 'dst':
      return undefined;
  }
}

/** Items with a duration, as spans; a holiday overlapping the previous holiday span joins it. */
export function overlaySpans(items: readonly Item[]): OverlaySpan[] {
  const spans: { kind: Item['kind']; start: number; end: number; names: string[] }[] = [];
  for (const c of items) {
    if (c.end <= c.start) continue;
    const name = overlayName(c) ?? '';
    const last = spans[spans.length - 1];
    if (c.kind === 'holiday' && last?.kind === 'holiday' && c.start < last.end) {
      last.end = Math.max(last.end, c.end);
      if (!last.names.includes(name)) last.names.push(name);
    } else spans.push({ kind: c.kind, start: c.start, end: c.end, names: [name] });
  }
  return spans.map(sp => ({
    kind: sp.kind,
    start: sp.start,
    end: sp.end,
    label: sp.kind === 'holiday' ? `${sp.names.join(', ')} holiday${sp.names.length > 1 ? 's' : ''}` : sp.names.join(', '),
  }));
}

/** Instants (deploys, clock changes) as lines; a clock change carries no label. */
export function overlayLines(items: readonly Item[]): OverlayLine[] {
  const out: OverlayLine[] = [];
  items.forEach((c, index) => {
    if (c.end > c.start) return;
    const label = c.kind === 'dst' ? undefined : overlayName(c);
    out.push({ index, kind: c.kind, at: c.start, ...(label !== undefined ? { label } : {}) });
  });
  return out;
}
