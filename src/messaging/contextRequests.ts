// The host's check of the webview's context actions (openDeploy, openSource, markContext): each
// names something by value, and the host acts only on what its own current snapshot lists. The
// webview is a less trusted context; a message from it must never open a path or hand git a ref
// that the report did not show. Pure: no vscode, no I/O (the panel calls these before acting).
import { contextKey, type ReportSnapshot } from './protocol';
import type { ContextItem, DeployItem } from '../core/report/triage';

/** The snapshot's deploy with exactly this ref, if it lists one. */
export function listedDeploy(s: ReportSnapshot | undefined, ref: string): DeployItem | undefined {
  return s?.context.find((i): i is DeployItem => i.kind === 'deploy' && i.ref === ref);
}

/**
 * Whether the snapshot offers to open `file` at `line`: an event's (or calendar entry's)
 * declaration, or a problem's place (line 0: a problem about the whole file). Only an exact match
 * counts: the same file and line.
 */
export function listedSource(s: ReportSnapshot | undefined, file: string, line: number): boolean {
  if (!s) return false;
  return (
    s.context.some(i => i.kind === 'event' && i.source.file === file && i.source.line === line) ||
    s.problems.listed.some(p => p.file === file && (p.line ?? 0) === line)
  );
}

/** The snapshot's context item with this key (contextKey), if it lists one. */
export function listedContextItem(s: ReportSnapshot | undefined, key: string): ContextItem | undefined {
  return s?.context.find(i => contextKey(i) === key);
}
