// The report panel's entry point: handshake with the host, then render each snapshot it sends.
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { clipText, LIMITS, ownEntry, type LoadProblem, type ReportSnapshot } from '../src/messaging/protocol';
import type { RevealedAnomaly, Shown } from '../src/messaging/diagnostics';
import { onHostMessage, transport, uiState } from './vscodeApi';
import { HostLink, type HostMessageView, type RevealRequest } from './messages';
import { el, renderTable } from './table';
import { WeekChart } from './chart';
import { formatInstant, sliceName } from './format';
import { renderAnomalies } from './insights';
import { renderContext } from './contextList';

const app = document.getElementById('app')!;
let snapshot: ReportSnapshot | undefined;
let chart: WeekChart | undefined;
/** The anomaly the host asked to bring forward (palette triage); kept while the reader stays on it. */
let target: RevealRequest | undefined;
/** The reveal has not been shown yet: focus and scroll to its card once (later redraws keep the place). */
let targetFresh = false;
/** Hours shown either side of a revealed anomaly's window. */
const REVEAL_MARGIN_MS = 6 * 3_600_000;

const findTarget = (s: ReportSnapshot) => (target ? s.anomalies.find(a => a.metric === target!.metric && a.start === target!.start) : undefined);

function render(s: ReportSnapshot): void {
  snapshot = s;
  // A reveal waits for the snapshot that has its anomaly (the analysis may still be running); a
  // finished analysis without it (a refresh moved it) drops the reveal.
  if (target && !findTarget(s) && s.analysis === 'done') target = undefined;
  if (target && findTarget(s) && uiState.get().metric !== target.metric) uiState.set({ v: 1, metric: target.metric });
  const state = uiState.get();
  const metric = s.rows.some(r => r.metric === state.metric) ? state.metric! : (s.rows[0]?.metric ?? '');
  // A newer snapshot (the analysis, a refresh) redraws everything: keep the reader's place.
  const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
  const wrap = app.querySelector('.table-wrap');
  // Remember the reader's horizontal place unless they were at the latest hours (the default).
  const scrollLeft = wrap && wrap.scrollLeft + wrap.clientWidth < wrap.scrollWidth - 4 ? wrap.scrollLeft : undefined;
  app.replaceChildren();
  app.setAttribute('aria-busy', 'false');
  app.dataset.analysis = s.analysis;

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
  app.append(header);

  const notes = el('ul', 'notes');
  notes.setAttribute('aria-label', 'Report notes');
  if (s.pending) {
    const shares = Object.values(s.pending.arrivedShare).filter((v): v is number => v !== null);
    const pct = shares.length ? ` (${Math.round((shares.reduce((a, b) => a + b, 0) / shares.length) * 100)}% of last week's volume so far)` : '';
    notes.append(el('li', 'note pending', `${s.pending.label} is still arriving${pct}: shown here, not compared.`));
  }
  for (const d of s.dstDays)
    notes.append(el('li', 'note dst', `${d.date} has ${d.hours} hours (DST change); hours marked DST compare the same wall-clock hour.`));
  if (!s.dstDays.length && s.hours.some(h => h.offsetChanged)) {
    notes.append(
      el(
        'li',
        'note dst',
        'Hours marked DST have a different UTC offset than the same hour last week (a DST change in between); they compare the same wall-clock hour.',
      ),
    );
  }
  for (const w of s.warnings) notes.append(el('li', 'note warning', w));
  if (notes.childElementCount) app.append(notes);

  const tableWrap = el('section', 'table-wrap');
  tableWrap.setAttribute('aria-label', 'Hourly report table');
  tableWrap.append(renderTable(s, metric, select));
  app.append(tableWrap);
  const hasBands = s.rows.some(r => ownEntry(s.charts, r.metric)?.forecast);
  app.append(
    el(
      'p',
      'legend',
      `Colour: change against the same hour last week (amber from ${'\u00b1'}${s.thresholds.amber}%, red from ${'\u00b1'}${s.thresholds.red}%).${hasBands ? " ▼/▲ forecast: outside the day-ahead forecast's 95% band." : ''}`,
    ),
  );
  tableWrap.scrollLeft = scrollLeft ?? tableWrap.scrollWidth; // the latest hours matter most: start scrolled to them
  if (focusedKey) {
    const again = app.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"]`);
    if (again) {
      app.querySelectorAll<HTMLElement>('[data-key]').forEach(x => (x.tabIndex = -1));
      again.tabIndex = 0;
      again.focus();
    }
  }

  app.append(renderAnomalies(s));

  const chartSection = el('section', 'chart-section');
  const label = el('label', 'chart-label', 'Chart metric');
  label.id = 'metric-label';
  const picker = el('vscode-single-select', 'metric-select');
  picker.setAttribute('aria-labelledby', 'metric-label');
  for (const r of s.rows) {
    const o = el('vscode-option', undefined, r.label);
    o.setAttribute('value', r.metric);
    if (r.metric === metric) o.setAttribute('selected', '');
    picker.append(o);
  }
  picker.addEventListener('change', () => select((picker as unknown as { value: string }).value));
  const canvasBox = el('div', 'chart-box');
  const canvas = el('canvas');
  canvas.id = 'week-chart';
  canvas.setAttribute('role', 'img');
  canvasBox.append(canvas);
  chartSection.append(label, picker, canvasBox);
  app.append(chartSection);

  app.append(renderContext(s));

  chart = new WeekChart(canvas);
  const chartPoints = chart.show(s, metric);
  const revealed = showTarget(s, chartSection);
  if (link.diagnosing)
    link.diagnose({
      type: 'rendered',
      snapshotId: s.id,
      analysis: s.analysis,
      metric,
      chartPoints,
      hourColumns: app.querySelectorAll('thead th[data-hour]').length,
      contextKinds: [...app.querySelectorAll<HTMLElement>('.context-item')].map(li => li.classList[1]),
      warnings: [...app.querySelectorAll<HTMLElement>('.note.warning')].map(li => li.textContent ?? ''),
      anomalies: s.anomalies.map(a => ({
        metric: a.metric,
        topKind: a.explanations[0]?.kind ?? 'none',
        where: clipText(a.where.map(w => sliceName(w.dims, '&')).join(';'), LIMITS.where),
        narrowed: a.whereNote !== undefined,
      })),
      table: s.rows.map(r => ({
        metric: r.metric,
        values: [...app.querySelectorAll<HTMLElement>(`tbody tr[data-metric="${CSS.escape(r.metric)}"] td`)].map(td =>
          td.dataset.value ? Number(td.dataset.value) : null,
        ),
      })),
      ...(revealed ? { revealed } : {}),
    });
}

/**
 * The revealed anomaly, if this snapshot has it: its card open, marked and scrolled to, and the
 * chart (already on its metric) zoomed to its window with a few hours either side.
 */
function showTarget(s: ReportSnapshot, chartSection: HTMLElement): RevealedAnomaly | undefined {
  const a = findTarget(s);
  if (!a || !chart) return undefined;
  const li = app.querySelector<HTMLElement>(`.anomaly[data-metric="${CSS.escape(a.metric)}"][data-start="${a.start}"]`);
  const details = li?.querySelector('details');
  if (li && details) {
    details.open = true;
    li.classList.add('revealed');
    if (targetFresh) {
      li.querySelector('summary')?.focus({ preventScroll: true });
      li.scrollIntoView({ block: 'center' });
      targetFresh = false;
    }
  }
  const range = zoomToTarget(a);
  if (!range) return undefined;
  const whole = el('vscode-button', 'whole-week', 'Show the whole week');
  whole.setAttribute('secondary', '');
  whole.addEventListener('click', () => {
    target = undefined;
    chart?.zoom(undefined, undefined);
    app.querySelector('.anomaly.revealed')?.classList.remove('revealed');
    whole.remove();
  });
  chartSection.insertBefore(whole, chartSection.querySelector('.chart-box'));
  return { metric: a.metric, start: a.start, open: details?.open === true, xMin: range.min, xMax: range.max };
}

function zoomToTarget(a: { readonly start: number; readonly end: number }): { min: number; max: number } | undefined {
  return chart?.zoom(a.start - REVEAL_MARGIN_MS, a.end + REVEAL_MARGIN_MS);
}

function reveal(r: RevealRequest): void {
  target = r;
  targetFresh = true;
  // Not in this snapshot (or none yet): render() shows it when the snapshot that has it arrives.
  if (snapshot && findTarget(snapshot)) link.guarded(() => render(snapshot!));
}

function select(metric: string): void {
  if (metric !== target?.metric) target = undefined; // the reader chose another chart: show its whole week
  uiState.set({ v: 1, metric });
  if (snapshot) link.guarded(() => render(snapshot!));
}

/** An error card in place of the report, with a way to try again. */
function showProblem(title: string, p: LoadProblem): void {
  app.replaceChildren();
  app.setAttribute('aria-busy', 'false');
  const box = el('div', 'problem');
  box.setAttribute('role', 'alert');
  box.append(el('h1', undefined, title), el('p', 'problem-message', p.message));
  if (p.file) {
    const open = el('vscode-button', undefined, `Open ${p.file}${p.line ? `:${p.line}` : ''}`);
    open.addEventListener('click', () => void link.openFile(p.file!, p.line));
    box.append(open);
  }
  const retry = el('vscode-button', undefined, 'Try again');
  retry.setAttribute('secondary', '');
  // Without an answer to `ready` there is no report to refresh: ask for it again.
  retry.addEventListener('click', () => void (answered ? link.refresh() : link.ready()));
  box.append(retry);
  app.append(box);
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
  },
  problem: p => {
    answered = true;
    showProblem('The metrics report could not be built', p);
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
  },
  reveal,
  notice: showNotice,
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
  chart.show(snapshot, uiState.get().metric ?? snapshot.rows[0]?.metric ?? '');
  const a = findTarget(snapshot);
  if (a) zoomToTarget(a);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

window.addEventListener('error', e => link.reportError(String(e.message)));
void link.ready();
