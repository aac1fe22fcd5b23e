// The banners above the table: the still-arriving hour, a clock change between the two weeks (said
// once, not on every hour header), the problems in the report's files, and the report's warnings.
import type { ReportSnapshot } from '../src/messaging/protocol';
import { el } from './table';
import { formatInstant, pendingNote } from './format';
import { renderProblems, type ProblemActions } from './problems';

/** Where and when clocks changed between the two weeks compared, from the context (after the analysis). */
function clockChanges(s: ReportSnapshot): string[] {
  const weekBefore = (s.hours[0]?.at ?? s.asOf) - 7 * 24 * 3_600_000;
  const last = s.hours[s.hours.length - 1]?.at ?? s.asOf;
  return (
    s.context
      .flatMap(c => (c.kind === 'dst' && c.start >= weekBefore && c.start <= last ? [c] : []))
      // The date in the changing zones' own calendar: New York's change is on a Sunday there, whatever the report zone.
      .map(
        c =>
          `${c.zones.slice(0, 3).join(', ')}${c.zones.length > 3 ? ` and ${c.zones.length - 3} more` : ''} on ${formatInstant(c.start, c.zones[0] ?? s.timezone, 'ccc d LLL')}`,
      )
  );
}

/** `actions`: each problem gets an Open button through it, and the banner a way to the Problems panel. */
export function renderNotes(s: ReportSnapshot, actions?: ProblemActions): HTMLElement | undefined {
  const notes = el('ul', 'notes');
  notes.setAttribute('aria-label', 'Report notes');
  if (s.pending) {
    notes.append(el('li', 'note pending', pendingNote(s)!));
  }
  for (const d of s.dstDays) notes.append(el('li', 'note dst', `${d.date} has ${d.hours} hours (a clock change); its hours compare the same wall-clock hour.`));
  if (!s.dstDays.length && s.hours.some(h => h.offsetChanged)) {
    const where = clockChanges(s);
    notes.append(
      el(
        'li',
        'note dst',
        `Clocks changed between the two weeks${where.length ? ` (${where.join('; ')})` : ''}: each hour is compared with the same wall-clock hour a week earlier, not the same UTC hour.`,
      ),
    );
  }
  const problems = renderProblems(s, actions);
  if (problems) notes.append(problems);
  for (const w of s.warnings) notes.append(el('li', 'note warning', w));
  return notes.childElementCount ? notes : undefined;
}
