// The .gitignore line that keeps presence files out of git: they change ten times a second and say
// where someone's cursor is, which is nobody's history. Appended once, never rewritten.
import { PRESENCE_DIR } from './presence';

export const PRESENCE_IGNORE_LINE = `${PRESENCE_DIR}/`;

/** Lines that already keep the presence files out of git (the folder itself, or all of .calibrate). */
const COVERING = new Set([
  PRESENCE_DIR,
  `${PRESENCE_DIR}/`,
  `/${PRESENCE_DIR}`,
  `/${PRESENCE_DIR}/`,
  `${PRESENCE_DIR}/*`,
  `/${PRESENCE_DIR}/*`,
  `${PRESENCE_DIR}/**`,
]);

/** The text to append to a .gitignore so it ignores the presence files, or undefined when it already does. */
export function withPresenceIgnored(text: string): string | undefined {
  if (text.split(/\r?\n/).some(l => COVERING.has(l.trim()))) return undefined;
  const sep = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
  return `${sep}# Calibrate: who is looking where, rewritten ten times a second; never committed (issue 12)\n${PRESENCE_IGNORE_LINE}\n`;
}
