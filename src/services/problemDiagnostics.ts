// Which diagnostics a report state puts in VS Code's Problems panel: every problem of the report's
// files (rows left as gaps, a metric with no data, a config key that does nothing, an event left
// out), or the one problem that stopped the report. Pure, no vscode import: reportDiagnostics.ts
// turns these into vscode.Diagnostics, and a plain-Node test checks the mapping.
import { splitPlace } from '../core/types';
import type { ReportState } from './reportService';

export interface FileDiagnostic {
  readonly severity: 'error' | 'warning' | 'information';
  /** 0-based, as VS Code counts; a problem about the whole file is at 0:0. */
  readonly line: number;
  readonly character: number;
  readonly message: string;
}

/** Diagnostics by workspace-relative file. */
export type DiagnosticsByFile = ReadonlyMap<string, readonly FileDiagnostic[]>;

const at = (line: number | undefined, column: number | undefined) => ({
  line: Math.max(0, (line ?? 1) - 1),
  character: line === undefined ? 0 : Math.max(0, (column ?? 1) - 1),
});

/** The Problems panel's view of one report state. */
export function diagnosticsOf(state: ReportState | undefined): DiagnosticsByFile {
  const out = new Map<string, FileDiagnostic[]>();
  const add = (file: string, d: FileDiagnostic): void => {
    const list = out.get(file) ?? [];
    list.push(d);
    out.set(file, list);
  };
  if (!state) return out;
  const u = state.update;
  if (u.type === 'loadError' && !u.problem.problems?.listed.length) {
    // The report cannot open: its one problem, at its place (a problem that names no file has nowhere to go).
    if (u.problem.file)
      add(u.problem.file, { severity: 'error', ...at(u.problem.line, u.problem.column), message: splitPlace(u.problem.message, u.problem.file).text });
    return out;
  }
  // A report, or a failed load with every problem its files have (the check the worker runs then).
  const source = u.type === 'snapshot' ? u.snapshot.source : (u.problem.file ?? '');
  const { count, listed } = u.type === 'snapshot' ? u.snapshot.problems : u.problem.problems!;
  for (const p of listed) add(p.file, { severity: p.severity, ...at(p.line, p.column), message: p.text });
  const unlisted = count - listed.length;
  if (unlisted > 0) {
    // Said once, on the file with the most problems listed (the data file, when its rows are bad).
    const busiest = [...out].sort((a, b) => b[1].length - a[1].length)[0]?.[0] ?? source;
    add(busiest, {
      severity: 'information',
      line: 0,
      character: 0,
      message: `${unlisted.toLocaleString('en-US')} more problems in the report's files are not listed here (the first ${listed.length} are). Run \`calibrate check\` to list them all.`,
    });
  }
  return out;
}
