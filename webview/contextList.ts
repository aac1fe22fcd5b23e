// The week's context beside the report: holidays (their type and learned impact), events, deploys
// and clock changes, each with what it is and when, in the report's zone, and what the reader can
// do with it: open a deploy's commit, open an event where it is declared, mark the item "expected",
// pin it to the investigation being worked on.
// Each action is a request to the host, which does it only for what its own report lists. The
// report's warnings that name a file get the same Open button (renderWarning, drawn by notes.ts).
import { contextKey, ownEntry, type PinTarget, type ReportSnapshot } from '../src/messaging/protocol';
import { el } from './table';
import { formatInstant } from './format';
import { detailText, itemLink, sourceText, type ItemLink } from './contextText';
import { KIND_WORDS, titledSection } from './insights';
import { button, busy } from './buttons';
import { pinButton } from './investigationMarks';
import { contextPinTarget } from './investigationModel';

type ContextItem = ReportSnapshot['context'][number];

/** What the context list asks of the host (HostLink implements it): each resolves true when done. */
export interface ContextActions {
  openDeploy(ref: string): Promise<boolean>;
  openSource(file: string, line: number): Promise<boolean>;
  markContext(key: string, expected: boolean): Promise<boolean>;
  /** Pin the item to the investigation being worked on. */
  pinEvidence(target: PinTarget): Promise<boolean>;
}

/**
 * The keys (contextKey) of the items marked "expected", as this webview knows them: seeded from each
 * new snapshot (the host adds its marks when it posts one), then updated by the host's answers, so
 * a redraw from the same snapshot keeps a mark made since.
 */
let marked = new Set<string>();
let seededFrom: ReportSnapshot | undefined;

export function renderContext(s: ReportSnapshot, actions?: ContextActions): HTMLElement {
  const section = titledSection('context', 'Context this week');
  if (s.analysis === 'pending') {
    section.append(el('p', 'meta', 'Loading holidays, events and deploys…'));
    return section;
  }
  if (!s.context.length) {
    section.append(el('p', 'meta', 'No holidays, events, deploys or clock changes this week.'));
    return section;
  }
  if (s !== seededFrom) {
    marked = new Set(s.expectedContext ?? []);
    seededFrom = s;
  }
  const list = el('ul', 'context-list');
  for (const c of s.context) list.append(renderItem(s, c, actions));
  section.append(list);
  return section;
}

function renderItem(s: ReportSnapshot, c: ContextItem, actions: ContextActions | undefined): HTMLLIElement {
  const li = el('li', `context-item ${c.kind}`); // the kind second: the diagnostics read classList[1]
  const key = contextKey(c);
  li.dataset.contextKey = key; // not data-key: that names the table's roving tab stops (main.ts)
  const when =
    c.end > c.start
      ? `${formatInstant(c.start, s.timezone, 'ccc d LLL HH:mm')}–${formatInstant(c.end, s.timezone, 'ccc HH:mm')}`
      : formatInstant(c.start, s.timezone, 'ccc d LLL HH:mm');
  const title = el('span', 'context-title', c.title);
  const badge = el('span', 'context-expected', 'expected');
  title.append(badge);
  li.append(
    el('span', 'context-kind', ownEntry(KIND_WORDS, c.kind) ?? c.kind),
    title,
    el('span', 'context-when', when),
    el('span', 'context-detail', detailText(s, c)),
  );
  const tools = el('span', 'context-actions');
  if (actions) {
    const link = itemLink(c);
    if (link) tools.append(linkButton(link, actions));
    tools.append(
      markButton(li, c, key, actions),
      pinButton(
        c.title,
        () => contextPinTarget(key),
        t => actions.pinEvidence(t),
      ),
    );
  }
  li.append(tools);
  showMark(li, marked.has(key));
  return li;
}

function linkButton(link: ItemLink, actions: ContextActions): HTMLButtonElement {
  const b = button('context-open', link.label, link.aria);
  b.title = link.kind === 'source' ? sourceText(link.file, link.line) : `git: ${link.ref}`;
  b.addEventListener('click', () => {
    void busy(b, () => (link.kind === 'deploy' ? actions.openDeploy(link.ref) : actions.openSource(link.file, link.line)));
  });
  return b;
}

/** A toggle: "Mark expected" records the mark with the host; pressed again, it withdraws it. */
function markButton(li: HTMLElement, c: ContextItem, key: string, actions: ContextActions): HTMLButtonElement {
  const b = button('context-mark', 'Mark expected', `Mark ${c.title} as expected`);
  b.addEventListener('click', () => {
    const expected = !marked.has(key);
    void busy(b, async () => {
      const ok = await actions.markContext(key, expected);
      if (ok) {
        if (expected) marked.add(key);
        else marked.delete(key);
        showMark(li, expected);
      }
      return ok;
    });
  });
  return b;
}

/** The item as marked or not: its class, the "expected" badge, and the toggle's label and state. */
function showMark(li: HTMLElement, expected: boolean): void {
  li.classList.toggle('expected', expected);
  const b = li.querySelector<HTMLButtonElement>('.context-mark');
  if (b) {
    b.setAttribute('aria-pressed', String(expected));
    b.textContent = expected ? 'Expected ✓' : 'Mark expected';
    b.title = expected ? 'Marked expected: press to withdraw the mark' : 'Mark this as expected: it is not the surprise behind an anomaly';
  }
}
