// An anomaly's heat-map (contribution by dimension, ThirdEye's): one row per dimension value with its
// change, its share before and its share of the change, the last cell filled by how much of the
// change it holds (red where the value fell, green where it rose). Sortable by every column (header
// buttons, aria-sort); the rows are one Tab stop (arrow keys move between them), and Enter or a click
// on a value charts that slice. The pure half (order, sorting, words) is heatmapModel.ts.
import type { ReportSnapshot } from '../src/messaging/protocol';
import { el } from './table';
import { formatInstant, formatValue } from './format';
import {
  formatChange,
  formatShare,
  HEAT_COLUMNS,
  heatDirection,
  heatLevel,
  heatRows,
  nextSort,
  rowDescription,
  rowSlice,
  sortRows,
  valueLabel,
  type Contributions,
  type HeatColumn,
  type HeatRow,
  type HeatSort,
} from './heatmapModel';

type Anomaly = ReportSnapshot['anomalies'][number];

/** The reader's last sort: every heat-map drawn after it starts with it, so a redraw keeps it. */
let preferred: HeatSort | undefined;
/** Heat-maps drawn so far, for unique element ids. */
let drawn = 0;

/** The heat-map of one anomaly; `onChooseSlice` charts the slice a row names. */
export function renderHeatmap(anomaly: Anomaly, timezone: string, onChooseSlice: (metric: string, dims: Record<string, string>) => void): HTMLElement {
  const box = el('div', 'heatmap');
  const c = anomaly.contributions;
  if (!c?.dimensions.length) {
    box.append(el('p', 'heat-note', 'No dimension splits this metric into more than one value.'));
    return box;
  }
  const ratio = c.kind === 'ratio';
  // The totals above the table, as wide as the card; the table names itself and points to them.
  const summary = el('p', 'heat-summary', totals(anomaly, c, timezone));
  summary.id = `heat-summary-${++drawn}`;
  const table = el('table', 'heatmap-table');
  table.setAttribute('aria-label', `Contribution by dimension: ${anomaly.label}`);
  table.setAttribute('aria-describedby', summary.id);
  const head = table.createTHead().insertRow();
  const headers = new Map<HeatColumn, HTMLTableCellElement>();
  const body = table.createTBody();
  let sort = preferred;
  /** The row holding the rows' one tab stop, by its slice; kept across sorts. */
  let current: string | undefined;

  const draw = (): void => {
    const rows = sortRows(heatRows(c), sort);
    body.replaceChildren(...rows.map(r => rowElement(r, ratio)));
    // Grouped by dimension (the core's order, or sorted by it): a rule where a dimension starts.
    if (!sort || sort.column === 'dimension')
      rows.forEach((r, i) => i > 0 && r.dimension !== rows[i - 1].dimension && body.rows[i].classList.add('dimension-start'));
    for (const [column, th] of headers) {
      const on = sort?.column === column ? sort.direction : undefined;
      if (on) th.setAttribute('aria-sort', on);
      else th.removeAttribute('aria-sort');
      th.querySelector('.sort-mark')!.textContent = on === 'ascending' ? ' ▲' : on === 'descending' ? ' ▼' : '';
    }
    const buttons = sliceButtons();
    const stop = buttons.find(b => b.dataset.key === current) ?? buttons[0];
    for (const b of buttons) b.tabIndex = b === stop ? 0 : -1;
  };
  const sliceButtons = (): HTMLButtonElement[] => [...body.querySelectorAll<HTMLButtonElement>('button.heat-slice')];

  for (const { column, title, help } of HEAT_COLUMNS) {
    const th = el('th', `heat-col-${column}`);
    th.scope = 'col';
    const button = el('button', 'heat-sort');
    button.type = 'button';
    button.dataset.column = column;
    button.title = help;
    button.setAttribute('aria-label', `${title}: sort by it`);
    const mark = el('span', 'sort-mark');
    mark.setAttribute('aria-hidden', 'true');
    button.append(el('span', undefined, title), mark);
    button.addEventListener('click', () => {
      sort = preferred = nextSort(sort, column);
      draw();
    });
    th.append(button);
    head.append(th);
    headers.set(column, th);
  }

  // A click anywhere on a row, or Enter/Space on its value (the button's own click), charts its slice.
  body.addEventListener('click', e => {
    const tr = (e.target as HTMLElement).closest('tr');
    const button = tr?.querySelector<HTMLButtonElement>('button.heat-slice');
    if (!tr || !button) return;
    current = button.dataset.key;
    onChooseSlice(anomaly.metric, { [tr.dataset.dimension!]: tr.dataset.value! });
  });
  // The rows are one tab stop: arrows, Home and End move it.
  body.addEventListener('keydown', e => {
    const buttons = sliceButtons();
    const i = buttons.indexOf(e.target as HTMLButtonElement);
    if (i < 0) return;
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (to === undefined || !buttons[to]) return;
    e.preventDefault();
    buttons[i].tabIndex = -1;
    buttons[to].tabIndex = 0;
    buttons[to].focus();
    current = buttons[to].dataset.key;
  });
  draw();

  const wrap = el('div', 'heatmap-wrap');
  wrap.append(table);
  box.append(summary, wrap);
  if (c.gaps)
    box.append(
      el('p', 'heat-note', `${c.gaps} slice${c.gaps === 1 ? ' has' : 's have'} a missing number and ${c.gaps === 1 ? 'is' : 'are'} left out: gaps, not zeros.`),
    );
  box.append(el('p', 'heat-note', 'A header sorts by its column. Enter or a click on a value charts that slice.'));
  return box;
}

/** "Page views, Tue 10:00–14:00: 1,203,112 against 1,911,034 the same hours last week (−37%)." */
function totals(a: Anomaly, c: Contributions, zone: string): string {
  const ratio = c.kind === 'ratio';
  const when = `${formatInstant(a.start, zone, 'ccc HH:mm')}–${formatInstant(a.end, zone, 'HH:mm')}`;
  const change = c.expected !== null && c.actual !== null && c.expected !== 0 ? (c.actual - c.expected) / Math.abs(c.expected) : null;
  const totals = `${formatValue(c.actual, ratio)} against ${formatValue(c.expected, ratio)} the same hours last week (${formatChange(change)})`;
  const how = ratio ? ' Shares are of the traffic; a share of the change is the effect of the value’s own rate.' : '';
  return `${a.label}, ${when}: ${totals}.${how}`;
}

function rowElement(r: HeatRow, ratio: boolean): HTMLTableRowElement {
  const { v } = r;
  const slice = rowSlice(r);
  const direction = heatDirection(v);
  const tr = el('tr', `heat-row ${direction}${slice ? '' : ' folded'}`);
  tr.dataset.dimension = r.dimension;
  tr.dataset.value = v.value;
  const description = rowDescription(r, ratio);
  tr.title = description;
  const valueCell = el('td', 'heat-value');
  if (slice) {
    const button = el('button', 'heat-slice', valueLabel(v));
    button.type = 'button';
    button.dataset.key = `${r.dimension}=${v.value}`;
    button.setAttribute('aria-label', `${description} Enter charts this slice.`);
    valueCell.append(button);
  } else valueCell.append(el('span', undefined, valueLabel(v)));
  if (v.gaps) valueCell.append(el('span', 'heat-gaps', ` (${v.gaps} missing)`));
  const contribution = el('td', `num heat heat-${heatLevel(v.contribution)} ${direction}`, formatShare(v.contribution));
  contribution.dataset.contribution = v.contribution === null ? '' : String(v.contribution);
  tr.append(
    el('td', 'heat-dimension', r.dimension),
    valueCell,
    el('td', `num${v.relativeChange === null ? ' gap' : ''}`, formatChange(v.relativeChange)),
    el('td', `num${v.shareBefore === null ? ' gap' : ''}`, formatShare(v.shareBefore)),
    contribution,
  );
  return tr;
}
