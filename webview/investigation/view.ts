// The investigation drawn from its folded state: header (status, verdict, people, the anomaly's
// frozen numbers), hypotheses, pinned evidence, questions, action items, the verdict and the close,
// the timeline, and the log's problems. Redrawn whole on every state; the composer (composer.ts) is
// not part of it, so drafts survive. User text goes in through textContent or sanitized markdown.
import type { FindingAction, ViewedState, WeeklyCount, ReportPlace } from '../../src/messaging/investigationProtocol';
import { ROLES, STATUSES } from '../../src/messaging/investigationProtocol';
import { button, el, select } from './dom';
import { renderEvidence, seriesChart, sliceWords } from './evidence';
import {
  ACTION_WORDS,
  COMMIT_LINK_WORDS,
  describeEntry,
  formatAt,
  formatWindow,
  HYPOTHESIS_WORDS,
  num,
  signedPct,
  STATUS_WORDS,
  timelineWindow,
  VERDICT_WORDS,
} from './format';
import { renderMarkdown } from './markdown';

export interface ViewActions {
  readonly openPlace: (p: ReportPlace) => void;
  readonly openLink: (href: string) => void;
  readonly openLine: (line: number) => void;
  /** Append an event now (a status, a role, an action's state): no draft involved. */
  readonly append: (type: 'status' | 'role' | 'actionState' | 'review', data: Record<string, unknown>, done: string) => void;
  /** Bring the composer up on one target: a hypothesis's status, an answer, the verdict, the close. */
  readonly compose: (kind: 'hypothesisStatus' | 'answer' | 'review' | 'verdict' | 'closed', target?: string, status?: string) => void;
  readonly showOlder: () => void;
  readonly openFinding: (path: string, how: 'preview' | 'edit') => void;
  readonly openCommit: (hash: string) => void;
  readonly findingAction: (action: FindingAction) => void;
}

export interface ViewInput {
  readonly state: ViewedState;
  readonly me: string;
  readonly zone: string;
  readonly weekly?: WeeklyCount;
  /** Timeline entries to draw (the latest N). */
  readonly timelineShown: number;
  /** A read-only Live Share guest: nothing that writes is drawn (ADR 0016). */
  readonly readOnly?: true;
}

/** Rendered markdown by event id and field: an event never changes, so a redraw reuses its nodes (10,000 events stay fast). */
const markdownCache = new Map<string, HTMLElement>();

function md(key: string, text: string, on: ViewActions): HTMLElement {
  let node = markdownCache.get(key);
  if (!node) {
    node = renderMarkdown(text, on.openLink);
    markdownCache.set(key, node);
  }
  return node;
}

const stampWords = (s: { by: string; at: string }, zone: string) => `${s.by}, ${formatAt(s.at, zone)}`;

function section(id: string, title: string, count?: number): HTMLElement {
  const s = el('section', `inv-section ${id}`);
  s.id = id;
  const h = el('h2', '', count === undefined ? title : `${title} (${count})`);
  h.id = `${id}-title`;
  s.setAttribute('aria-labelledby', h.id);
  s.append(h);
  return s;
}

export function renderView(input: ViewInput, on: ViewActions): HTMLElement[] {
  const { state } = input;
  return [
    renderHeader(input, on),
    renderHypotheses(input, on),
    renderPinned(input, on),
    renderQuestions(input, on),
    renderActions(input, on),
    renderOutcome(input, on),
    renderFindings(input, on),
    renderTimeline(input, on),
    ...(state.problems.length ? [renderProblems(input, on)] : []),
  ];
}

function renderHeader({ state, me, zone, weekly, readOnly }: ViewInput, on: ViewActions): HTMLElement {
  const head = el('header', 'inv-header');
  head.append(el('h1', '', state.title ?? 'Untitled investigation'));
  const meta = el('p', 'inv-meta');
  meta.append(el('span', `badge status-${state.status}`, STATUS_WORDS[state.status]));
  if (state.verdict) meta.append(el('span', `badge verdict verdict-${state.verdict.verdict}`, `Verdict: ${VERDICT_WORDS[state.verdict.verdict]}`));
  else meta.append(el('span', 'badge verdict none', 'No verdict yet'));
  if (state.opened) meta.append(el('span', 'opened', `Opened by ${stampWords(state.opened, zone)}`));
  head.append(meta);
  head.append(el('p', 'zone-note', zoneWords(state, zone)));

  const people = el('p', 'participants');
  people.append(el('span', 'label', 'People: '));
  people.append(
    document.createTextNode(
      state.participants.length
        ? state.participants.map(p => `${p.name}${p.role ? ` (${p.role})` : ''}${p.name === me ? ' – you' : ''}`).join(', ')
        : 'nobody yet',
    ),
  );
  head.append(people);

  if (readOnly) {
    const note = el('p', 'read-only-note', 'Read only: you joined this Live Share session read-only. You see everything as it is written, and write nothing.');
    note.setAttribute('role', 'note');
    head.append(note);
  }
  // What the reader does most here, without leaving the keyboard: status, own role, verdict, close.
  const controls = el('div', 'inv-controls');
  const statusSel = select(
    'Status of the investigation',
    STATUSES.map(s => [s, STATUS_WORDS[s]] as const),
    state.status,
  );
  controls.append(
    labelled('Status', statusSel),
    button('Set status', 'Set the status', () => on.append('status', { status: statusSel.value }, `Status set to ${STATUS_WORDS[statusSel.value]}.`)),
  );
  const mine = state.participants.find(p => p.name === me)?.role;
  const roleSel = select(`Your role (${me})`, [...(mine ? [] : [['', '(none yet)'] as const]), ...ROLES.map(r => [r, r] as const)], mine ?? '');
  controls.append(
    labelled('My role', roleSel),
    button('Set role', `Set your role (${me})`, () => {
      if (roleSel.value) on.append('role', { person: me, role: roleSel.value }, `You are now ${roleSel.value}.`);
    }),
  );
  controls.append(button('Verdict…', 'Record a verdict on the anomaly', () => on.compose('verdict')));
  // Closed already: reopening is a status change (above); a second close would be a second record.
  if (!state.closed) controls.append(button('Close…', 'Close the investigation with a summary, root cause and decision', () => on.compose('closed')));
  if (!readOnly) head.append(controls);

  if (state.anomaly) head.append(renderAnomaly(state, zone));
  if (weekly) {
    head.append(
      el(
        'p',
        'weekly',
        `This week: ${weekly.flagged} flagged · ${weekly.real} real · ${weekly.expected} expected · ${weekly.dataProblem} data problem · ${weekly.falseAlarm} false alarm · ${weekly.missed} missed (reported) · ${weekly.unlabelled} without a verdict`,
      ),
    );
  }
  return head;
}

function labelled(text: string, control: HTMLElement): HTMLElement {
  const l = el('label', 'control');
  l.append(el('span', '', text), control);
  return l;
}

function zoneWords(state: ViewedState, zone: string): string {
  if (state.anomaly && state.anomaly.zone !== zone) return `Times in UTC: the report's zone "${state.anomaly.zone}" is not known here.`;
  return state.anomaly ? `Times in ${zone}, the report's zone.` : 'Times in UTC: this investigation was not opened from a report anomaly.';
}

function renderAnomaly(state: ViewedState, zone: string): HTMLElement {
  const a = state.anomaly!;
  const box = el('section', 'inv-anomaly');
  box.setAttribute('aria-label', 'The anomaly, as it was when the investigation was opened');
  box.append(el('h2', '', 'Anomaly (frozen when opened)'));
  box.append(
    el('p', `anomaly-what ${a.direction}`, `${a.direction === 'down' ? '▼' : '▲'} ${a.label}${sliceWords(a.slice)} · ${formatWindow(a.start, a.end, zone)}`),
  );
  // Actual against the forecast over the anomaly's own hours, from the frozen series.
  let actual = 0;
  let expected = 0;
  let both = 0;
  a.series.x.forEach((x, i) => {
    const v = a.series.actual[i];
    const f = a.series.expected?.[i];
    if (x >= a.start && x < a.end && typeof v === 'number' && typeof f === 'number') {
      actual += v;
      expected += f;
      both++;
    }
  });
  const numbers = el('p', 'anomaly-numbers');
  numbers.textContent = both
    ? `Actual ${num(actual)} vs forecast ${num(expected)} (${signedPct(a.vsForecastPct)} vs forecast), severity ${num(a.severity)}`
    : `${signedPct(a.vsForecastPct)} vs forecast, severity ${num(a.severity)}`;
  box.append(numbers);
  if (a.series.x.length) box.append(seriesChart(a.series, zone, `${a.label}: actual against the forecast band around the anomaly`));
  if (a.explanations.length) {
    const ul = el('ul', 'frozen-explanations');
    ul.setAttribute('aria-label', 'Explanations when opened');
    for (const e of a.explanations) {
      const li = el('li');
      li.append(el('span', '', e.title), el('span', 'confidence', ` · ${Math.round(e.confidence * 100)}%`));
      ul.append(li);
    }
    box.append(el('h3', '', 'Explanations then'), ul);
  }
  box.append(el('p', 'config-version', `Measured with report config ${a.configVersion || '(unknown version)'}.`));
  return box;
}

function renderHypotheses({ state, zone, readOnly }: ViewInput, on: ViewActions): HTMLElement {
  const s = section('hypotheses', 'Hypotheses', state.hypotheses.length);
  if (!state.hypotheses.length) s.append(el('p', 'empty', 'No hypothesis yet. Propose one in the composer (kind: Hypothesis).'));
  const titles = new Map(state.evidence.map(e => [e.id, e.body.title]));
  const list = el('ol', 'hypothesis-list');
  for (const h of state.hypotheses) {
    const li = el('li', `hypothesis ${h.status}`);
    li.dataset.id = h.id;
    const head = el('div', 'item-head');
    head.append(
      h.draft ? el('span', 'badge h-draft', 'Draft') : el('span', `badge h-${h.status}`, HYPOTHESIS_WORDS[h.status]),
      el('span', 'by', stampWords(h, zone)),
    );
    li.append(head, md(`${h.id}:text`, h.text, on));
    // Who proposed, who approved or sent it back, and when: the hand-off in the record.
    for (const r of h.reviews) {
      const line = el('div', 'reason');
      line.append(el('span', 'label', `${r.approved ? 'Approved' : 'Sent back'} by ${stampWords(r, zone)}${r.comment ? ': ' : ''}`));
      if (r.comment) line.append(md(`${r.id}:comment`, r.comment, on));
      li.append(line);
    }
    if (h.reason) {
      const r = el('div', 'reason');
      r.append(el('span', 'label', 'Why: '), md(`${h.history.at(-1)?.id ?? h.id}:reason`, h.reason, on));
      li.append(r);
    }
    if (h.evidence.length) {
      const ev = el('p', 'h-evidence');
      ev.append(el('span', 'label', 'Evidence: '));
      h.evidence.forEach((id, i) => {
        const a = button(titles.get(id) ?? id, `Go to the evidence ${titles.get(id) ?? id}`, () => focusEvidence(id), 'link-button');
        ev.append(...(i ? [document.createTextNode(', ')] : []), a);
      });
      li.append(ev);
    }
    const actions = el('div', 'item-actions');
    if (h.draft) {
      actions.append(
        button('Approve', `Approve the draft: ${h.text.slice(0, 80)}`, () =>
          on.append('review', { hypothesis: h.id, approved: true }, 'Approved: it is a proposed hypothesis now.'),
        ),
        button('Send back…', `Send the draft back with a comment: ${h.text.slice(0, 80)}`, () => on.compose('review', h.id)),
      );
    }
    for (const st of h.draft ? [] : (['supported', 'rejected', 'proposed'] as const)) {
      if (st === h.status) continue;
      const words = st === 'proposed' ? 'Back to proposed…' : `Mark ${st}…`;
      actions.append(button(words, `${words.replace('…', '')}: ${h.text.slice(0, 80)}`, () => on.compose('hypothesisStatus', h.id, st)));
    }
    if (!readOnly) li.append(actions);
    list.append(li);
  }
  s.append(list);
  return s;
}

function focusEvidence(id: string): void {
  const target = document.querySelector<HTMLElement>(`.evidence-item[data-id="${CSS.escape(id)}"]`);
  if (!target) return;
  target.tabIndex = -1;
  target.scrollIntoView({ block: 'center' });
  target.focus();
}

function renderPinned({ state, zone }: ViewInput, on: ViewActions): HTMLElement {
  const s = section('pinned', 'Pinned evidence', state.evidence.length);
  if (!state.evidence.length) s.append(el('p', 'empty', 'Nothing pinned yet. Pin a chart, a table, an explanation or a context item from the report panel.'));
  const grid = el('div', 'evidence-grid');
  for (const e of state.evidence) {
    const item = renderEvidence(e.id, e.body, zone, on.openPlace);
    item.append(el('p', 'by', `Pinned by ${stampWords(e, zone)}`));
    grid.append(item);
  }
  s.append(grid);
  return s;
}

function renderQuestions({ state, zone, readOnly }: ViewInput, on: ViewActions): HTMLElement {
  const open = state.questions.filter(q => q.answers.length === 0).length;
  const s = section('questions', `Questions${state.questions.length ? ` (${open} open of ${state.questions.length})` : ''}`);
  if (!state.questions.length) s.append(el('p', 'empty', 'No questions.'));
  const list = el('ul', 'question-list');
  for (const q of state.questions) {
    const li = el('li', `question ${q.answers.length ? 'answered' : 'open'}`);
    li.dataset.id = q.id;
    li.append(el('div', 'by', stampWords(q, zone)), md(`${q.id}:text`, q.text, on));
    for (const a of q.answers) {
      const ans = el('div', 'answer');
      ans.append(el('div', 'by', `Answer: ${stampWords(a, zone)}`), md(`${a.id}:text`, a.text, on));
      li.append(ans);
    }
    if (!readOnly) li.append(button('Answer…', `Answer the question: ${q.text.slice(0, 80)}`, () => on.compose('answer', q.id)));
    list.append(li);
  }
  s.append(list);
  return s;
}

function renderActions({ state, zone, readOnly }: ViewInput, on: ViewActions): HTMLElement {
  const s = section('actions', 'Action items', state.actions.length);
  if (!state.actions.length) s.append(el('p', 'empty', 'No action items.'));
  const list = el('ul', 'action-list');
  for (const a of state.actions) {
    const li = el('li', `action ${a.state}`);
    li.dataset.id = a.id;
    const head = el('div', 'item-head');
    head.append(
      el('span', `badge a-${a.state}`, ACTION_WORDS[a.state]),
      el('span', 'owner', a.owner ? `Owner: ${a.owner}` : 'No owner'),
      el('span', 'by', stampWords(a, zone)),
    );
    li.append(head, md(`${a.id}:text`, a.text, on));
    const buttons = el('div', 'item-actions');
    for (const [st, words] of [
      ['done', 'Done'],
      ['dropped', 'Drop'],
      ['open', 'Reopen'],
    ] as const) {
      if (st !== a.state)
        buttons.append(
          button(words, `${words}: ${a.text.slice(0, 80)}`, () =>
            on.append('actionState', { action: a.id, state: st }, `Action item marked ${ACTION_WORDS[st].toLowerCase()}.`),
          ),
        );
    }
    if (!readOnly) li.append(buttons);
    list.append(li);
  }
  s.append(list);
  return s;
}

function renderOutcome({ state, zone }: ViewInput, on: ViewActions): HTMLElement {
  const s = section('outcome', 'Verdict and close');
  const v = state.verdict;
  if (v) {
    const p = el('div', `verdict-box verdict-${v.verdict}`);
    p.append(el('p', 'verdict-what', `${VERDICT_WORDS[v.verdict]} (${stampWords(v, zone)})`));
    if (v.reason) p.append(md(`${v.id}:reason`, v.reason, on));
    s.append(p);
  } else s.append(el('p', 'empty', 'No verdict yet: real, expected, data problem or false alarm.'));
  const c = state.closed;
  if (c) {
    const box = el('div', 'closed-box');
    box.append(el('p', 'closed-what', `Closed by ${stampWords(c, zone)}`));
    for (const [label, text, key] of [
      ['Summary', c.summary, 'summary'],
      ['Root cause', c.rootCause, 'rootCause'],
      ['Decision', c.decision, 'decision'],
    ] as const) {
      box.append(el('h3', '', label), md(`${c.id}:${key}`, text, on));
    }
    s.append(box);
  }
  return s;
}

/** What the investigation ended in: the post-mortems and decision records written from it, and the commits of the fix. */
function renderFindings({ state, zone, readOnly }: ViewInput, on: ViewActions): HTMLElement {
  const s = section('findings', 'Findings and commits', state.findings.length + state.commits.length);
  if (!state.findings.length && !state.commits.length) {
    s.append(
      el(
        'p',
        'empty',
        'No findings yet. Once the cause is known, write the post-mortem (what happened, its impact, why, what we learned) or record the decision, and commit them with the fix: the commit is linked here.',
      ),
    );
  }
  if (state.findings.length) {
    const list = el('ul', 'finding-list');
    list.setAttribute('aria-label', 'Findings written from this investigation');
    for (const f of state.findings) {
      const kind = f.kind === 'adr' ? 'Decision record' : 'Post-mortem';
      const li = el('li', `finding k-${f.kind}`);
      li.dataset.id = f.id;
      li.append(
        el('span', `badge finding-kind`, kind),
        el('span', 'finding-title', f.title),
        el('code', 'finding-path', f.path),
        el('span', 'stamp', stampWords(f, zone)),
        button('Preview', `Preview the ${kind.toLowerCase()} ${f.path}`, () => on.openFinding(f.path, 'preview'), 'link-button'),
        button('Edit', `Edit ${f.path}`, () => on.openFinding(f.path, 'edit'), 'link-button'),
      );
      list.append(li);
    }
    s.append(list);
  }
  if (state.commits.length) {
    const list = el('ul', 'commit-list');
    list.setAttribute('aria-label', 'Commits linked to this investigation');
    for (const c of state.commits) {
      const li = el('li', 'commit');
      li.dataset.id = c.id;
      const open = button(
        c.hash.slice(0, 8),
        `${c.hash.slice(0, 8)}: show the changes of the commit ${c.subject.slice(0, 80)}`,
        () => on.openCommit(c.hash),
        'link-button commit-hash',
      );
      li.append(
        open,
        el('span', 'commit-subject', c.subject || '(no subject)'),
        el('span', 'stamp', `${c.committedAt ? `committed ${formatAt(c.committedAt, zone)}; ` : ''}linked by ${c.by} (${COMMIT_LINK_WORDS[c.link] ?? c.link})`),
      );
      list.append(li);
    }
    s.append(list);
  }
  if (!readOnly) {
    const controls = el('div', 'finding-controls');
    controls.append(
      // Each label starts with the words on the button (WCAG 2.5.3: speech control says what it sees).
      button('Write post-mortem', 'Write post-mortem: the blameless post-mortem of this investigation', () => on.findingAction('postmortem')),
      button('Record decision', 'Record decision: this investigation’s decision as an ADR', () => on.findingAction('adr')),
      button('Link commit…', 'Link commit: a commit that carries the fix', () => on.findingAction('linkCommit')),
    );
    s.append(controls);
  }
  return s;
}

function renderTimeline({ state, zone, timelineShown }: ViewInput, on: ViewActions): HTMLElement {
  const s = section('timeline', 'Timeline', state.timeline.length + state.olderEntries);
  const titles = new Map<string, string>([...state.hypotheses, ...state.questions, ...state.actions].map(x => [x.id, x.text]));
  // The host sent the latest entries it was asked for; draw at most the latest `timelineShown` of them.
  const { from, hidden: cut } = timelineWindow(state.timeline.length, timelineShown);
  const hidden = cut + state.olderEntries;
  if (hidden) s.append(button(`Show ${Math.min(hidden, 500)} older of ${hidden} hidden`, 'Show older timeline entries', on.showOlder, 'show-older'));
  const list = el('ol', 'timeline-list');
  for (let i = from; i < state.timeline.length; i++) {
    const t = state.timeline[i];
    const d = describeEntry(t, titles);
    const stamp = 'event' in t ? t.event : t.foreign;
    const li = el('li', `entry${d.foreign ? ' foreign' : ` t-${'event' in t ? t.event.type : ''}`}`);
    li.dataset.id = stamp.id;
    const head = el('div', 'entry-head');
    const time = el('time', 'when', formatAt(stamp.at, zone));
    time.dateTime = stamp.at;
    head.append(time, el('span', 'who', stamp.author), el('span', 'what', d.what));
    li.append(head);
    if (d.text !== undefined) li.append(md(`${stamp.id}:timeline`, d.text, on));
    if (d.foreign && 'foreign' in t) li.append(el('p', 'why', `${t.foreign.why}. Line ${t.line} of the log; kept as written.`));
    list.append(li);
  }
  s.append(list);
  return s;
}

function renderProblems({ state }: ViewInput, on: ViewActions): HTMLElement {
  const s = section('log-problems', 'Log problems', state.problems.length);
  s.append(el('p', 'empty', 'These lines of the log could not be used. They are kept in the file, untouched; fix or remove them there.'));
  const list = el('ul', 'problem-lines');
  for (const p of state.problems.slice(0, 500)) {
    const li = el('li');
    li.append(
      el('span', 'problem-message', p.message),
      button(`Open at line ${p.line}`, `Open the log at line ${p.line}`, () => on.openLine(p.line), 'link-button'),
    );
    list.append(li);
  }
  if (state.problems.length > 500) list.append(el('li', 'empty', `…and ${state.problems.length - 500} more.`));
  s.append(list);
  return s;
}
