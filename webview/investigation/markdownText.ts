// Markdown of notes, hypotheses, answers and summaries, as HTML text: markdown-it with raw HTML off
// (a <script> in a note is text, never markup), no autolinks, headings demoted to h4 (a note must not
// outshout the investigation's title). What comes out is sanitized again against SANITIZE
// (markdown.ts, DOMPurify) before it touches the DOM. No DOM here: unit-tested in Node.
import MarkdownIt from 'markdown-it';
import { isOpenableHref } from '../../src/messaging/investigationProtocol';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
// markdown-it's own link check refuses javascript:, vbscript:, file: and data: links (they stay
// text); ours is narrower still: only what the host will open becomes a link.
md.validateLink = url => isOpenableHref(url);
md.renderer.rules.heading_open = () => '<h4>';
md.renderer.rules.heading_close = () => '</h4>\n';
// Images would load (or try to) from anywhere the CSP allows: show their alt text and address instead.
md.renderer.rules.image = (tokens, i) => md.utils.escapeHtml(`[${tokens[i].content}](${tokens[i].attrGet('src') ?? ''})`);

/** The HTML text of a piece of markdown, before sanitizing. */
export function markdownHtml(text: string): string {
  return md.render(text);
}

/** The tags and attributes the sanitizer keeps; everything else is dropped (or unwrapped to its text). */
export const SANITIZE = {
  ALLOWED_TAGS: [
    'p',
    'em',
    'strong',
    'code',
    'pre',
    'ul',
    'ol',
    'li',
    'a',
    'blockquote',
    'h4',
    'br',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    's',
    'del',
  ],
  ALLOWED_ATTR: ['href'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
} as const;

export { isOpenableHref };
