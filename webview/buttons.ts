// The panel's small text buttons (context actions, problems, investigations) and their busy state.
import { el } from './table';

export function button(cls: string, text: string, aria: string): HTMLButtonElement {
  const b = el('button', `context-button ${cls}`, text);
  b.type = 'button';
  b.setAttribute('aria-label', aria);
  return b;
}

/** Disabled (and marked busy) while the host works on it, so a double click asks once. */
export async function busy(b: HTMLButtonElement, run: () => Promise<boolean>): Promise<void> {
  b.disabled = true;
  b.setAttribute('aria-busy', 'true');
  try {
    await run();
  } finally {
    b.disabled = false;
    b.removeAttribute('aria-busy');
  }
}
