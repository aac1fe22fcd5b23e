// Who else is viewing this investigation, and which item (presence, issue 12): a line under the
// status line and a marker on each item someone focuses. Updated in place, never by a redraw.
import type { ViewPresenceMark } from '../../src/messaging/investigationProtocol';
import { el } from './dom';

export class ViewPresence {
  readonly element = el('p', 'presence-line');
  private people: readonly ViewPresenceMark[] = [];

  constructor() {
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
    this.element.hidden = true;
  }

  update(people: readonly ViewPresenceMark[], content: HTMLElement): void {
    this.people = people;
    const who = (p: ViewPresenceMark) => `${p.author}${p.role ? ` (${p.role})` : ''}`;
    this.element.textContent = people.length
      ? `Also viewing: ${people.map(p => `${who(p)}${p.item ? ` on ${itemWords(content, p.item)}` : ''}`).join('; ')}`
      : '';
    this.element.hidden = people.length === 0;
    this.mark(content);
  }

  /** Mark the items others focus (after every drawing too: the items are redrawn). */
  mark(content: HTMLElement): void {
    content.querySelectorAll('.presence-here').forEach(x => x.classList.remove('presence-here'));
    content.querySelectorAll('.presence-badge').forEach(x => x.remove());
    for (const p of this.people) {
      if (!p.item) continue;
      const item = content.querySelector<HTMLElement>(`[data-id="${CSS.escape(p.item)}"]`);
      if (!item) continue;
      item.classList.add('presence-here');
      const badge = el('span', 'presence-badge', `${p.author} is here`);
      item.prepend(badge);
    }
  }
}

/** An item as a few words: its heading or first line of text. */
function itemWords(content: HTMLElement, id: string): string {
  const item = content.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
  const text = (item?.querySelector('h3, .md, p, summary')?.textContent ?? item?.textContent ?? '').trim().replace(/\s+/g, ' ');
  return text ? `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”` : 'an item';
}
