// The investigation view's entry point (dist/webview/investigation.js): handshake with the host, then
// draw each state it sends. The composer is built once and kept; the rest is redrawn per state, with
// the reader's scroll position and focus kept.
import { FIRST_STATE_ELEMENT_ID, TIMELINE_PAGE, type ViewedState, type WeeklyCount } from '../../src/messaging/investigationProtocol';
import { Composer, parseDraft, type ComposerDraft } from './composer';
import { el } from './dom';
import { zoneOf } from './format';
import { InvestigationLink } from './link';
import { renderView } from './view';
import { ViewPresence } from './presence';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const api = acquireVsCodeApi();
// What the serializer needs to reopen this log after a reload (investigationHtml.ts writes it on
// <body>), and the composer's draft, so a window reload keeps it too.
const log = { name: document.body.dataset.log ?? '', folder: document.body.dataset.folder ?? '' };
const saved = api.getState() as { name?: unknown; draft?: unknown } | undefined;
const savedDraft = saved?.name === log.name ? parseDraft(saved.draft) : undefined;
const saveState = (draft?: ComposerDraft) => api.setState({ ...log, ...(draft ? { draft } : {}) });
saveState(savedDraft);

const app = document.getElementById('app')!;
const banner = el('div', 'gone-banner');
banner.setAttribute('role', 'alert');
banner.hidden = true;
const statusLine = el('p', 'status-line');
statusLine.setAttribute('role', 'status');
statusLine.setAttribute('aria-live', 'polite');
const content = el('div', 'inv-content');
const composer = new Composer(
  (type, data) => link.append(type, data),
  d => saveState(d),
);
if (savedDraft) composer.restore(savedDraft);

let current: { state: ViewedState; me: string; weekly?: WeeklyCount; readOnly?: true } | undefined;
let timelineShown = TIMELINE_PAGE;
let started = false;

function start(): void {
  if (started) return;
  started = true;
  app.replaceChildren(banner, statusLine, presence.element, content);
}

function say(text: string): void {
  statusLine.textContent = text;
}

function draw(): void {
  if (!current) return;
  start();
  const t0 = performance.now();
  const { state, me, weekly, readOnly } = current;
  const focusKey = focusedKey();
  const y = window.scrollY;
  const parts = renderView(
    { state, me, zone: zoneOf(state), ...(weekly ? { weekly } : {}), ...(readOnly ? { readOnly } : {}), timelineShown },
    {
      openPlace: p => void link.openPlace(p),
      openLink: href => void link.openLink(href),
      openLine: line => void link.openLine(line),
      openFinding: (path, how) => void link.openFinding(path, how),
      openCommit: hash => void link.openCommit(hash),
      findingAction: action => void link.findingAction(action),
      append: (type, data, done) => void link.append(type, data).then(refused => say(refused ? `Not written. ${refused}` : done)),
      compose: (kind, target, status) => composer.compose(kind, target, status),
      // The host sends the latest N entries: ask for more, the state follows.
      showOlder: () => {
        timelineShown += TIMELINE_PAGE;
        void link.timeline(timelineShown);
      },
    },
  );
  const [header, ...rest] = parts;
  // A read-only Live Share guest reads the record and writes nothing: no composer (ADR 0016).
  // The composer never leaves the page: taking it out (replaceChildren) would move the focus to the
  // body, and the person typing would lose their keys whenever the other participant writes.
  for (const n of [...content.childNodes]) if (n !== composer.element) n.remove();
  if (readOnly) {
    composer.element.remove();
    content.append(header, ...rest);
  } else {
    if (composer.element.parentNode !== content) content.append(composer.element);
    composer.element.before(header);
    composer.element.after(...rest);
  }
  composer.update(state);
  app.setAttribute('aria-busy', 'false');
  app.dataset.events = String(state.timeline.length + state.olderEntries);
  // How long the last drawing took (read by the e2e test's measure; harmless otherwise).
  app.dataset.drawMs = String(Math.round(performance.now() - t0));
  // When the view first showed an investigation (wall clock): the e2e measures "start to view" with
  // it, not with its own polling of the page's frames.
  app.dataset.firstDrawnAt ??= String(Date.now());
  window.scrollTo(0, y);
  restoreFocus(focusKey);
  presence.mark(content);
}

/** Where focus was, as something findable in the next drawing: a control's label within an item. */
function focusedKey(): { id?: string; label: string | null } | undefined {
  const a = document.activeElement as HTMLElement | null;
  if (!a || !content.contains(a) || composer.element.contains(a)) return undefined;
  const item = a.closest<HTMLElement>('[data-id]');
  return { ...(item?.dataset.id ? { id: item.dataset.id } : {}), label: a.getAttribute('aria-label') };
}

function restoreFocus(k: { id?: string; label: string | null } | undefined): void {
  if (!k) return;
  const scope = k.id ? content.querySelector<HTMLElement>(`[data-id="${CSS.escape(k.id)}"]`) : content;
  const target =
    (k.label && scope?.querySelector<HTMLElement>(`[aria-label="${CSS.escape(k.label)}"]`)) || scope?.querySelector<HTMLElement>('button, select, a[href]');
  target?.focus({ preventScroll: true });
}

const link = new InvestigationLink(
  { post: e => api.postMessage(e) },
  {
    state: m => {
      const wasGone = !banner.hidden;
      banner.hidden = true;
      current = { state: m.state, me: m.me, ...(m.weekly ? { weekly: m.weekly } : {}), ...(m.readOnly ? { readOnly: m.readOnly } : {}) };
      draw();
      if (wasGone) say('The log is back.');
    },
    gone: m => {
      start();
      banner.textContent = m.message;
      banner.hidden = false;
      composer.logGone();
      app.setAttribute('aria-busy', 'false');
      if (!current) content.replaceChildren(composer.element);
    },
    failed: reason => {
      start();
      banner.textContent = reason;
      banner.hidden = false;
      app.setAttribute('aria-busy', 'false');
    },
    notice: text => say(text),
    presence: m => presence.update(m.people, content),
  },
);

// ---- presence (issue 12): who else is here (updated in place), and the item I focus ----
const presence = new ViewPresence();
let focusedItem: string | undefined;
content.addEventListener('focusin', ev => {
  const id = (ev.target as HTMLElement | null)?.closest<HTMLElement>('[data-id]')?.dataset.id;
  if (id === focusedItem || composer.element.contains(ev.target as Node)) return;
  focusedItem = id;
  link.focus(id);
});

window.addEventListener('message', ev => link.receive(ev.data));
window.addEventListener('error', ev => link.reportError(`${ev.message} (${ev.filename}:${ev.lineno})`));
window.addEventListener('unhandledrejection', ev => link.reportError(String(ev.reason)));
// The host writes the state it knows into the page (ADR 0025): draw it now, then ask (`ready`).
link.first(document.getElementById(FIRST_STATE_ELEMENT_ID)?.textContent);
void link.ready();
