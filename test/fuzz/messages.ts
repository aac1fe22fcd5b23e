// "Unclear" domain messages: they reach a user, so they must say where and what, readably.
// A word the user wrote (their value "NaN", say) echoed back is fine: only words the input does not
// contain count.

const MAX_LEN = 500;

/**
 * Why a domain message is unclear, or undefined when it is fine.
 * @param wantsLine the message must carry "file:line: "
 * @param noLineOk messages allowed without a line (about the whole file, e.g. "the file is empty")
 * @param inputText the input as text, to tell an echoed user value from a leaked "undefined"
 */
export function unclearReason(message: string, wantsLine: boolean, noLineOk: RegExp | undefined, inputText: string): string | undefined {
  if (wantsLine && !/:\d+: /.test(message) && !noLineOk?.test(message)) return 'no file:line';
  // YAML spells them .nan / .inf / ~: any case-insensitive trace of the word in the input excuses it.
  const lower = inputText.toLowerCase();
  const traces: Record<string, string[]> = { undefined: ['undefined'], NaN: ['nan'], null: ['null', '~'], Infinity: ['inf'] };
  for (const [word, seen] of Object.entries(traces)) {
    if (new RegExp(`\\b${word}\\b`).test(message) && !seen.some(w => lower.includes(w))) return `says "${word}"`;
  }
  if (message.includes('[object Object]') && !inputText.includes('[object Object]')) return 'says "[object Object]"';
  if (message.length > MAX_LEN) return `longer than ${MAX_LEN} chars (${message.length})`;
  return undefined;
}
