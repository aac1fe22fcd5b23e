// The hand-off ladder (issue 16): each person's level (shadow, then draft, then lead, then solo),
// derived from the investigation logs, never stored in a profile. The thresholds are the team's
// (`ladder:` in .calibrate/report.yaml, src/core/config/ladderConfig.ts). It is for learning, never
// ranking: people are listed by name, and no count is compared with anyone else's.
// Pure: no vscode, no I/O.
//
// What counts, per person (drills are counted apart from real investigations; every other count is
// of real investigations only):
//   shadowed        given the learner or observer role while someone else led;
//   drafted         wrote a draft hypothesis for review; approvedDrafts: one someone else approved;
//   ledWithExpert   was the lead at the close (the lead never taken back), with an expert present:
//                   someone else held the lead or observer role, or did what only an expert does:
//                   judged or reviewed someone else's hypothesis, gave the verdict, closed it;
//   ledAlone        the only lead from start to close, with no expert present: a learner shadowing,
//                   even one drafting, proposing and judging their own hypotheses, is not an expert;
//   drillsLed       the lead at the end of a drill (or, with no lead, who started it); drillsPassed:
//                   those whose reveal scored passed.
import { DEFAULT_LADDER, type LadderThresholds } from '../config/ladderConfig';
import type { InvestigationEvent } from '../investigation/events';
import type { Investigation } from '../investigation/summary';

export { DEFAULT_LADDER, type LadderThresholds } from '../config/ladderConfig';

export type Rung = 'shadow' | 'draft' | 'lead' | 'solo';
export const RUNGS: readonly Rung[] = ['shadow', 'draft', 'lead', 'solo'];

/** One piece of evidence: the investigation it is in (its file name), when it was earned (ISO), and what. */
export interface Evidence {
  readonly investigation: string;
  readonly at: string;
  /** A draft's text, a drill's difficulty. */
  readonly detail?: string;
}

export type CountKey = 'shadowed' | 'drafted' | 'approvedDrafts' | 'ledWithExpert' | 'ledAlone' | 'drillsLed' | 'drillsPassed';
export const COUNT_KEYS: readonly CountKey[] = ['shadowed', 'drafted', 'approvedDrafts', 'ledWithExpert', 'ledAlone', 'drillsLed', 'drillsPassed'];

/** Each count's evidence, oldest first. */
export type LadderEvidence = { readonly [K in CountKey]: readonly Evidence[] };

/** What the next rung still asks for: `more` of `what`. */
export interface Missing {
  readonly what: CountKey;
  readonly more: number;
}

export interface PersonProgress {
  readonly person: string;
  readonly level: Rung;
  readonly evidence: LadderEvidence;
  /** The next rung and what it still asks for; undefined at solo. */
  readonly next?: { readonly rung: Rung; readonly missing: readonly Missing[] };
}

/** A hand-off the weekly review suggests: someone reached a rung this week, or is one step from the next. */
export interface HandoffSuggestion {
  readonly person: string;
  /** `reached`: the level rose during the week to `rung`; `nearly`: one more piece of evidence and they reach `rung`. */
  readonly kind: 'reached' | 'nearly';
  readonly rung: Rung;
  /** One sentence, framed as an offer to learn. */
  readonly text: string;
}

/** A week (or any span) of the review: [from, to), UTC ms. */
export interface ReviewWeek {
  readonly from: number;
  readonly to: number;
}

// ---- derivation ----------------------------------------------------------------------------------------

/** What only an expert does (with judging or reviewing someone else's hypothesis): a learner's own drafts, notes and self-reviews do not make them one. */
const EXPERT_DECISIONS: ReadonlySet<InvestigationEvent['type']> = new Set(['verdict', 'closed']);

type Mutable = { [K in CountKey]: Evidence[] };
const empty = (): Mutable => ({ shadowed: [], drafted: [], approvedDrafts: [], ledWithExpert: [], ledAlone: [], drillsLed: [], drillsPassed: [] });

/** Everyone who has a role or wrote an event in the logs, by name, with their level and its evidence. */
export function ladder(invs: readonly Investigation[], thresholds: LadderThresholds = DEFAULT_LADDER): PersonProgress[] {
  const by = new Map<string, Mutable>();
  const of = (p: string) => by.get(p) ?? by.set(p, empty()).get(p)!;
  for (const { name, state: s } of invs) {
    for (const p of s.participants) of(p.name);
    for (const r of s.roles) of(r.person);
    if (s.drill) {
      const learner = s.lead ?? s.drill.by;
      of(learner).drillsLed.push({ investigation: name, at: s.drill.at, detail: s.drill.difficulty });
      const r = s.drill.revealed;
      if (r?.score.passed) of(learner).drillsPassed.push({ investigation: name, at: r.at, detail: s.drill.difficulty });
      continue;
    }
    const leads = new Set(s.roles.filter(r => r.role === 'lead').map(r => r.person));
    const shadowedAt = new Map<string, string>();
    for (const r of s.roles) if (r.role !== 'lead' && [...leads].some(l => l !== r.person) && !shadowedAt.has(r.person)) shadowedAt.set(r.person, r.at);
    for (const [p, at] of shadowedAt) of(p).shadowed.push({ investigation: name, at });

    const deciders = new Set<string>();
    const authorOf = new Map<string, string>();
    const drafts = new Set<string>();
    for (const t of s.timeline) {
      if (!('event' in t)) continue;
      const e = t.event;
      if (e.type === 'hypothesis') authorOf.set(e.id, e.author);
      const judged = e.type === 'hypothesisStatus' || e.type === 'review' ? authorOf.get(e.data.hypothesis) : undefined;
      if (EXPERT_DECISIONS.has(e.type) || (judged !== undefined && judged !== e.author)) deciders.add(e.author);
      if (e.type === 'hypothesis' && e.data.draft) {
        drafts.add(e.id);
        of(e.author).drafted.push({ investigation: name, at: e.at, detail: e.data.text });
      }
    }
    for (const h of s.hypotheses) {
      const approval = h.reviews.find(r => r.approved && r.by !== h.by);
      if (approval && drafts.has(h.id)) of(h.by).approvedDrafts.push({ investigation: name, at: approval.at, detail: h.text });
    }

    const lead = s.lead;
    if (!s.closed || lead === undefined || !leads.has(lead)) continue;
    const experts = new Set<string>();
    for (const r of s.roles) if (r.person !== lead && r.role !== 'learner') experts.add(r.person);
    for (const p of deciders) if (p !== lead) experts.add(p);
    if (experts.size > 0) of(lead).ledWithExpert.push({ investigation: name, at: s.closed.at });
    else if (leads.size === 1) of(lead).ledAlone.push({ investigation: name, at: s.closed.at });
  }
  return [...by.entries()].sort(([a], [b]) => cmp(a, b)).map(([person, ev]) => progressFrom(person, sortEvidence(ev), thresholds));
}

/** One person's progress: from the logs, or at shadow with nothing yet when they are not in them. */
export function progressOf(invs: readonly Investigation[], thresholds: LadderThresholds, person: string): PersonProgress {
  return ladder(invs, thresholds).find(p => p.person === person) ?? progressFrom(person, empty(), thresholds);
}

function sortEvidence(ev: Mutable): LadderEvidence {
  for (const k of COUNT_KEYS) ev[k].sort((a, b) => cmp(a.at, b.at) || cmp(a.investigation, b.investigation));
  return ev;
}

/** Each rung's requirements (counts of LadderEvidence), in order. */
function requirements(t: LadderThresholds): { readonly rung: Rung; readonly needs: readonly (readonly [CountKey, number])[] }[] {
  return [
    { rung: 'draft', needs: [['shadowed', t.draft.shadowed]] },
    {
      rung: 'lead',
      needs: [
        ['approvedDrafts', t.lead.approvedDrafts],
        ['drillsPassed', t.lead.drillsPassed],
      ],
    },
    {
      rung: 'solo',
      needs: [
        ['drillsPassed', t.solo.drillsPassed],
        ['ledWithExpert', t.solo.ledWithExpert],
      ],
    },
  ];
}

/** The level and next step from evidence: the rungs in order, each met with all below it; or solo by leading alone already. */
function progressFrom(person: string, evidence: LadderEvidence, t: LadderThresholds): PersonProgress {
  const count = (k: CountKey) => evidence[k].length;
  // The experts the ladder starts from: their logs show leading alone, not the rungs below it.
  if (t.solo.orLedAlone > 0 && count('ledAlone') >= t.solo.orLedAlone) return { person, level: 'solo', evidence };
  let level: Rung = 'shadow';
  for (const { rung, needs } of requirements(t)) {
    const missing = needs.filter(([k, n]) => count(k) < n).map(([what, n]) => ({ what, more: n - count(what) }));
    if (missing.length) return { person, level, evidence, next: { rung, missing } };
    level = rung;
  }
  return { person, level, evidence };
}

/** Every rung met on its requirements (not by the experts' shortcut). */
function rungsMet(evidence: LadderEvidence, t: LadderThresholds): boolean {
  return requirements(t).every(({ needs }) => needs.every(([k, n]) => evidence[k].length >= n));
}

/** The evidence earned before `t` (UTC ms): where someone stood then. */
function before(p: PersonProgress, t: number): LadderEvidence {
  const out = empty();
  for (const k of COUNT_KEYS) out[k] = p.evidence[k].filter(e => Date.parse(e.at) < t);
  return out;
}

// ---- words ----------------------------------------------------------------------------------------------

const NOUNS: Readonly<Record<CountKey, readonly [string, string]>> = {
  shadowed: ['investigation shadowed', 'investigations shadowed'],
  drafted: ['hypothesis drafted', 'hypotheses drafted'],
  approvedDrafts: ['approved draft', 'approved drafts'],
  ledWithExpert: ['investigation led with an expert present', 'investigations led with an expert present'],
  ledAlone: ['investigation led alone', 'investigations led alone'],
  drillsLed: ['drill led', 'drills led'],
  drillsPassed: ['drill passed', 'drills passed'],
};

/** "3 approved drafts", "1 drill passed". */
export const countText = (what: CountKey, n: number): string => `${n} ${NOUNS[what][n === 1 ? 0 : 1]}`;

/** What each rung lets a person do, after "you can" / "Sam can". */
export const RUNG_ABILITY: Readonly<Record<Rung, string>> = {
  shadow: "shadow someone else's investigation",
  draft: "draft hypotheses for the lead's review",
  lead: 'lead an investigation with an expert present',
  solo: 'lead alone',
};

const list = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/**
 * What the next step asks for, in words: "2 more approved drafts and 1 more drill passed, then you
 * can lead an investigation with an expert present". `who` is "you" (My Progress) or a name.
 */
export function nextStepText(p: PersonProgress, who = 'you'): string {
  if (!p.next)
    return who === 'you'
      ? 'You are at solo and lead alone: take a learner along to shadow.'
      : `${who} is at solo and leads alone: take a learner along to shadow.`;
  return `${missingText(p)}, then ${who} can ${RUNG_ABILITY[p.next.rung]}`;
}

/** What the next rung still asks for: "2 more approved drafts and 1 more drill passed"; '' at solo. */
export function missingText(p: PersonProgress): string {
  return list((p.next?.missing ?? []).map(m => `${m.more} more ${NOUNS[m.what][m.more === 1 ? 0 : 1]}`));
}

// ---- the weekly review's hand-off suggestions ----------------------------------------------------------

/** What to offer someone one piece of evidence away from their next rung. */
const OFFERS: Readonly<Record<CountKey, (name: string) => string>> = {
  shadowed: n => `invite ${n} to shadow an investigation this week`,
  drafted: n => `invite ${n} to draft a hypothesis this week`,
  approvedDrafts: n => `invite ${n} to draft a hypothesis this week, for the lead's review`,
  ledWithExpert: n => `offer ${n} the lead of an investigation this week, with an expert present`,
  ledAlone: n => `offer ${n} the lead of an investigation this week`,
  drillsLed: n => `offer ${n} a drill this week`,
  drillsPassed: n => `offer ${n} a drill this week`,
};

/** What someone did, after "has": "passed 3 drills", "led 2 real investigations with an expert present". */
const DONE: Readonly<Record<CountKey, (n: number) => string>> = {
  shadowed: n => `shadowed ${n} investigation${n === 1 ? '' : 's'}`,
  drafted: n => `drafted ${n} hypothes${n === 1 ? 'is' : 'es'}`,
  approvedDrafts: n => `had ${n} draft${n === 1 ? '' : 's'} approved`,
  ledWithExpert: n => `led ${n} real investigation${n === 1 ? '' : 's'} with an expert present`,
  ledAlone: n => `led ${n} real investigation${n === 1 ? '' : 's'} alone`,
  drillsLed: n => `led ${n} drill${n === 1 ? '' : 's'}`,
  drillsPassed: n => `passed ${n} drill${n === 1 ? '' : 's'}`,
};

/** "has passed 3 drills and led 2 real investigations with an expert present": the evidence behind a rung. */
function didText(p: PersonProgress, keys: readonly CountKey[]): string {
  return list(keys.filter(k => p.evidence[k].length > 0).map(k => DONE[k](p.evidence[k].length)));
}

/** What someone who reached a rung this week could be offered next. */
function reachedText(p: PersonProgress, rung: Rung): string {
  const n = p.person;
  switch (rung) {
    case 'draft':
      return `${n} has ${didText(p, ['shadowed'])}: invite ${n} to draft hypotheses in the next one, for the lead's review.`;
    case 'lead':
      return `${n} has ${didText(p, ['approvedDrafts', 'drillsPassed']) || 'met the rung'}: offer ${n} the lead of an investigation in the coming week, with an expert present.`;
    case 'solo':
      return `${n} has ${didText(p, ['drillsPassed', 'ledWithExpert']) || 'met the rung'}: offer ${n} the lead for the coming week.`;
    default:
      return '';
  }
}

/**
 * The hand-offs the weekly review suggests for `week` (evidence up to its end counts), by name: whoever
 * reached a rung during the week is offered what that rung allows (not someone at solo by having led
 * alone already: they lead already); whoever is one piece of evidence
 * from the next rung is offered the practice that earns it. Nobody else is listed: no league table.
 */
export function handoffSuggestions(people: readonly PersonProgress[], thresholds: LadderThresholds, week: ReviewWeek): HandoffSuggestion[] {
  const out: HandoffSuggestion[] = [];
  for (const p of [...people].sort((a, b) => cmp(a.person, b.person))) {
    const then = progressFrom(p.person, before(p, week.from), thresholds);
    const now = progressFrom(p.person, before(p, week.to), thresholds);
    if (RUNGS.indexOf(now.level) > RUNGS.indexOf(then.level)) {
      // At solo by having led alone already (an expert, in the logs for the first time): nothing to offer.
      if (now.level === 'solo' && !rungsMet(now.evidence, thresholds)) continue;
      out.push({ person: p.person, kind: 'reached', rung: now.level, text: reachedText(now, now.level) });
    } else if (now.next && now.next.missing.length === 1 && now.next.missing[0]!.more === 1) {
      const m = now.next.missing[0]!;
      out.push({
        person: p.person,
        kind: 'nearly',
        rung: now.next.rung,
        text: `${p.person} needs 1 more ${NOUNS[m.what][0]} to ${RUNG_ABILITY[now.next.rung]}: ${OFFERS[m.what](p.person)}.`,
      });
    }
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
