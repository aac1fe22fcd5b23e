// What Calibrate: My Progress shows (issue 16): one person's place on the hand-off ladder as rows of
// a quick pick (keyboard-first, read by screen readers: a heading per count, the investigations behind
// it, each opening the investigation). Plain data, no vscode: test/unit/learning/ladder.test.ts reads it.
import { COUNT_KEYS, missingText, RUNG_ABILITY, RUNGS, type CountKey, type PersonProgress } from '../core/learning/ladder';

const THRESHOLDS = "Pick to see the team's thresholds.";

export type ProgressAction = { readonly open: string } | { readonly config: true };

export interface ProgressRow {
  /** A heading is a separator: it names a group and cannot be picked. */
  readonly kind: 'heading' | 'item';
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  /** What picking it does: open that investigation (by its file name), or the report config (the thresholds). */
  readonly action?: ProgressAction;
}

const HEADINGS: Readonly<Record<CountKey, string>> = {
  shadowed: 'Investigations shadowed',
  drafted: 'Hypotheses drafted',
  approvedDrafts: 'Drafts approved by someone else',
  ledWithExpert: 'Led with an expert present',
  ledAlone: 'Led alone',
  drillsLed: 'Drills led',
  drillsPassed: 'Drills passed',
};

/** The quick pick's title: who, and where they stand. */
export function progressTitle(p: PersonProgress, you: boolean): string {
  return `My Progress: ${p.person}${you ? ' (you)' : ''}, at ${p.level} (${RUNGS.map(r => (r === p.level ? `[${r}]` : r)).join(' → ')})`;
}

/**
 * The rows: the next step first (picking it opens the thresholds), then each count with the
 * investigations behind it, newest first. `title` names an investigation as the tree does.
 */
export function progressRows(p: PersonProgress, title: (name: string) => string | undefined): ProgressRow[] {
  const rows: ProgressRow[] = [
    { kind: 'heading', label: 'Next step' },
    // Short enough for one row: what is missing; what it opens, and where the thresholds are, below it.
    p.next
      ? { kind: 'item', label: missingText(p), detail: `Then you can ${RUNG_ABILITY[p.next.rung]}. ${THRESHOLDS}`, action: { config: true } }
      : { kind: 'item', label: 'You lead alone', detail: `Take a learner along to shadow. ${THRESHOLDS}`, action: { config: true } },
  ];
  for (const k of COUNT_KEYS) {
    const ev = p.evidence[k];
    rows.push({ kind: 'heading', label: `${HEADINGS[k]} (${ev.length})` });
    if (!ev.length) rows.push({ kind: 'item', label: 'None yet' });
    for (const e of [...ev].reverse())
      rows.push({
        kind: 'item',
        label: title(e.investigation) ?? e.investigation,
        description: e.at.slice(0, 10),
        ...(e.detail ? { detail: e.detail } : {}),
        action: { open: e.investigation },
      });
  }
  return rows;
}
