// Each person's history, derived from the investigation logs (never stored in a profile): the rungs
// of the learning ladder (issue 12; the learning loop builds on it). Pure: no vscode, no I/O.
//   shadowed: was a learner or an observer while someone else led;
//   drafted:  wrote a draft hypothesis for review;
//   led:      was the lead at some point;
//   ledSolo:  led it to its close with every decision their own: nobody else proposed, judged or
//             reviewed a hypothesis, gave the verdict or closed it.
import type { InvestigationEvent } from './events';
import type { Investigation } from './summary';

export interface PersonHistory {
  readonly person: string;
  /** Investigation names, each list in name order. */
  readonly shadowed: readonly string[];
  readonly drafted: readonly string[];
  readonly led: readonly string[];
  readonly ledSolo: readonly string[];
}

/** Events that decide: whoever writes one takes part in the reasoning, not only in watching. */
const DECISIONS: ReadonlySet<InvestigationEvent['type']> = new Set(['hypothesis', 'hypothesisStatus', 'review', 'verdict', 'closed']);

export function peopleHistory(invs: readonly Investigation[]): PersonHistory[] {
  const by = new Map<string, { shadowed: Set<string>; drafted: Set<string>; led: Set<string>; ledSolo: Set<string> }>();
  const of = (p: string) => by.get(p) ?? by.set(p, { shadowed: new Set(), drafted: new Set(), led: new Set(), ledSolo: new Set() }).get(p)!;
  for (const { name, state } of invs) {
    const leads = new Set(state.roles.filter(r => r.role === 'lead').map(r => r.person));
    for (const r of state.roles) {
      if (r.role === 'lead') of(r.person).led.add(name);
      else if ([...leads].some(l => l !== r.person)) of(r.person).shadowed.add(name);
    }
    const deciders = new Set<string>();
    for (const t of state.timeline) {
      if (!('event' in t)) continue;
      const e = t.event;
      if (DECISIONS.has(e.type)) deciders.add(e.author);
      if (e.type === 'hypothesis' && e.data.draft) of(e.author).drafted.add(name);
    }
    if (state.closed && leads.size === 1) {
      const [lead] = leads;
      if ([...deciders].every(d => d === lead)) of(lead).ledSolo.add(name);
    }
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([person, h]) => ({ person, shadowed: sorted(h.shadowed), drafted: sorted(h.drafted), led: sorted(h.led), ledSolo: sorted(h.ledSolo) }));
}
