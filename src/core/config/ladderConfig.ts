// The hand-off ladder's thresholds (issue 16): the optional `ladder:` key of .calibrate/report.yaml,
// so each team sets how much evidence each rung asks for. Pure: no vscode, no I/O.
//
// The defaults, and why (a team lead should recognise them):
//   draft: shadowed 2        two real investigations shadowed are enough to know the
//                             rhythm (triage, hypotheses, evidence, verdict) before writing one.
//   lead:  approvedDrafts 3  three drafts the lead approved (not written, approved) show the learner
//          drillsPassed 1    reasons from evidence; one passed drill shows they can find a cause
//                             with nobody's hand on the keyboard, at no cost to production.
//   solo:  drillsPassed 3    the hand-off the issue names: three drills passed and two real
//          ledWithExpert 2   investigations led to their close with an expert present (who never
//                             took the lead back) earn the lead for a week alone.
//          orLedAlone 1      the experts the ladder starts from: whoever has already led a real
//                             investigation alone to its close (a learner shadowing at most) does what
//                             solo means, whatever else the logs hold. One tells the experts apart in a
//                             repository that has just started keeping logs; a team wanting more sets 2,
//                             and 0 turns the shortcut off (everyone climbs every rung).
import { InputError } from '../types';
import { readYaml, yamlType, type YamlFile } from './yaml';

export interface LadderThresholds {
  /** shadow → draft: real investigations shadowed. */
  readonly draft: { readonly shadowed: number };
  /** draft → lead (with an expert present): drafts approved by someone else, drills passed. */
  readonly lead: { readonly approvedDrafts: number; readonly drillsPassed: number };
  /** lead → solo: drills passed, real investigations led with an expert present; or led alone already. */
  readonly solo: { readonly drillsPassed: number; readonly ledWithExpert: number; readonly orLedAlone: number };
}

export const DEFAULT_LADDER: LadderThresholds = {
  draft: { shadowed: 2 },
  lead: { approvedDrafts: 3, drillsPassed: 1 },
  solo: { drillsPassed: 3, ledWithExpert: 2, orLedAlone: 1 },
};

/** The keys of `ladder:` and of each rung (configKeys.ts and the JSON schema list the same). */
export const LADDER_KEYS = {
  ladder: ['draft', 'lead', 'solo'],
  draft: ['shadowed'],
  lead: ['approvedDrafts', 'drillsPassed'],
  solo: ['drillsPassed', 'ledWithExpert', 'orLedAlone'],
} as const;

/** A count a rung may ask for: 0 (not asked) to this. */
const MAX_COUNT = 1000;

/**
 * The ladder of a parsed report config: the defaults, with what `ladder:` sets. A rung or a count
 * left out keeps its default. A wrong value throws an InputError at its line and column.
 */
export function ladderOf(yaml: YamlFile, file: string): LadderThresholds {
  const { doc, data, posOf } = yaml;
  const raw = data instanceof Map ? data.get('ladder') : undefined;
  const failAt = (path: readonly unknown[], expected: string, detail: string): never => {
    // The value's place, else the closest parent written.
    for (let p = [...path]; ; p = p.slice(0, -1)) {
      const pos = posOf(p.length ? doc.getIn(p, true) : doc.contents);
      if (pos !== undefined || p.length === 0) throw new InputError(file, pos?.line, expected, detail, pos?.column);
    }
  };
  if (raw === undefined || raw === null) return DEFAULT_LADDER;
  if (!(raw instanceof Map)) return failAt(['ladder'], 'a mapping such as { lead: { approvedDrafts: 3, drillsPassed: 1 } }', `\`ladder\` is ${yamlType(raw)}`);
  const rung = <R extends keyof LadderThresholds>(r: R): LadderThresholds[R] => {
    const m = raw.get(r);
    const defaults = DEFAULT_LADDER[r];
    if (m === undefined || m === null) return defaults;
    const keys = LADDER_KEYS[r] as readonly string[];
    if (!(m instanceof Map)) return failAt(['ladder', r], `a mapping of ${keys.join(', ')} to counts`, `ladder.${r} is ${yamlType(m)}`);
    const out: Record<string, number> = { ...defaults };
    for (const k of keys) {
      const v = m.get(k);
      if (v === undefined || v === null) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_COUNT)
        failAt(['ladder', r, k], `a whole number from 0 to ${MAX_COUNT}`, `ladder.${r}.${k} is ${yamlType(v)}`);
      out[k] = v as number;
    }
    return out as unknown as LadderThresholds[R];
  };
  return { draft: rung('draft'), lead: rung('lead'), solo: rung('solo') };
}

/**
 * The ladder of a report config's text, reading only `ladder:` (My Progress and `calibrate progress`
 * work while another part of the config is being fixed). Throws an InputError with its line.
 */
export function parseLadderConfig(text: string, file: string): LadderThresholds {
  const read = readYaml(text, file);
  if (!read.ok) throw read.errors[0];
  return ladderOf(read.yaml, file);
}
