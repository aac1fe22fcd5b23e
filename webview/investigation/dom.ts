// The one way the investigation view makes elements: text only through textContent.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function button(text: string, label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', className, text);
  b.type = 'button';
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** A <select> of `options` ([value, words]), labelled. */
export function select(label: string, options: readonly (readonly [string, string])[], value?: string, className = ''): HTMLSelectElement {
  const s = el('select', className);
  s.setAttribute('aria-label', label);
  for (const [v, words] of options) {
    const o = el('option', '', words);
    o.value = v;
    s.append(o);
  }
  if (value !== undefined) s.value = value;
  return s;
}
