// The .gitattributes line that makes git merge investigation logs line by line (ADR 0015). No vscode.
export const UNION_LINE = '.calibrate/investigations/*.jsonl merge=union';

/** The .gitattributes text with the union line added, or undefined when it already has it. */
export function withUnionMerge(text: string): string | undefined {
  if (text.split(/\r?\n/).some(l => l.trim().replace(/\s+/g, ' ') === UNION_LINE)) return undefined;
  const sep = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
  return `${sep}# Calibrate: investigation logs are append-only; keep both sides' events when merging (ADR 0015)\n${UNION_LINE}\n`;
}
