// Quoting user text in error messages. A cell or a header can be up to a megabyte, and messages go to
// the panel and the output channel, so they show only the start of such text and say how long it was.

/** Characters of user text shown in one message. */
export const MAX_QUOTED = 200;

/** The first MAX_QUOTED characters of `text`, never ending inside a surrogate pair. */
function head(text: string): string {
  let end = MAX_QUOTED;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return text.slice(0, end);
}

/** `text` as is, or its start with its full length when longer than MAX_QUOTED: `abc… (250000 characters)`. */
export function clip(text: string): string {
  return text.length <= MAX_QUOTED ? text : `${head(text)}… (${text.length} characters)`;
}

/** `text` in double quotes, clipped the same way: `"abc"` or `"abc…" (250000 characters)`. */
export function quote(text: string): string {
  return text.length <= MAX_QUOTED ? `"${text}"` : `"${head(text)}…" (${text.length} characters)`;
}

/** The start of a text too long to hold whole, in double quotes: `"abc…"`. */
export function quotePrefix(text: string): string {
  return `"${head(text)}…"`;
}
