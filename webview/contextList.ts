// The week's context beside the report: holidays, events, deploys and clock changes, each with what
// it is and when, in the report's zone.
import { ownEntry, type ReportSnapshot } from '../src/messaging/protocol';
import { el } from './table';
import { formatInstant } from './format';
import { KIND_WORDS, titledSection } from './insights';

export function renderContext(s: ReportSnapshot): HTMLElement {
  const section = titledSection('context', 'Context this week');
  if (s.analysis === 'pending') {
    section.append(el('p', 'meta', 'Loading holidays, events and deploys…'));
    return section;
  }
  if (!s.context.length) {
    section.append(el('p', 'meta', 'No holidays, events, deploys or clock changes this week.'));
    return section;
  }
  const list = el('ul', 'context-list');
  for (const c of s.context) {
    const li = el('li', `context-item ${c.kind}`);
    const when =
      c.end > c.start
        ? `${formatInstant(c.start, s.timezone, 'ccc d LLL HH:mm')}–${formatInstant(c.end, s.timezone, 'ccc HH:mm')}`
        : formatInstant(c.start, s.timezone, 'ccc d LLL HH:mm');
    li.append(
      el('span', 'context-kind', ownEntry(KIND_WORDS, c.kind) ?? c.kind),
      el('span', 'context-title', c.title),
      el('span', 'context-when', when),
      el('span', 'context-detail', c.detail),
    );
    list.append(li);
  }
  section.append(list);
  return section;
}
