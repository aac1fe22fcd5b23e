// Markdown into the DOM: markdown-it's HTML (markdownText.ts) sanitized by DOMPurify to a small
// allow-list, as a fragment (never innerHTML on a live element). Links do not navigate: a click (or
// Enter) asks the host to open http, https and mailto links, through VS Code's confirmation.
import DOMPurify from 'dompurify';
import { isOpenableHref, markdownHtml, SANITIZE } from './markdownText';

/** `open`: what a link click asks of the host. */
export function renderMarkdown(text: string, open: (href: string) => void, className = 'md'): HTMLElement {
  const box = document.createElement('div');
  box.className = className;
  const fragment = DOMPurify.sanitize(markdownHtml(text), {
    ALLOWED_TAGS: [...SANITIZE.ALLOWED_TAGS],
    ALLOWED_ATTR: [...SANITIZE.ALLOWED_ATTR],
    ALLOWED_URI_REGEXP: SANITIZE.ALLOWED_URI_REGEXP,
    ALLOW_DATA_ATTR: SANITIZE.ALLOW_DATA_ATTR,
    ALLOW_ARIA_ATTR: SANITIZE.ALLOW_ARIA_ATTR,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const a of fragment.querySelectorAll('a')) {
    const href = a.getAttribute('href') ?? '';
    if (!isOpenableHref(href)) {
      a.replaceWith(document.createTextNode(a.textContent ?? ''));
      continue;
    }
    a.title = `Open ${href} (VS Code asks first)`;
    a.addEventListener('click', e => {
      e.preventDefault();
      open(href);
    });
  }
  box.append(fragment);
  return box;
}
