// The blameless check (issue 13): phrasing that puts an incident on a person rather than on the
// system is flagged, with a rewording that names the change or the step instead. A warning, never a
// block: the author decides. It flags a participant's name right before (up to two words between:
// "Sam just forgot") "caused", "failed to", "should have", "forgot" or "broke"; "caused by" or
// "broken by" right before a name; and "human error" anywhere. Whole words, any case. A name inside
// another word ("Samuel", "Priyanka") or in a possessive ("Priya's deploy broke": names the deploy)
// is not flagged. Pure: no vscode, no I/O.

export interface BlamelessProblem {
  /** 1-based line and column of the flagged text in `text`. */
  readonly line: number;
  readonly column: number;
  /** The flagged text, as written. */
  readonly text: string;
  readonly message: string;
  /** A rewording of the flagged text that names the system or the step. */
  readonly suggestion: string;
}

const L = '[\\p{L}\\p{N}_]';
const START = `(?<!${L}|['’])`;
const END = `(?!${L})`;
/** Words that may stand between the name and the verb: "Sam just forgot", "Priya accidentally broke". */
const ADVERB = `(?:\\p{L}+ly|just|also|then|never|had|did|simply|really)${END}`;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What each blaming verb becomes when the subject is the system. */
const VERBS: readonly { readonly re: string; readonly suggestion: string; readonly why: string }[] = [
  { re: 'caused', suggestion: 'the change caused', why: 'say which change or step caused it' },
  { re: 'failed\\s+to', suggestion: 'the step did not', why: 'say which step did not happen, and what would make it reliable' },
  { re: 'should\\s+have', suggestion: 'a check or safeguard could have', why: 'say what would have caught it' },
  { re: 'forgot\\s+to', suggestion: 'the process skipped the step to', why: 'say which step was easy to miss, and why' },
  { re: 'forgot', suggestion: 'the process missed', why: 'say which step was easy to miss, and why' },
  { re: 'broke', suggestion: 'the change broke', why: 'say which change broke it' },
];

/** A person's name as written, and each part of it of two or more letters ("Priya", "Raman"). */
function nameForms(people: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const p of people) {
    const full = p.trim().replace(/\s+/g, ' ');
    if (full.length < 2) continue;
    forms.add(full);
    for (const part of full.split(' ')) if (part.length >= 2 && /\p{L}/u.test(part)) forms.add(part);
  }
  // Longest first, so "Sam Ortiz" is matched whole before "Sam".
  return [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

export function blamelessProblems(text: string, people: readonly string[]): BlamelessProblem[] {
  const found: (BlamelessProblem & { index: number })[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const position = (index: number) => {
    let lo = 0;
    while (lo + 1 < lineStarts.length && lineStarts[lo + 1]! <= index) lo++;
    return { line: lo + 1, column: index - lineStarts[lo]! + 1 };
  };
  const taken: [number, number][] = [];
  const add = (index: number, matched: string, message: string, suggestion: string) => {
    const end = index + matched.length;
    if (taken.some(([a, b]) => index < b && a < end)) return; // "Sam Ortiz" already flagged, not "Ortiz" again
    taken.push([index, end]);
    found.push({ index, ...position(index), text: matched, message, suggestion });
  };

  const names = nameForms(people);
  if (names.length) {
    // A name's parts may be split by any whitespace: a wrapped line puts "Sam" and "Ortiz" on two.
    const name = `(?:${names.map(n => n.split(' ').map(escapeRe).join('\\s+')).join('|')})`;
    for (const v of VERBS) {
      // the name, up to two adverbs ("just", "accidentally"), then the verb: "next to", not anywhere in the sentence
      const re = new RegExp(`${START}${name}${END}(?:\\s+${ADVERB}){0,2}\\s+${v.re}${END}`, 'giu');
      for (const m of text.matchAll(re)) add(m.index, m[0], `Blames a person: names who rather than what. Blameless write-ups ${v.why}.`, v.suggestion);
    }
    const passive = new RegExp(`${START}(caused|broken)\\s+by\\s+${name}${END}`, 'giu');
    for (const m of text.matchAll(passive)) {
      add(
        m.index,
        m[0],
        'Blames a person: names who rather than what. Say which change or step it came from.',
        `${m[1]} by the change (name it: the deploy, the config edit, the migration)`,
      );
    }
  }
  for (const m of text.matchAll(new RegExp(`${START}human\\s+error${END}`, 'giu'))) {
    add(
      m.index,
      m[0],
      '"Human error" ends the inquiry at a person. Blameless write-ups name the conditions that let the mistake happen.',
      'a gap in the process (name the missing check, the unclear runbook or the unsafe default)',
    );
  }
  return found.sort((a, b) => a.index - b.index).map(({ index: _, ...p }) => p);
}
