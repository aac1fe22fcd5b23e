// The "why" beside the numbers: the report window's anomalies with their likely explanations,
// grouped into incidents when they share a top cause (the core groups them: snapshot.incidents),
// and the stale-data banner. Native <details> keeps it keyboard-friendly. The week's context list is
// contextList.ts.
import type { PinTarget, ReportSnapshot } from '../src/messaging/protocol';
import { el } from './table';
import { renderHeatmap } from './heatmap';
import { formatAge, formatInstant, sliceName, windowPhrase } from './format';
import { investigationLine, pinButton, type InvestigationActions } from './investigationMarks';
import { explanationPinTarget, heatmapPinTarget } from './investigationModel';

type Anomaly = ReportSnapshot['anomalies'][number];
type Explanation = Anomaly['explanations'][number];
type Slice = Anomaly['where'][number];

export { KIND_WORDS } from '../src/messaging/protocol';

/** Explanations this likely or less sit behind "more": at 0–2% they are noise to a first reading. */
export const UNLIKELY = 0.02;

/** A <section> named by its own <h2>, for screen readers' landmark lists. */
export function titledSection(name: string, title: string): HTMLElement {
  const section = el('section', name);
  const h = el('h2', undefined, title);
  h.id = `${name}-title`;
  section.setAttribute('aria-labelledby', h.id);
  section.append(h);
  return section;
}

/**
 * The banner above the report when the data is stale (core: freshness): how old the latest complete
 * hour is, and which 24 hours the report really shows. Undefined while the data is fresh.
 */
export function renderStaleBanner(s: ReportSnapshot): HTMLElement | undefined {
  if (!s.freshness.stale) return undefined;
  const box = el('div', 'stale-banner');
  box.setAttribute('role', 'status');
  box.append(
    el('strong', undefined, 'Stale data. '),
    document.createTextNode(
      `The latest complete hour ended ${formatAge(s.freshness.ageHours)} before the report time (${formatInstant(s.asOf, s.timezone, 'ccc d LLL HH:mm')}). ` +
        `Everything below is about ${windowPhrase(s)}, not the last ${s.hours.length} hours. Check that ${s.source} is still being updated.`,
    ),
  );
  return box;
}

/**
 * What the cards let the reader do: chart a slice (the "where", a heat-map row) against its own
 * forecast; with `investigation`, start or open an anomaly's investigation and pin its evidence.
 */
export interface AnomalyActions {
  readonly chooseSlice: (metric: string, dims: Record<string, string>) => void;
  readonly investigation?: InvestigationActions;
}

export function renderAnomalies(s: ReportSnapshot, actions?: AnomalyActions): HTMLElement {
  const span = windowPhrase(s);
  const section = titledSection(
    'anomalies',
    s.analysis === 'pending' ? `Anomalies in ${span}` : s.anomalies.length ? `Anomalies in ${span} (${s.anomalies.length})` : `No anomalies in ${span}`,
  );
  if (s.analysis === 'pending') {
    section.setAttribute('aria-busy', 'true');
    section.append(el('p', 'meta', 'Forecasting each metric and gathering holidays, events and deploys…'));
    return section;
  }
  if (!s.anomalies.length) {
    section.append(el('p', 'meta', "Every hour of every metric is inside its forecast's 95% band."));
    return section;
  }
  const list = el('ul', 'anomaly-list');
  const drawn = new Set<number>();
  for (const g of s.incidents) {
    const members = g.anomalies.filter(i => !drawn.has(i) && i < s.anomalies.length);
    members.forEach(i => drawn.add(i));
    if (members.length === 1) list.append(anomalyCard(s, s.anomalies[members[0]], false, actions));
    else if (members.length > 1)
      list.append(
        incidentCard(
          s,
          g.title,
          members.map(i => s.anomalies[i]),
          actions,
        ),
      );
  }
  // An anomaly in no incident (a snapshot cut to the limits): a card of its own, in the report's order.
  s.anomalies.forEach((a, i) => drawn.has(i) || list.append(anomalyCard(s, a, false, actions)));
  section.append(list);
  return section;
}

/**
 * Anomalies that share a top cause: the cause, window and slice in one heading, the metrics listed,
 * and each anomaly's own card (collapsed) below, so its details stay one keypress away.
 */
function incidentCard(s: ReportSnapshot, title: string, members: readonly Anomaly[], actions?: AnomalyActions): HTMLElement {
  const li = el('li', `incident ${members[0].direction}`);
  const h = el('h3', 'incident-title', title);
  const labels = [...new Set(members.map(a => a.label))];
  const confidences = members.map(a => a.explanations[0]?.confidence ?? 0).map(c => Math.round(c * 100));
  const lo = Math.min(...confidences);
  const hi = Math.max(...confidences);
  const meta = el('p', 'incident-meta', `${labels.join(', ')} · ${lo === hi ? `${hi}%` : `${lo}–${hi}%`} likely`);
  const ul = el('ul', 'incident-anomalies');
  ul.setAttribute('aria-label', `The ${members.length} anomalies of this incident`);
  for (const a of members) ul.append(anomalyCard(s, a, true, actions));
  li.append(h, meta, ul);
  return li;
}

/** One anomaly: a summary line and, when expanded, where it sits and its likely explanations. */
function anomalyCard(s: ReportSnapshot, a: Anomaly, inIncident: boolean, actions?: AnomalyActions): HTMLElement {
  const li = el('li', `anomaly ${a.direction}`);
  li.dataset.metric = a.metric;
  li.dataset.start = String(a.start); // with the metric, names the anomaly for a `reveal`
  const d = el('details');
  const inv = actions?.investigation;
  const pin = inv && ((what: string, target: () => PinTarget | undefined, text?: string) => pinButton(what, target, t => inv.pinEvidence(t), text));
  const top = a.explanations[0];
  const when = `${formatInstant(a.start, s.timezone, 'ccc HH:mm')}–${formatInstant(a.end, s.timezone, 'HH:mm')}`;
  const pct = `${a.vsForecastPct > 0 ? '+' : '−'}${Math.abs(a.vsForecastPct).toFixed(0)}%`;
  const summary = el('summary');
  summary.append(
    el('span', 'anomaly-what', `${a.label} ${a.direction === 'down' ? '▼' : '▲'} ${pct} vs forecast, ${when}`),
    el('span', 'anomaly-why', whyText(top)),
  );
  d.append(summary);
  if (a.where.length) {
    const where = el('p', 'where');
    const word = a.direction === 'down' ? 'drop' : 'rise';
    where.append(el('strong', undefined, 'Where: '), document.createTextNode(a.where.map(w => whereText(s, w, word)).join('; ')));
    const first = a.where[0];
    if (actions && Object.keys(first.dims).length) {
      const chart = el('button', 'chart-slice', 'Chart this slice');
      chart.type = 'button';
      chart.setAttribute('aria-label', `Chart ${a.label} for ${sliceName(first.dims)} against its own forecast`);
      chart.addEventListener('click', () => actions.chooseSlice(a.metric, { ...first.dims }));
      where.append(' ', chart);
    }
    d.append(where);
  }
  if (a.whereNote) d.append(el('p', 'where-note', `Search narrowed: ${a.whereNote}`));
  if (a.contributions) {
    // The heat-map behind its own disclosure, kept open across redraws like the card.
    const key = `${a.metric}\u0000${a.start}`;
    const box = el('details', 'contributions');
    box.open = heatmapsOpen.has(key);
    box.addEventListener('toggle', () => (box.open ? heatmapsOpen.add(key) : heatmapsOpen.delete(key)));
    box.append(el('summary', undefined, 'Contribution by dimension'), renderHeatmap(a, s.timezone, actions?.chooseSlice ?? (() => undefined)));
    if (pin) box.append(pin(`the heat-map of ${a.label}`, () => heatmapPinTarget(a), 'Pin the heat-map'));
    d.append(box);
  }
  // The likely ones first; the top one always shows, however unlikely.
  const shown = a.explanations.filter((x, i) => i === 0 || x.confidence > UNLIKELY);
  const more = a.explanations.filter((x, i) => i > 0 && x.confidence <= UNLIKELY);
  const pinX = pin && ((x: Explanation) => pin(`the explanation "${x.title}"`, () => explanationPinTarget(a, x)));
  d.append(explanationList('explanations', 'Likely explanations, most likely first', shown, 1, pinX));
  if (more.length) d.append(moreExplanations(`${a.metric}\u0000${a.start}`, more, shown.length + 1, pinX));
  li.append(d);
  // Outside <details>: who is on it shows while the card is closed.
  if (inv) li.append(investigationLine(a, s.timezone, inv));
  if (inIncident) li.classList.add('in-incident');
  return li;
}

/** The anomalies whose heat-map the reader opened: kept across redraws. */
const heatmapsOpen = new Set<string>();

/** The anomalies whose unlikely explanations the reader opened: kept across redraws. */
const moreOpen = new Set<string>();
let moreIds = 0;

/**
 * Explanations at or below UNLIKELY behind a button (not a nested <details>: each card keeps one
 * summary, which the reveal and the tests find), with aria-expanded, reachable by Tab.
 */
function moreExplanations(key: string, xs: readonly Explanation[], start: number, pin?: (x: Explanation) => HTMLElement): HTMLElement {
  const pct = Math.round(UNLIKELY * 100);
  const box = el('div', 'more-explanations');
  const list = explanationList('explanations-more', `Unlikely explanations, ${pct}% or less`, xs, start, pin);
  list.id = `more-explanations-${++moreIds}`;
  const label = xs.length === 1 ? `1 less likely explanation (${pct}% or less)` : `${xs.length} less likely explanations (each ${pct}% or less)`;
  const toggle = el('button', 'more-toggle');
  toggle.type = 'button';
  toggle.setAttribute('aria-controls', list.id);
  const show = (open: boolean): void => {
    list.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? `Hide the ${label.replace(/^\d+ /, '')}` : `Show ${label}`;
  };
  toggle.addEventListener('click', () => {
    const open = list.hidden;
    if (open) moreOpen.add(key);
    else moreOpen.delete(key);
    show(open);
  });
  show(moreOpen.has(key));
  box.append(toggle, list);
  return box;
}

/** " — likely: Deploy ios-v7.4.0 (96%)", or what the top explanation says when it is "unexplained". */
function whyText(top: Explanation | undefined): string {
  if (!top) return '';
  const pct = `${Math.round(top.confidence * 100)}%`;
  return top.kind === 'unexplained' ? ` — no known cause fits (${pct})` : ` — likely: ${top.title} (${pct})`;
}

/**
 * "platform=ios −62% vs last week (73% of the drop)": the slice's own change and its part of the
 * total's, the figures its explanation's evidence gives it. A ratio metric's slice may be given in
 * the component its explanation follows ("country=BR: Page views −52% vs last week (46% of their drop)").
 */
function whereText(s: ReportSnapshot, w: Slice, word: string): string {
  const change = w.relativeChange === null ? '' : ` ${w.relativeChange > 0 ? '+' : '−'}${Math.abs(w.relativeChange * 100).toFixed(0)}% vs last week`;
  const share = `${Math.round(w.share * 100)}%`;
  if (w.of === undefined) return `${sliceName(w.dims)}${change} (${share} of the ${word})`;
  const of = s.rows.find(r => r.metric === w.of)?.label ?? w.of;
  return `${sliceName(w.dims)}: ${of}${change} (${share} of the change in ${of})`;
}

/** `pin`: the button that pins an explanation to the investigation, after its confidence. */
function explanationList(cls: string, label: string, xs: readonly Explanation[], start: number, pin?: (x: Explanation) => HTMLElement): HTMLElement {
  const ol = el('ol', cls);
  ol.setAttribute('aria-label', label);
  if (start > 1) ol.setAttribute('start', String(start));
  for (const x of xs) {
    const item = el('li', `explanation ${x.kind}`);
    // The title says what it is ("Deploy ios-v7.4.0", "Unexplained: …"); the kind is a class, not a prefix.
    item.append(el('strong', undefined, x.title), el('span', 'confidence', ` ${Math.round(x.confidence * 100)}%`));
    if (pin) item.append(' ', pin(x));
    const ev = el('ul', 'evidence');
    for (const e of x.evidence) ev.append(el('li', undefined, e.text));
    item.append(ev);
    ol.append(item);
  }
  return ol;
}
