// The composer, keyboard-first: a kind, a textarea, Ctrl+Enter (or Send). It is built once and never
// redrawn: a new state refreshes only its lists (hypotheses, questions, evidence), keeping what is
// selected, so a draft survives every state, a refused append, and a deleted log.
import type { ComposerEventType, ViewedState } from '../../src/messaging/investigationProtocol';
import { HYPOTHESIS_STATUSES, VERDICTS } from '../../src/messaging/investigationProtocol';
import { button, el, select } from './dom';
import { draftProblem, HYPOTHESIS_WORDS, oneLine, VERDICT_WORDS } from './format';

export type ComposerKind = 'note' | 'hypothesis' | 'draft' | 'question' | 'action' | 'answer' | 'hypothesisStatus' | 'review' | 'verdict' | 'closed';

const KINDS: readonly (readonly [ComposerKind, string])[] = [
  ['note', 'Note'],
  ['hypothesis', 'Hypothesis'],
  // A learner's hypothesis goes to the lead for review before it counts (issue 12, the hand-off).
  ['draft', 'Hypothesis draft (for review)'],
  ['question', 'Question'],
  ['action', 'Action item'],
  ['answer', 'Answer a question'],
  ['hypothesisStatus', 'Hypothesis status'],
  ['review', 'Send a draft back'],
  ['verdict', 'Verdict'],
  ['closed', 'Close the investigation'],
];

/** The main textarea's role per kind: its label, its draftProblem word, whether it is required. */
const MAIN: Readonly<Record<ComposerKind, readonly [string, string, boolean]>> = {
  note: ['Note (markdown)', 'note', true],
  hypothesis: ['Hypothesis (markdown)', 'hypothesis', true],
  draft: ['Draft hypothesis, for the lead to review (markdown)', 'hypothesis', true],
  review: ['Why it goes back (markdown)', 'comment', true],
  question: ['Question (markdown)', 'question', true],
  action: ['Action item (markdown)', 'action', true],
  answer: ['Answer (markdown)', 'answer', true],
  hypothesisStatus: ['Reason (optional, markdown)', 'reason', false],
  verdict: ['Reason (optional, markdown)', 'reason', false],
  closed: ['Summary (markdown)', 'summary', true],
};

/** Write one event: undefined when written, else why not. */
export type Send = (type: ComposerEventType, data: Record<string, unknown>) => Promise<string | undefined>;

/** What is typed, saved with the view's state so a window reload keeps it too. */
export interface ComposerDraft {
  readonly kind: ComposerKind;
  readonly text: string;
  readonly owner: string;
  readonly rootCause: string;
  readonly decision: string;
}

/** A saved draft, checked: it comes back from VS Code's webview state, which anything may have written. */
export function parseDraft(v: unknown): ComposerDraft | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const d = v as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  const kind = KINDS.some(([k]) => k === d.kind) ? (d.kind as ComposerKind) : 'note';
  return { kind, text: str(d.text), owner: str(d.owner), rootCause: str(d.rootCause), decision: str(d.decision) };
}

export class Composer {
  readonly element: HTMLElement;
  private readonly kind: HTMLSelectElement;
  private readonly text: HTMLTextAreaElement;
  private readonly textLabel: HTMLLabelElement;
  private readonly owner: HTMLInputElement;
  private readonly target: HTMLSelectElement;
  private readonly status: HTMLSelectElement;
  private readonly verdict: HTMLSelectElement;
  private readonly evidence: HTMLFieldSetElement;
  private readonly rootCause: HTMLTextAreaElement;
  private readonly decision: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly message: HTMLElement;
  private readonly rows: Record<'owner' | 'target' | 'status' | 'verdict' | 'evidence' | 'close', HTMLElement>;
  private state: Pick<ViewedState, 'questions' | 'hypotheses' | 'evidence'> | undefined;
  private sending = false;
  private gone = false;

  constructor(
    private readonly send: Send,
    private readonly onDraft: (d: ComposerDraft) => void = () => undefined,
  ) {
    const box = el('section', 'composer');
    box.setAttribute('aria-label', 'Write to the investigation');
    box.append(el('h2', '', 'Write'));
    this.kind = select('What to write', KINDS);
    this.kind.id = 'composer-kind';
    this.text = el('textarea', 'composer-text');
    this.text.id = 'composer-text';
    this.text.rows = 4;
    this.textLabel = el('label', 'field-label', MAIN.note[0]);
    this.textLabel.htmlFor = this.text.id;
    this.owner = el('input', 'composer-owner');
    this.owner.type = 'text';
    this.owner.maxLength = 300;
    this.owner.setAttribute('aria-label', 'Owner of the action item (optional)');
    this.owner.placeholder = 'owner (optional)';
    this.target = select('Which one', []);
    this.status = select(
      'New status of the hypothesis',
      HYPOTHESIS_STATUSES.map(s => [s, HYPOTHESIS_WORDS[s]] as const),
      'supported',
    );
    this.verdict = select(
      'Verdict on the anomaly',
      VERDICTS.map(v => [v, VERDICT_WORDS[v]] as const),
    );
    this.evidence = el('fieldset', 'composer-evidence');
    this.rootCause = el('textarea', 'composer-root-cause');
    this.rootCause.rows = 2;
    this.rootCause.setAttribute('aria-label', 'Root cause (markdown, required)');
    this.rootCause.placeholder = 'Root cause (required)';
    this.decision = el('textarea', 'composer-decision');
    this.decision.rows = 2;
    this.decision.setAttribute('aria-label', 'Decision taken (markdown, required)');
    this.decision.placeholder = 'Decision taken (required)';
    this.sendButton = button('Send', 'Send (Ctrl+Enter)', () => void this.submit(), 'primary');
    this.sendButton.classList.add('composer-send');
    this.message = el('p', 'composer-message');
    this.message.setAttribute('role', 'status');
    this.message.setAttribute('aria-live', 'polite');

    const row = (cls: string, ...children: HTMLElement[]) => {
      const r = el('div', `composer-row ${cls}`);
      r.append(...children);
      return r;
    };
    const kindLabel = el('label', 'field-label', 'Kind');
    kindLabel.htmlFor = this.kind.id;
    this.rows = {
      owner: row('owner', this.owner),
      target: row('target', this.target),
      status: row('status', this.status),
      verdict: row('verdict', this.verdict),
      evidence: row('evidence', this.evidence),
      close: row('close', this.rootCause, this.decision),
    };
    box.append(
      row('kind', kindLabel, this.kind),
      this.rows.target,
      this.rows.status,
      this.rows.verdict,
      this.rows.evidence,
      this.textLabel,
      this.text,
      this.rows.owner,
      this.rows.close,
      row('send', this.sendButton, el('span', 'hint', 'Ctrl+Enter sends. Markdown is shown formatted; HTML is shown as text.')),
      this.message,
    );
    this.element = box;

    this.kind.addEventListener('change', () => {
      this.layout();
      this.saveDraft();
    });
    for (const t of [this.text, this.rootCause, this.decision, this.owner] as HTMLElement[]) {
      t.addEventListener('keydown', (e: KeyboardEvent) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void this.submit();
        }
      });
      t.addEventListener('input', () => {
        this.checkLength();
        this.saveDraft();
      });
    }
    this.kind.addEventListener('keydown', e => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void this.submit();
    });
    this.layout();
  }

  /** Put a saved draft back (after a window reload). */
  restore(d: ComposerDraft): void {
    this.kind.value = d.kind;
    this.text.value = d.text;
    this.owner.value = d.owner;
    this.rootCause.value = d.rootCause;
    this.decision.value = d.decision;
    this.layout();
  }

  private saveDraft(): void {
    this.onDraft({ kind: this.current, text: this.text.value, owner: this.owner.value, rootCause: this.rootCause.value, decision: this.decision.value });
  }

  /** A new state: refresh the lists to choose from, keeping the choices and every draft. */
  update(state: Pick<ViewedState, 'questions' | 'hypotheses' | 'evidence'>): void {
    this.state = state;
    this.gone = false;
    this.refreshLists();
    this.sendButton.disabled = this.sending;
  }

  /** The log is gone: nothing can be written, the drafts stay for when it comes back (or to copy). */
  logGone(): void {
    this.gone = true;
    this.sendButton.disabled = true;
    this.say('The log was deleted: nothing can be sent. Your draft is kept here.', true);
  }

  /** Bring the composer up on one thing: answer this question, set this hypothesis's status, the verdict, the close. */
  compose(kind: ComposerKind, target?: string, status?: string): void {
    this.kind.value = kind;
    this.layout();
    if (target) this.target.value = target;
    if (status) this.status.value = status;
    this.element.scrollIntoView({ block: 'nearest' });
    (kind === 'verdict' ? this.verdict : this.text).focus();
  }

  private get current(): ComposerKind {
    return this.kind.value as ComposerKind;
  }

  private layout(): void {
    const k = this.current;
    this.textLabel.textContent = MAIN[k][0];
    this.rows.owner.hidden = k !== 'action';
    this.rows.target.hidden = k !== 'answer' && k !== 'hypothesisStatus' && k !== 'review';
    this.rows.status.hidden = k !== 'hypothesisStatus';
    this.rows.evidence.hidden = k !== 'hypothesisStatus';
    this.rows.verdict.hidden = k !== 'verdict';
    this.rows.close.hidden = k !== 'closed';
    this.refreshLists();
    this.checkLength();
  }

  private refreshLists(): void {
    const s = this.state;
    const k = this.current;
    const items =
      k === 'answer'
        ? (s?.questions ?? [])
        : k === 'hypothesisStatus'
          ? (s?.hypotheses ?? []).filter(h => !h.draft)
          : k === 'review'
            ? (s?.hypotheses ?? []).filter(h => h.draft)
            : [];
    const chosen = this.target.value;
    this.target.setAttribute('aria-label', k === 'answer' ? 'The question to answer' : 'The hypothesis');
    this.target.replaceChildren(
      ...items.map(i => {
        const o = el('option', '', oneLine(i.text, 100));
        o.value = i.id;
        return o;
      }),
    );
    if (items.some(i => i.id === chosen)) this.target.value = chosen;
    // The evidence to name: every pinned evidence, with the ticks kept.
    const ticked = new Set([...this.evidence.querySelectorAll<HTMLInputElement>('input:checked')].map(i => i.value));
    const legend = el('legend', '', s?.evidence.length ? 'Evidence for it (optional)' : 'No evidence pinned yet: pin some from the report panel.');
    this.evidence.replaceChildren(legend);
    for (const e of s?.evidence ?? []) {
      const label = el('label', 'evidence-choice');
      const box = el('input');
      box.type = 'checkbox';
      box.value = e.id;
      box.checked = ticked.has(e.id);
      label.append(box, document.createTextNode(` ${e.body.title}`));
      this.evidence.append(label);
    }
  }

  /** Say, before sending, what is too long (the draft stays as it is). */
  private checkLength(): boolean {
    const k = this.current;
    const problems = [
      draftProblem(MAIN[k][1], this.text.value, false),
      ...(k === 'closed' ? [draftProblem('rootCause', this.rootCause.value, false), draftProblem('decision', this.decision.value, false)] : []),
    ].filter(Boolean);
    if (problems.length) this.say(problems.join(' '), true);
    else if (this.message.classList.contains('error') && !this.gone) this.say('');
    return problems.length === 0;
  }

  private say(text: string, error = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }

  /** The event the draft makes, or why it cannot be sent yet. */
  private draft(): { type: ComposerEventType; data: Record<string, unknown> } | string {
    const k = this.current;
    const text = this.text.value;
    const [, word, required] = MAIN[k];
    const problem = draftProblem(word, text, required);
    if (problem) return problem;
    const reason = text.trim() ? { reason: text } : {};
    switch (k) {
      case 'note':
      case 'hypothesis':
      case 'question':
        return { type: k, data: { text } };
      case 'draft':
        return { type: 'hypothesis', data: { text, draft: true } };
      case 'review':
        return this.target.value
          ? { type: 'review', data: { hypothesis: this.target.value, approved: false, comment: text } }
          : 'There is no draft to send back.';
      case 'action': {
        const owner = this.owner.value.trim();
        return { type: 'action', data: { text, ...(owner ? { owner } : {}) } };
      }
      case 'answer':
        return this.target.value ? { type: 'answer', data: { question: this.target.value, text } } : 'There is no question to answer.';
      case 'hypothesisStatus': {
        if (!this.target.value) return 'There is no hypothesis yet.';
        const evidence = [...this.evidence.querySelectorAll<HTMLInputElement>('input:checked')].map(i => i.value);
        return { type: 'hypothesisStatus', data: { hypothesis: this.target.value, status: this.status.value, evidence, ...reason } };
      }
      case 'verdict':
        return { type: 'verdict', data: { verdict: this.verdict.value, ...reason } };
      case 'closed':
        return (
          draftProblem('rootCause', this.rootCause.value) ??
          draftProblem('decision', this.decision.value) ?? {
            type: 'closed',
            data: { summary: text, rootCause: this.rootCause.value, decision: this.decision.value },
          }
        );
    }
  }

  async submit(): Promise<void> {
    if (this.sending) return;
    if (this.gone) return this.say('The log was deleted: nothing can be sent. Your draft is kept here.', true);
    const d = this.draft();
    if (typeof d === 'string') return this.say(d, true);
    this.sending = true;
    this.sendButton.disabled = true;
    this.say('Sending…');
    const refused = await this.send(d.type, d.data);
    this.sending = false;
    this.sendButton.disabled = this.gone;
    if (refused) return this.say(`Not sent. ${refused.replace(/\.?$/, '.')} Your draft is kept.`, true);
    // Written: clear what was sent, keep the kind (the next note is likely another note).
    this.text.value = '';
    if (d.type === 'action') this.owner.value = '';
    if (d.type === 'closed') this.rootCause.value = this.decision.value = '';
    if (d.type === 'hypothesisStatus') for (const i of this.evidence.querySelectorAll<HTMLInputElement>('input:checked')) i.checked = false;
    // A verdict, a status change or the close is done once: the next thing written is most likely a note.
    if (d.type === 'closed' || d.type === 'verdict' || d.type === 'hypothesisStatus' || d.type === 'review') {
      this.kind.value = 'note';
      this.layout();
    }
    this.saveDraft();
    this.say('Written to the log.');
    this.text.focus();
  }
}
