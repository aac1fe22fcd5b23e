// The report's side of investigations: start one (or open the open one) from an anomaly card or a
// chosen red cell, show who is on each anomaly and its verdict, pin evidence (the chart's window, a
// heat-map, an explanation, a context item), and the week's counter. Each action is a request the
// host answers (HostLink); a failure is a notice, a pin's success a short "Pinned." The words are
// investigationModel.ts (pure, tested in Node).
import type { InvestigationMark, PinTarget, ReportSnapshot } from '../src/messaging/protocol';
import { el } from './table';
import { button, busy } from './buttons';
import { formatInstant } from './format';
import { marksOf, markText, openMarkOf, weeklyText } from './investigationModel';

type Anomaly = ReportSnapshot['anomalies'][number];

/** What the report asks of the host about investigations (HostLink implements the requests). */
export interface InvestigationActions {
  /** The snapshot's marks: who is on which anomaly, and its verdict. */
  readonly marks: readonly InvestigationMark[];
  startInvestigation(metric: string, start: number): Promise<boolean>;
  openInvestigation(name: string): Promise<boolean>;
  pinEvidence(target: PinTarget): Promise<boolean>;
}

const windowText = (a: Anomaly, zone: string): string => `${formatInstant(a.start, zone, 'ccc HH:mm')}–${formatInstant(a.end, zone, 'HH:mm')}`;

/** "Investigate", or "Open investigation" when the anomaly already has an open one (never a second). */
export function investigateButton(a: Anomaly, zone: string, acts: InvestigationActions): HTMLButtonElement {
  const open = openMarkOf(acts.marks, a);
  const what = `${a.label}, ${windowText(a, zone)}`;
  const b = open
    ? button('investigate-button open', 'Open investigation', `Open the investigation of ${what}: ${open.title}`)
    : button('investigate-button', 'Investigate', `Start an investigation of ${what}`);
  b.dataset.metric = a.metric;
  b.dataset.start = String(a.start);
  if (open) b.dataset.investigation = open.name;
  b.addEventListener('click', () => void busy(b, () => (open ? acts.openInvestigation(open.name) : acts.startInvestigation(a.metric, a.start))));
  return b;
}

/** One investigation of the anomaly: who is on it (or its verdict once closed); a click opens it. */
function markButton(m: InvestigationMark, acts: InvestigationActions): HTMLButtonElement {
  const text = markText(m);
  const b = el('button', `investigation-mark ${m.closed ? 'closed' : 'open'}${m.verdict ? ` verdict-${m.verdict}` : ''}`, text);
  b.type = 'button';
  b.dataset.investigation = m.name;
  b.title = m.title;
  b.setAttribute('aria-label', `${text}. Open the investigation "${m.title}"`);
  b.addEventListener('click', () => void busy(b, () => acts.openInvestigation(m.name)));
  return b;
}

/**
 * The line under an anomaly card, and under the chosen red cell: the action, then each investigation
 * of the anomaly (open first). Outside the card's <details>, so it shows while the card is closed.
 */
export function investigationLine(a: Anomaly, zone: string, acts: InvestigationActions, cls = 'anomaly-investigation'): HTMLElement {
  const box = el('div', `investigation-line ${cls}`);
  box.append(investigateButton(a, zone, acts), ...marksOf(acts.marks, a).map(m => markButton(m, acts)));
  return box;
}

/**
 * A "Pin" button: pins what `target` names when pressed (read then, so the chart's window is the one
 * on screen), says "Pinned." when the host has it; a failure is the link's notice.
 */
export function pinButton(what: string, target: () => PinTarget | undefined, pin: (t: PinTarget) => Promise<boolean>, text = 'Pin'): HTMLButtonElement {
  const b = button('pin-button', text, `Pin ${what} to the investigation`);
  b.title = `Pin ${what} to the investigation: its numbers are kept in the investigation's record`;
  b.addEventListener('click', () => {
    const t = target();
    if (!t) return;
    void busy(b, async () => {
      const ok = await pin(t);
      if (ok) pinned(b, text);
      return ok;
    });
  });
  return b;
}

const CONFIRM_MS = 3_000;
let confirmTimer: ReturnType<typeof setTimeout> | undefined;

/** "Pinned ✓" on the button, and "Pinned." in a polite status line that stays in view wherever the reader is. */
function pinned(b: HTMLButtonElement, text: string): void {
  b.textContent = 'Pinned ✓';
  b.classList.add('pinned');
  setTimeout(() => {
    b.textContent = text;
    b.classList.remove('pinned');
  }, CONFIRM_MS);
  let status = document.getElementById('action-status');
  if (!status) {
    status = el('p', 'action-status');
    status.id = 'action-status';
    status.setAttribute('role', 'status');
    document.body.append(status);
  }
  status.textContent = 'Pinned.';
  const line = status;
  if (confirmTimer) clearTimeout(confirmTimer);
  confirmTimer = setTimeout(() => (line.textContent = ''), CONFIRM_MS);
}

/** The week's counter near the anomalies, or undefined when the host sent none. */
export function renderWeekly(s: ReportSnapshot): HTMLElement | undefined {
  const text = weeklyText(s.weekly);
  if (!text) return undefined;
  const p = el('p', 'weekly-count', text);
  p.title = 'Investigations opened this week from flagged anomalies, by verdict. Missed: anomalies people reported that the report did not flag.';
  return p;
}
