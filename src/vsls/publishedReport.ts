// The host's published report for Live Share guests (ADR 0016): where it lives, its shape, and the
// guest's check of it (the report protocol's own validator). Pure: no vscode, no I/O, unit-tested.
import { snapshotProblem, type ReportSnapshot } from '../messaging/protocol';

export const SNAPSHOT_FILE = '.calibrate/presence/report-snapshot.json';
/** The snapshot is fitted to the webview's LIMITS before it is published: far below this. */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;
export const SNAPSHOT_VERSION = 1;

/** The file's content: a version, when and from which folder it was published, and the snapshot. */
export interface PublishedReport {
  readonly v: number;
  readonly publishedAt: number;
  readonly folder: string;
  readonly snapshot: ReportSnapshot;
}

/** A problem with the host's report, said to the guest (the panel shows the message). */
export class HostReportProblem extends Error {
  override name = 'HostReportProblem';
}

/** Why `text` is not a published report a guest can show, or the snapshot. */
export function readPublished(text: string): { snapshot: ReportSnapshot } | { problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { problem: `it is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof v !== 'object' || v === null) return { problem: 'it is not a published report' };
  const p = v as Partial<Record<keyof PublishedReport, unknown>>;
  if (p.v !== SNAPSHOT_VERSION)
    return { problem: `it is version ${String(p.v)}, this Calibrate reads version ${SNAPSHOT_VERSION} (update Calibrate on both sides)` };
  const why = snapshotProblem(p.snapshot);
  return why ? { problem: why } : { snapshot: p.snapshot as ReportSnapshot };
}
