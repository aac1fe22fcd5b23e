// markdownlint itself (a devDependency only: the extension does not bundle it) on a generated
// finding: its default rules, plus a team's config when given, as a team's editor or CI would run
// them. Problems come back as short readable lines, so a failing assertion shows what to fix.
import type { Configuration } from 'markdownlint';
import { lint } from 'markdownlint/sync';

export type LintConfig = Configuration;

/** "MD013/line-length line 12: Expected: 80; Actual: 95 [context]", one per problem; [] when clean. */
export function markdownlintProblems(markdown: string, config: LintConfig = {}): string[] {
  const results = lint({ strings: { finding: markdown }, config: { default: true, ...config } });
  return (results.finding ?? []).map(
    e =>
      `${e.ruleNames.slice(0, 2).join('/')} line ${e.lineNumber}: ${e.ruleDescription}` +
      `${e.errorDetail ? ` (${e.errorDetail})` : ''}${e.errorContext ? ` [${e.errorContext}]` : ''}`,
  );
}
