// What the report shows of the folder's investigations: for each anomaly of the snapshot, the
// investigations of it (who is on each, the verdict), and the week's counter. Not part of the
// analysis or its cache: the panel adds them to each snapshot it posts. No vscode.
import { DateTime } from 'luxon';
import { investigationsOf, weeklyCount, type Investigation } from '../core/investigation';
import type { InvestigationMark, ReportSnapshot } from '../messaging/protocol';

/** Named on each card; the rest are in the investigation. */
const MAX_PEOPLE = 4;

export function investigationMarks(s: ReportSnapshot, invs: readonly Investigation[]): InvestigationMark[] {
  return s.anomalies.flatMap(a =>
    investigationsOf(invs, a).map(({ name, state }) => ({
      metric: a.metric,
      start: a.start,
      name,
      title: (state.title ?? name).slice(0, 500),
      closed: state.closed !== undefined,
      ...(state.verdict ? { verdict: state.verdict.verdict } : {}),
      participants: state.participants.slice(0, MAX_PEOPLE).map(p => (p.role ? `${p.name} (${p.role})` : p.name).slice(0, 200)),
    })),
  );
}

/** This week's counter, the week starting Monday 00:00 in the report's zone. */
export function weekOf(s: ReportSnapshot, invs: readonly Investigation[], now: number) {
  const from = DateTime.fromMillis(now, { zone: s.timezone }).startOf('week').toMillis();
  return weeklyCount(invs, from, now + 1);
}
