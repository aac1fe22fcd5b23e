// The report's problems in its files (rows left as gaps, a metric with no data, a config key that
// does nothing, an event left out): one banner that counts them, a list to open each at its line,
// and the way to VS Code's Problems panel, where the host lists the same problems as diagnostics.
import type { ReportSnapshot } from '../src/messaging/protocol';
import { el } from './table';
import type { ContextActions } from './contextList';
import { button, busy } from './buttons';
import { shortSource, sourceText } from './contextText';

type Problem = ReportSnapshot['problems']['listed'][number];

/** What the banner asks of the host (HostLink implements it). */
export interface ProblemActions extends Pick<ContextActions, 'openSource'> {
  showProblems(): Promise<boolean>;
}

/** The list stays open across redraws (the analysis redraws the report a second after the table). */
let listOpen = false;

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** "data/metrics.csv: 2 errors; .calibrate/report.yaml: 1 warning", over what is listed. */
function perFile(listed: readonly Problem[]): string {
  const files = new Map<string, { error: number; warning: number }>();
  for (const p of listed) {
    const f = files.get(p.file) ?? { error: 0, warning: 0 };
    f[p.severity]++;
    files.set(p.file, f);
  }
  return [...files]
    .map(([file, n]) => `${file}: ${[n.error ? plural(n.error, 'error') : '', n.warning ? plural(n.warning, 'warning') : ''].filter(Boolean).join(', ')}`)
    .join('; ');
}

/** The banner (`li.note.problems`), or undefined when the files have no problem. */
export function renderProblems(s: Pick<ReportSnapshot, 'problems'>, actions?: ProblemActions): HTMLLIElement | undefined {
  const { count, listed } = s.problems;
  if (count === 0) return undefined;
  const li = el('li', 'note problems');
  li.setAttribute('role', 'group');
  li.setAttribute('aria-label', `${plural(count, 'problem')} in the report's files`);
  const more = count > listed.length ? ` (the first ${listed.length} are listed)` : '';
  li.append(
    el(
      'span',
      'note-text',
      `${plural(count, 'problem')} in the report's files${more}: ${perFile(listed)}. The report shows everything it can: a row that could not be read is a gap, never filled.`,
    ),
  );
  if (actions) {
    const panel = button('note-open problems-panel', 'Show in Problems panel', "Show these problems in VS Code's Problems panel");
    panel.addEventListener('click', () => void busy(panel, () => actions.showProblems()));
    li.append(' ', panel);
  }
  const details = el('details', 'problem-list');
  details.open = listOpen;
  details.addEventListener('toggle', () => (listOpen = details.open));
  details.append(el('summary', undefined, listed.length === 1 ? 'Show it' : `List ${listed.length === count ? 'them' : `the first ${listed.length}`}`));
  const ul = el('ul');
  for (const p of listed) ul.append(renderProblem(p, actions));
  details.append(ul);
  li.append(details);
  return li;
}

function renderProblem(p: Problem, actions: ProblemActions | undefined): HTMLLIElement {
  const li = el('li', `problem-item ${p.severity}`);
  const at = `${p.file}${p.line !== undefined ? `:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : ''}`;
  li.dataset.at = at;
  li.append(
    el('span', 'problem-severity', p.severity === 'error' ? 'Error' : 'Warning'),
    ' ',
    el('span', 'problem-at', at),
    ' ',
    el('span', 'problem-text', p.text),
  );
  if (actions) {
    const line = p.line ?? 0;
    const b = button('note-open', `Open ${shortSource(p.file, line)}`, `Open ${sourceText(p.file, line)}, where this problem is`);
    b.title = at;
    b.addEventListener('click', () => void busy(b, () => actions.openSource(p.file, line)));
    li.append(' ', b);
  }
  return li;
}
