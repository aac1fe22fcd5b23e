// The report panel's entry point: handshake with the host, then draw each snapshot it sends, keeping
// the reader's place (selection, open cards, chart range, scroll) across every redraw.
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { clipText, LIMITS, ownEntry, type LoadProblem, type ReportSnapshot, type ToWebview } from '../src/messaging/protocol';
import type { RevealedAnomaly, Shown } from '../src/messaging/diagnostics';
import { onHostMessage, transport, uiState } from './vscodeApi';
import { HostLink, type HostMessageView, type RevealRequest } from './messages';
import { el, renderTable } from './table';
import { WeekChart } from './chart';
import { renderChartSection } from './chartSection';
import { formatDelta, formatInstant, formatValue, sliceName } from './format';
import { renderAnomalies, renderStaleBanner } from './insights';
import { renderContext } from './contextList';
import { renderNotes } from './notes';
import { investigationLine, renderWeekly, type InvestigationActions } from './investigationMarks';
import { cellInvestigation, chartPinTarget } from './investigationModel';
import { anomalyAt, anomalyKey, findAnomaly, keepSelection, selectionWindow, type Selection } from './selection';
import type { Range } from './viewRange';
import { PresenceBar } from './presence';
import type { PresenceMessage, ReportFocus } from '../src/messaging/protocol';

type SliceReply = Extract<ToWebview, { type: 'sliceChart' }>;

const app = document.getElementById('app')!;
/** The snapshot drawn (its table and chart). */
let snapshot: ReportSnapshot | undefined;
/**
 * The last analysed snapshot, while a newer one's analysis runs: its anomaly cards and context stay
 * readable (marked as updating) instead of blanking until the new explanations arrive.
 */
let lastAnalysed: ReportSnapshot | undefined;
let chart: WeekChart | undefined;

// ---- the reader's place, kept across redraws --------------------------------------------------
let selection: Selection | undefined;
/** Bring the selection's card into view and focus it on the next draw (a reveal, a cell choice). */
let selectionFresh = false;
/** The chart's range when the reader zoomed or panned (or a selection zoomed it); undefined: the whole week. */
let chartRange: Range | undefined;
/** The table is scrolled to its latest hours (the default), so resizes keep it there. */
let pinnedToLatest = true;
/** The cards the reader has open, by anomaly key. */
const openCards = new Set<string>();
/** A slice charted instead of its metric's total (a heat-map row, an anomaly's where), for the report it was asked of. */
let chartedSlice: { readonly metric: string; readonly dims: Record<string, string>; readonly reply: SliceReply; readonly asOf: number } | undefined;
/** Hours shown either side of a selected anomaly's window. */
const SELECTION_MARGIN_MS = 6 * 3_600_000;

const chartMetric = (s: ReportSnapshot): string => {
  const m = uiState.get().metric;
  return s.rows.some(r => r.metric === m) ? m! : (s.rows[0]?.metric ?? '');
};

/** `beneathProblem`: drawn beneath an error card, from older files (showProblemOverStale); what was shown is the problem. */
function render(s: ReportSnapshot, beneathProblem = false): void {
  snapshot = s;
  app.classList.remove('stale');
  if (s.analysis === 'done') lastAnalysed = s;
  selection = keepSelection(selection, s);
  if (selection?.kind === 'anomaly' && findAnomaly(s, selection)) openCards.add(anomalyKey(selection));
  const metric = chartMetric(s);
  // The cards and context come from the newest analysis: this one, or the previous while it runs.
  const insight = s.analysis === 'done' ? s : lastAnalysed;
  const updating = s.analysis === 'pending' && insight !== undefined;

  // Keep the reader's place: focus, page scroll, and the table's horizontal scroll unless they were at the latest hours.
  const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
  const pageY = window.scrollY;
  const scrollLeft = pinnedToLatest ? undefined : app.querySelector('.table-wrap')?.scrollLeft;
  app.replaceChildren();
  app.setAttribute('aria-busy', String(s.analysis === 'pending'));
  app.dataset.analysis = s.analysis;

  app.append(renderHeader(s, updating ? insight : undefined));
  presence.update(presence.message, s);
  app.append(presence.element);
  const stale = renderStaleBanner(s);
  if (stale) app.append(stale);
  const notes = renderNotes(s, link);
  if (notes) app.append(notes);

  const tableWrap = el('section', 'table-wrap');
  tableWrap.setAttribute('aria-label', 'Hourly report table');
  // The investigations are not part of the analysis: the newest snapshot's, else the analysed one's.
  const inv = investigationActions(s.investigations ?? insight?.investigations ?? []);
  tableWrap.append(renderTable(s, metric, selection, { metric: chooseMetric, cell: chooseCell, investigate: investigateCell }));
  app.append(tableWrap);
  const status = el('p', 'cell-status', cellStatusText(s));
  status.setAttribute('role', 'status');
  app.append(status);
  // The chosen red cell's anomaly: investigate it (the next Tab stop after the table), and who is on it.
  const chosen = selection?.kind === 'anomaly' && insight ? findAnomaly(insight, selection) : undefined;
  if (chosen) app.append(investigationLine(chosen, s.timezone, inv, 'cell-investigation'));
  app.append(
    el(
      'p',
      'legend',
      `Delta colour: change against the same hour last week (amber from ±${s.thresholds.amber}%, red from ±${s.thresholds.red}%). ` +
        'Filled ▼/▲ cells: outside the day-ahead forecast, each part of an anomaly listed below. Choose a cell for its anomaly or its hour; press I on a filled cell to investigate its anomaly.' +
        (s.investigations?.some(m => !m.closed) ? ' Edged along the top as well: under investigation.' : ''),
    ),
  );

  // A charted slice belongs to the report it was asked of: a newer report asks again.
  if (chartedSlice && chartedSlice.asOf !== s.asOf) void chooseSlice(chartedSlice.metric, chartedSlice.dims);
  if (chartedSlice && chartedSlice.metric !== metric) chartedSlice = undefined;
  const weekly = renderWeekly(s.weekly ? s : (insight ?? s));
  if (weekly) app.append(weekly);
  const cards = renderAnomalies(insight ?? s, { chooseSlice: (m, dims) => void chooseSlice(m, dims), investigation: inv });
  if (updating) cards.classList.add('updating');
  app.append(cards);
  restoreCards(cards);

  const slice = chartedSlice && { label: sliceName(chartedSlice.dims), chart: chartedSlice.reply.chart };
  const view = renderChartSection(
    s,
    metric,
    chartRange !== undefined,
    {
      metric: chooseMetric,
      zoom: f => chart?.zoomBy(f),
      pan: f => chart?.panBy(f),
      reset: showWholeWeek,
      pin: { target: () => chart?.shown() && chartPinTarget(metric, chartedSlice?.dims, chart.shown()!), send: t => link.pinEvidence(t) },
    },
    slice && { label: slice.label, forecastProblem: chartedSlice!.reply.forecastProblem, clear: clearSlice },
  );
  app.append(view.section);
  const context = renderContext(insight ?? s, link);
  if (updating) context.classList.add('updating');
  app.append(context);

  chart = new WeekChart(view.canvas, onChartRange, view.hover);
  const chartPoints = chart.show(s, metric, { range: chartRange, selection: insight && selection ? selection : undefined, slice });
  // The latest hours matter most: start scrolled to them, and stay there as the panel resizes,
  // unless the reader scrolled back (then keep their place). Set last: the content below changes the width.
  tableWrap.scrollLeft = scrollLeft ?? tableWrap.scrollWidth;
  tableWrap.addEventListener('scroll', () => (pinnedToLatest = tableWrap.scrollLeft + tableWrap.clientWidth >= tableWrap.scrollWidth - 4), { passive: true });
  new ResizeObserver(() => {
    if (pinnedToLatest) tableWrap.scrollLeft = tableWrap.scrollWidth;
  }).observe(tableWrap);
  presence.mark(app);
  const revealed = bringForward(insight ?? s);
  window.scrollTo({ top: selectionFresh ? window.scrollY : pageY });
  selectionFresh = false;
  if (focusedKey && !revealed?.focused) {
    const again = app.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"]`);
    if (again) {
      app.querySelectorAll<HTMLElement>('[data-key]').forEach(x => (x.tabIndex = -1));
      again.tabIndex = 0;
      again.focus({ preventScroll: true });
    }
  }
  if (link.diagnosing && !beneathProblem)
    link.diagnose({
      type: 'rendered',
      snapshotId: s.id,
      analysis: s.analysis,
      metric,
      chartPoints,
      hourColumns: app.querySelectorAll('thead th[data-hour]').length,
      contextKinds: [...app.querySelectorAll<HTMLElement>('.context-item')].map(li => li.classList[1]),
      // The problems as "file:line:column: text", then the other warnings, as drawn.
      warnings: [
        ...[...app.querySelectorAll<HTMLElement>('.problem-item')].map(li => `${li.dataset.at}: ${li.querySelector('.problem-text')?.textContent ?? ''}`),
        ...[...app.querySelectorAll<HTMLElement>('.note.warning')].map(li => li.textContent ?? ''),
      ]
        .slice(0, LIMITS.warnings)
        .map(w => clipText(w, LIMITS.message)),
      anomalies: s.anomalies.map(a => ({
        metric: a.metric,
        topKind: a.explanations[0]?.kind ?? 'none',
        where: clipText(a.where.map(w => sliceName(w.dims, '&')).join(';'), LIMITS.where),
        narrowed: a.whereNote !== undefined,
      })),
      table: s.rows.map(r => ({
        metric: r.metric,
        values: [...app.querySelectorAll<HTMLElement>(`tbody tr[data-metric="${CSS.escape(r.metric)}"] td:not(.pending)`)].map(td =>
          td.dataset.value ? Number(td.dataset.value) : null,
        ),
      })),
      ...(revealed?.anomaly ? { revealed: revealed.anomaly } : {}),
    });
}

function renderHeader(s: ReportSnapshot, previous: ReportSnapshot | undefined): HTMLElement {
  const header = el('header', 'report-header');
  header.append(el('h1', undefined, s.title));
  const meta = el(
    'p',
    'meta',
    `As of ${formatInstant(s.asOf, s.timezone)} · ${s.timezone} · each hour against the same hour 7 days earlier · source ${s.source}`,
  );
  const refresh = el('vscode-button', 'refresh', 'Refresh');
  refresh.setAttribute('secondary', '');
  refresh.setAttribute('aria-label', 'Refresh the report');
  refresh.addEventListener('click', () => void link.refresh());
  header.append(meta, refresh);
  if (previous) {
    const busy = el(
      'p',
      'updating-note',
      `Updating… the anomalies and context below are from the report as of ${formatInstant(previous.asOf, previous.timezone, 'ccc HH:mm')} until the new analysis arrives.`,
    );
    busy.setAttribute('role', 'status');
    header.append(busy);
  }
  return header;
}

/** Reopen the cards the reader had open, and follow their toggles from now on. */
function restoreCards(cards: HTMLElement): void {
  for (const li of cards.querySelectorAll<HTMLElement>('[data-metric][data-start]')) {
    const key = anomalyKey({ metric: li.dataset.metric!, start: Number(li.dataset.start) });
    const details = li.querySelector('details');
    if (!details) continue;
    if (openCards.has(key)) details.open = true;
    details.addEventListener('toggle', () => {
      if (details.open) openCards.add(key);
      else openCards.delete(key);
    });
  }
}

/**
 * The selected anomaly's card, open, marked and (once, when freshly chosen) focused and scrolled to.
 * Returns what the diagnostics report of it.
 */
function bringForward(s: ReportSnapshot): { anomaly?: RevealedAnomaly; focused: boolean } | undefined {
  if (selection?.kind !== 'anomaly' || !chart) return undefined;
  const a = findAnomaly(s, selection);
  if (!a) return undefined;
  const li = app.querySelector<HTMLElement>(`.anomaly[data-metric="${CSS.escape(a.metric)}"][data-start="${a.start}"]`);
  const details = li?.querySelector('details');
  let focused = false;
  if (li && details) {
    details.open = true;
    li.classList.add('revealed');
    if (selectionFresh) {
      li.querySelector('summary')?.focus({ preventScroll: true });
      li.scrollIntoView({ block: 'center' });
      focused = true;
    }
  }
  const c = app.querySelector<HTMLCanvasElement>('#week-chart')!;
  return { anomaly: { metric: a.metric, start: a.start, open: details?.open === true, xMin: Number(c.dataset.xMin), xMax: Number(c.dataset.xMax) }, focused };
}

/** What the chosen cell is: its anomaly, or "as forecast" for an ordinary hour. */
function cellStatusText(s: ReportSnapshot): string {
  const sel = selection;
  if (!sel) return '';
  const row = s.rows.find(r => r.metric === sel.metric);
  if (!row) return '';
  if (sel.kind === 'anomaly') {
    const a = findAnomaly(lastAnalysed ?? s, sel);
    if (!a) return '';
    const where = a.where.length ? ` Where: ${a.where.map(w => sliceName(w.dims)).join('; ')}.` : '';
    return `${row.label}, ${formatInstant(a.start, s.timezone, 'ccc HH:mm')}–${formatInstant(a.end, s.timezone, 'HH:mm')}: ${a.direction === 'down' ? 'below' : 'above'} the forecast (${formatDelta(a.vsForecastPct)}).${where}`;
  }
  const i = s.hours.findIndex(h => h.at === sel.at);
  const cell = row.cells[i];
  if (!cell) return '';
  const when = formatInstant(sel.at, s.timezone, 'ccc HH:mm');
  const judgement =
    s.analysis !== 'done'
      ? 'the forecast is still being computed'
      : ownEntry(s.charts, row.metric)?.forecast
        ? 'within the forecast band'
        : 'no forecast for this metric';
  return `${row.label} at ${when}: ${formatValue(cell.value, row.derived)} (${formatDelta(cell.deltaPct)} against last week), ${judgement}.`;
}

// ---- what the reader does ------------------------------------------------------------------------

function redraw(): void {
  if (snapshot) link.guarded(() => render(snapshot!));
}

function chooseMetric(metric: string): void {
  if (selection && selection.metric !== metric) selection = undefined; // another chart: its whole week
  if (chartedSlice && chartedSlice.metric !== metric) chartedSlice = undefined;
  if (uiState.get().metric !== metric) chartRange = undefined;
  uiState.set({ v: 1, metric });
  redraw();
  tellFocus(true);
}

/** A cell: its anomaly, selected everywhere; or its hour, marked on the chart and described. */
function chooseCell(metric: string, hourIndex: number): void {
  const s = snapshot;
  const hour = s?.hours[hourIndex];
  if (!s || !hour) return;
  const a = anomalyAt(lastAnalysed && s.analysis === 'pending' ? { ...s, anomalies: lastAnalysed.anomalies } : s, metric, hour.at);
  select(a ? { kind: 'anomaly', metric: a.metric, start: a.start, end: a.end } : { kind: 'hour', metric, at: hour.at }, false);
  tellFocus(true);
}

/** "i" on an anomaly's cell: start its investigation, or open the open one (the host answers; a failure is a notice). */
function investigateCell(metric: string, hourIndex: number): void {
  const s = snapshot;
  if (!s) return;
  const on = cellInvestigation(s.analysis === 'pending' && lastAnalysed ? { ...s, anomalies: lastAnalysed.anomalies } : s, metric, hourIndex);
  if (on?.open) void link.openInvestigation(on.open.name);
  else if (on) void link.startInvestigation(on.anomaly.metric, on.anomaly.start);
}

const investigationActions = (marks: InvestigationActions['marks']): InvestigationActions => ({
  marks,
  startInvestigation: (metric, start) => link.startInvestigation(metric, start),
  openInvestigation: name => link.openInvestigation(name),
  pinEvidence: target => link.pinEvidence(target),
});

function select(sel: Selection, fresh: boolean): void {
  selection = sel;
  selectionFresh = fresh;
  chartRange = selectionWindow(sel, SELECTION_MARGIN_MS);
  uiState.set({ v: 1, metric: sel.metric });
  redraw();
}

/** Chart one slice of a metric against its own forecast (the host computes it from the report's files). */
async function chooseSlice(metric: string, dims: Record<string, string>, acted = true): Promise<void> {
  const asOf = snapshot?.asOf;
  if (acted) tellFocus(true, { metric, slice: { ...dims } }); // at once: a followed slice must not win the race
  const reply = await link.sliceChart(metric, dims);
  if (!reply || !snapshot || snapshot.asOf !== asOf) return; // failed (a notice says why), or a newer report came meanwhile
  chartedSlice = { metric, dims: { ...reply.dims }, reply, asOf };
  if (selection && selection.metric !== metric) selection = undefined;
  uiState.set({ v: 1, metric });
  redraw();
  app.querySelector('.chart-section')?.scrollIntoView({ block: 'start' });
  tellFocus(acted);
}

function clearSlice(): void {
  chartedSlice = undefined;
  redraw();
  tellFocus(true);
}

function showWholeWeek(): void {
  chartRange = undefined;
  if (selection?.kind === 'hour') selection = undefined;
  redraw();
  tellFocus(true);
}

function onChartRange(r: Range | undefined): void {
  chartRange = r;
  // The toolbar's "Show the whole week" appears or goes with the zoom: redraw only the section's buttons.
  const tools = app.querySelector('.chart-tools');
  const whole = tools?.querySelector('.whole-week');
  if (r && tools && !whole) {
    const b = el('vscode-button', 'whole-week', 'Show the whole week');
    b.setAttribute('secondary', '');
    b.setAttribute('aria-label', 'Show the whole week');
    b.addEventListener('click', showWholeWeek);
    tools.append(b);
  } else if (!r) whole?.remove();
}

/** The host brings an anomaly forward (palette triage, Next/Previous Anomaly). */
function reveal(r: RevealRequest): void {
  selection = { kind: 'anomaly', metric: r.metric, start: r.start, end: r.end };
  selectionFresh = true;
  chartRange = selectionWindow(selection, SELECTION_MARGIN_MS);
  uiState.set({ v: 1, metric: r.metric });
  redraw(); // a snapshot without it yet keeps the selection until its analysis arrives
  tellFocus(true); // a reveal is the reader's (Next Anomaly, a pin's "Show in report"): following stops
}

// ---- presence and follow mode (issue 12) --------------------------------------------------------

const presence = new PresenceBar(on => {
  if (!on) stoppedSeq = presence.message.following?.seq;
  void link.follow(on);
});
/** The follow (by its seq) the reader left by acting: its focus is no longer applied, even before the host agrees. */
let stoppedSeq: number | undefined;
/** The last focus told to the host, and the last followed focus applied (JSON). */
let toldFocus = '';
let appliedFollow = '';

/** Where the reader is: the charted metric, the chosen anomaly or hour, the charted slice. */
function currentFocus(): ReportFocus {
  const s = snapshot;
  if (!s) return {};
  const sel = selection;
  return {
    metric: sel?.metric ?? chartMetric(s),
    ...(sel?.kind === 'hour' ? { hour: sel.at } : {}),
    ...(sel?.kind === 'anomaly' ? { anomaly: { metric: sel.metric, start: sel.start } } : {}),
    ...(chartedSlice && chartedSlice.metric === chartMetric(s) ? { slice: { ...chartedSlice.dims } } : {}),
  };
}

/** Tell the host where the reader is now (presence). `acted`: the reader chose it, so following stops. */
function tellFocus(acted: boolean, focus: ReportFocus = currentFocus()): void {
  const key = JSON.stringify(focus);
  if (acted && presence.message.following) stoppedSeq = presence.message.following.seq;
  if (!acted && key === toldFocus) return;
  toldFocus = key;
  link.focus(focus, acted);
}

/** Someone's presence changed, or whom I follow: the bar and markers in place; a followed focus applied. */
function onPresence(m: PresenceMessage): void {
  presence.update(m, snapshot);
  if (snapshot) presence.mark(app);
  const f = m.following;
  if (!f) {
    appliedFollow = '';
    stoppedSeq = undefined;
    return;
  }
  if (!f.focus || f.seq === stoppedSeq) return;
  const key = JSON.stringify([f.seq, f.focus]);
  if (key === appliedFollow || !snapshot) return;
  appliedFollow = key;
  applyFocus(f.focus);
}

/** Show what the followed person shows: their metric, anomaly (card open, chart zoomed), hour and slice. */
function applyFocus(f: ReportFocus): void {
  const s = snapshot!;
  const metric = f.anomaly?.metric ?? f.metric;
  if (!metric || !s.rows.some(r => r.metric === metric)) return;
  const a = f.anomaly && findAnomaly(lastAnalysed ?? s, f.anomaly);
  selection = a ? { kind: 'anomaly', metric: a.metric, start: a.start, end: a.end } : f.hour !== undefined ? { kind: 'hour', metric, at: f.hour } : undefined;
  selectionFresh = selection?.kind === 'anomaly';
  chartRange = selection ? selectionWindow(selection, SELECTION_MARGIN_MS) : undefined;
  if (uiState.get().metric !== metric) uiState.set({ v: 1, metric });
  const sliceWanted = f.slice && Object.keys(f.slice).length ? f.slice : undefined;
  const sameSlice = sliceWanted && chartedSlice?.metric === metric && JSON.stringify(chartedSlice.dims) === JSON.stringify(sliceWanted);
  if (!sliceWanted || !sameSlice) chartedSlice = undefined;
  redraw();
  if (sliceWanted && !sameSlice) void chooseSlice(metric, { ...sliceWanted }, false);
  else tellFocus(false);
}

/** An error card in place of the report, with a way to try again. */
function showProblem(title: string, p: LoadProblem): void {
  app.replaceChildren();
  app.setAttribute('aria-busy', 'false');
  app.append(problemCard(title, p));
}

/**
 * The error card above the last report that could be built, which stays readable beneath it and
 * is marked as out of date: the reader keeps the picture while someone fixes the file.
 */
function showProblemOverStale(title: string, p: LoadProblem, stale: ReportSnapshot): void {
  render(stale, true);
  const hours = stale.hours;
  const to = hours.length ? formatInstant(hours[hours.length - 1].at + 3_600_000, stale.timezone, 'ccc d LLL HH:mm') : '';
  const note = el(
    'p',
    'note stale-report',
    `Out of date: below is the last report that could be built${to ? ` (data to ${to})` : ''}, from the files as they were before this error. It does not show the files as they are now.`,
  );
  note.setAttribute('role', 'note');
  app.prepend(problemCard(title, p), note);
  app.classList.add('stale');
}

function problemCard(title: string, p: LoadProblem): HTMLElement {
  const box = el('div', 'problem');
  box.setAttribute('role', 'alert');
  box.append(el('h1', undefined, title), el('p', 'problem-message', p.message));
  if (p.file) {
    const open = el('vscode-button', undefined, `Open ${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}`);
    open.addEventListener('click', () => void link.openFile(p.file!, p.line, p.column));
    box.append(open);
  }
  if (p.action === 'trustWorkspace') {
    // An untrusted workspace contacts no data source: VS Code's trust editor is the way out.
    const trust = el('vscode-button', 'trust-workspace', 'Trust this workspace');
    trust.setAttribute('aria-label', 'Trust this workspace, so Calibrate may contact its data source');
    trust.addEventListener('click', () => void link.trustWorkspace());
    box.append(trust);
  }
  const retry = el('vscode-button', undefined, 'Try again');
  retry.setAttribute('secondary', '');
  // Without an answer to `ready` there is no report to refresh: ask for it again.
  retry.addEventListener('click', () => void (answered ? link.refresh() : link.ready()));
  box.append(retry);
  return box;
}

/** A short-lived line for a request that failed (a file that could not be opened); the report stays. */
function showNotice(text: string): void {
  let box = document.getElementById('notice');
  if (!box) {
    box = el('p', 'notice');
    box.id = 'notice';
    box.setAttribute('role', 'alert');
    document.body.prepend(box);
  }
  box.textContent = text;
}

/** The host has answered `ready` at least once (a report, a problem or "loading"). */
let answered = false;

const view: HostMessageView = {
  snapshot: s => {
    answered = true;
    render(s);
    tellFocus(false);
  },
  problem: (p, stale) => {
    answered = true;
    if (stale) showProblemOverStale('The metrics report could not be built', p, stale);
    else showProblem('The metrics report could not be built', p);
    link.diagnose({ type: 'problemShown', message: p.message });
  },
  failed: reason => {
    // Nothing to redraw from: the next snapshot (Try again, or a file change) replaces this card.
    snapshot = undefined;
    showProblem('The report could not be shown', { message: `${reason}\nThe Calibrate output channel has the details.` });
  },
  loading: () => {
    answered = true;
    app.setAttribute('aria-busy', 'true');
    app.querySelector('.report-header')?.classList.add('loading');
  },
  reveal,
  notice: showNotice,
  // Presence is an extra: a bug in it is logged by the host, never put in place of the report.
  presence: m => {
    try {
      onPresence(m);
    } catch (e) {
      link.reportError(`presence: ${e instanceof Error ? e.message : String(e)}`);
    }
  },
};

/** What is on screen, for the diagnostics channel's `describe`. */
const describe = (): Shown =>
  snapshot ? { type: 'shown', snapshotId: snapshot.id, analysis: snapshot.analysis } : { type: 'shown', snapshotId: null, analysis: null };
// The host switches test instrumentation on in its HTML (test and development modes only).
const link = new HostLink(transport, view, document.body.dataset.diagnostics === 'on' ? { describe } : {});
onHostMessage(data => link.receive(data));

// Re-read theme colours when VS Code switches theme (it changes the body's classes).
new MutationObserver(() => {
  if (!snapshot || !chart) return;
  chart.show(snapshot, chartMetric(snapshot), { range: chartRange, selection });
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

window.addEventListener('error', e => link.reportError(String(e.message)));
void link.ready();
