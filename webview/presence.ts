// Who else is in this report, and where (issue 12): a line under the header ("Ana (lead) is on Page
// views, Mon 02:00 · anomaly ▼ −23%"), a marker on the cells and the metric they are on, and the
// "Follow the lead" toggle. Kept out of the report's redraw: a presence message updates this bar and
// the markers in place, so someone else moving never takes the reader's focus or scroll.
import type { PresenceMark, PresenceMessage, ReportSnapshot } from '../src/messaging/protocol';
import { focusWords } from './presenceWords';
import { el } from './table';

const who = (p: PresenceMark) => `${p.author}${p.role ? ` (${p.role})` : ''}`;

export class PresenceBar {
  /** Re-appended under the header by every redraw; its content changes only with presence. */
  readonly element = el('section', 'presence');
  private readonly line = el('p', 'presence-line');
  private readonly follow = el('vscode-button', 'follow-lead', 'Follow the lead');
  private readonly said = el('p', 'presence-said');
  private last: PresenceMessage = { type: 'presence', people: [] };

  constructor(onFollow: (on: boolean) => void) {
    this.element.setAttribute('aria-label', 'Who else is here');
    this.element.hidden = true;
    this.line.setAttribute('role', 'status');
    this.line.setAttribute('aria-live', 'polite');
    this.said.setAttribute('role', 'status');
    this.follow.setAttribute('secondary', '');
    this.follow.addEventListener('click', () => onFollow(this.last.following === undefined));
    this.element.append(this.line, this.follow, this.said);
  }

  get message(): PresenceMessage {
    return this.last;
  }

  /** A presence message: the bar's text and the follow toggle (the markers: mark()). */
  update(m: PresenceMessage, s: ReportSnapshot | undefined): void {
    this.last = m;
    const f = m.following;
    const lines = m.people.map(p => {
      const span = el('span', 'presence-person', `${who(p)} is on ${focusWords(p.focus, s)}${p.following ? ` (following ${p.following})` : ''}`);
      span.dataset.author = p.author;
      if (f?.author === p.author) span.classList.add('followed');
      return span;
    });
    const lead = f && !m.people.some(p => p.author === f.author) ? [el('span', 'presence-person followed', `${f.author} is not here yet`)] : [];
    this.line.replaceChildren(...interleave([...lines, ...lead]));
    this.follow.textContent = f ? `Stop following ${f.author}` : 'Follow the lead';
    this.follow.setAttribute('aria-pressed', String(f !== undefined));
    this.follow.setAttribute('aria-label', f ? `Stop following ${f.author}` : 'Follow the lead: my report shows what the lead looks at');
    this.element.dataset.following = f?.author ?? '';
    if (m.stopped) this.said.textContent = m.stopped;
    else if (f) this.said.textContent = `Following ${f.author}: your report moves with theirs until you choose something yourself.`;
    else if (this.said.textContent?.startsWith('Following')) this.said.textContent = '';
    this.element.hidden = m.people.length === 0 && !f && !m.stopped;
  }

  /** Mark the cells and metrics others are on (after every redraw and every presence message). */
  mark(app: HTMLElement): void {
    app.querySelectorAll<HTMLElement>('.presence-here').forEach(x => {
      x.classList.remove('presence-here');
      x.removeAttribute('data-presence');
      if (x.dataset.label !== undefined) {
        x.setAttribute('aria-label', x.dataset.label);
        x.title = x.dataset.label;
        delete x.dataset.label;
      }
    });
    app.querySelectorAll('.presence-badge').forEach(x => x.remove());
    for (const p of this.last.people) {
      const f = p.focus;
      const metric = f.anomaly?.metric ?? f.metric;
      if (!metric) continue;
      const row = app.querySelector<HTMLElement>(`tbody tr[data-metric="${CSS.escape(metric)}"]`);
      if (!row) continue;
      const cells = f.anomaly
        ? [...row.querySelectorAll<HTMLElement>(`td.cell[data-anomaly="${CSS.escape(`${f.anomaly.metric}@${f.anomaly.start}`)}"]`)]
        : f.hour !== undefined
          ? [...row.querySelectorAll<HTMLElement>(`td.cell[data-at="${f.hour}"]`)]
          : [];
      for (const td of cells) {
        td.classList.add('presence-here');
        td.dataset.presence = [td.dataset.presence, who(p)].filter(Boolean).join(', ');
      }
      // Each marked cell says who is here in its label (what a screen reader reads, and its tooltip);
      // a visible badge would cover its value, so the outline marks it and the metric gets the badge.
      for (const td of cells) {
        const base = (td.dataset.label ??= td.getAttribute('aria-label') ?? '');
        const label = `${base}. ${td.dataset.presence} ${td.dataset.presence!.includes(',') ? 'are' : 'is'} here`;
        td.setAttribute('aria-label', label);
        td.title = label;
      }
      row.querySelector('th.metric')?.append(badge(p, `${who(p)} is on this metric`));
    }
  }
}

function badge(p: PresenceMark, text: string): HTMLElement {
  const b = el('span', 'presence-badge', initials(p.author));
  b.title = text;
  const hidden = el('span', 'presence-sr', ` ${text}`);
  b.append(hidden);
  return b;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 2)).toUpperCase();
}

function interleave(nodes: HTMLElement[]): (HTMLElement | string)[] {
  return nodes.flatMap((n, i) => (i ? ['; ', n] : [n]));
}
