// The report a Live Share guest sees is the host's (ADR 0016). A guest runs no analysis, no git and
// contacts no data source: the host's Calibrate publishes its folder's latest analysed report to
// `.calibrate/presence/report-snapshot.json` (ephemeral, gitignored, beside the presence files)
// while it hosts a session, and the guest's report service reads that file through
// `vscode.workspace.fs` (the shared workspace), checks it with the report protocol's own validator
// (`snapshotProblem`) and shows it; the panel then fits it (`fitForWebview`) like any report.
//
// The seam is the report service's pipeline (reportService.ts `ReportPipeline`): `fromHostPipeline`
// is one whose "load" is that read, and `pairedPipeline` picks it while the window is a guest.
// Everything above (the cache, the panel, the triage, the status bar) is unchanged.
import { createHash } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { fitForWebview } from '../messaging/fitSnapshot';
import type { ReportSnapshot } from '../messaging/protocol';
import { HostReportProblem, MAX_SNAPSHOT_BYTES, readPublished, SNAPSHOT_FILE, SNAPSHOT_VERSION, type PublishedReport } from './publishedReport';

export { readPublished, SNAPSHOT_FILE } from './publishedReport';
import type { ReportInputs } from '../services/fingerprint';
import type { ReportPipeline } from '../services/reportService';

/** A guest's pipeline: the host's published report, read through the shared workspace. */
export function fromHostPipeline(folder: vscode.WorkspaceFolder): ReportPipeline<ReportSnapshot> {
  const uri = vscode.Uri.joinPath(folder.uri, ...SNAPSHOT_FILE.split('/'));
  return {
    inputs: (): ReportInputs => ({ root: folder.uri.toString(), configPath: SNAPSHOT_FILE, maxCsvBytes: 0, trusted: false }),
    // The file's stat: the host rewrites it whole (temp + rename), so a new report is a new mtime or size.
    fingerprint: async () => {
      let part: string;
      try {
        const st = await vscode.workspace.fs.stat(uri);
        part = `${st.mtime}:${st.size}`;
      } catch {
        part = 'missing';
      }
      return { digest: createHash('sha256').update(`fromHost:${part}`).digest('hex'), parts: { fromHost: part } };
    },
    load: async () => {
      let bytes: Uint8Array;
      try {
        const st = await vscode.workspace.fs.stat(uri);
        if (st.size > MAX_SNAPSHOT_BYTES)
          throw new HostReportProblem(`The host's report (${SNAPSHOT_FILE}) is over ${MAX_SNAPSHOT_BYTES / 1024 / 1024} MB: it is not read.`);
        bytes = await vscode.workspace.fs.readFile(uri);
      } catch (e) {
        if (e instanceof HostReportProblem) throw e;
        throw new HostReportProblem(
          `The host has not published a report yet (${SNAPSHOT_FILE}). As a Live Share guest, Calibrate shows the host's report and runs no analysis: the host opens the Calibrate report, and this view follows.`,
        );
      }
      const r = readPublished(new TextDecoder().decode(bytes));
      if ('problem' in r)
        throw new HostReportProblem(`The host's report (${SNAPSHOT_FILE}) cannot be shown: ${r.problem}. It is shown again when the host publishes a new one.`);
      return r.snapshot;
    },
    snapshotOf: s => s,
    // It changes when the host publishes: the fingerprint (the file's stat) says when.
    validUntil: () => Number.POSITIVE_INFINITY,
    analyze: async s => s,
    problemOf: e => ({ message: e instanceof Error ? e.message : String(e) }),
  };
}

/** A loaded report of either kind. */
export type PairedBase<A> = { readonly local: A } | { readonly fromHost: ReportSnapshot };
type Tagged = ReportInputs & { readonly fromHost?: true };

/** The folder's own pipeline, or the host's report while `guest()` says this window is a guest. */
export function pairedPipeline<A>(local: ReportPipeline<A>, fromHost: ReportPipeline<ReportSnapshot>, guest: () => boolean): ReportPipeline<PairedBase<A>> {
  const isHost = (i: ReportInputs) => (i as Tagged).fromHost === true;
  return {
    inputs: () => (guest() ? { ...fromHost.inputs(), fromHost: true } : local.inputs()),
    fingerprint: (i, signal) => (isHost(i) ? fromHost.fingerprint(i, signal) : local.fingerprint(i, signal)),
    load: async (i, now, signal) => (isHost(i) ? { fromHost: await fromHost.load(i, now, signal) } : { local: await local.load(i, now, signal) }),
    snapshotOf: b => ('fromHost' in b ? b.fromHost : local.snapshotOf(b.local)),
    validUntil: (b, now) => ('fromHost' in b ? Number.POSITIVE_INFINITY : local.validUntil(b.local, now)),
    analyze: (b, signal) => ('fromHost' in b ? Promise.resolve(b.fromHost) : local.analyze(b.local, signal)),
    problemOf: e => (e instanceof HostReportProblem ? fromHost.problemOf(e) : local.problemOf(e)),
    ...(local.slice
      ? {
          slice: (i: ReportInputs, asOf: number, metric: string, dims: Readonly<Record<string, string>>) => {
            if (isHost(i) || guest()) throw new Error("a Live Share guest charts no slices: its report is the host's, and the guest runs no analysis");
            return local.slice!(i, asOf, metric, { ...dims });
          },
        }
      : {}),
  };
}

/**
 * Publish a folder's analysed report for the session's guests: fitted to the webview's limits,
 * written whole (a temp file in the same directory, then a rename: a guest never reads half a file).
 */
export async function publishReport(root: string, folderName: string, snapshot: ReportSnapshot, now = Date.now()): Promise<void> {
  const fitted = fitForWebview({ type: 'snapshot', snapshot });
  if (fitted.type !== 'snapshot') throw new Error(fitted.type === 'loadError' ? fitted.problem.message : 'the report could not be fitted');
  const body: PublishedReport = { v: SNAPSHOT_VERSION, publishedAt: now, folder: folderName, snapshot: fitted.snapshot };
  const path = join(root, ...SNAPSHOT_FILE.split('/'));
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.report-snapshot.${process.pid}.${now.toString(36)}.tmp`);
  await writeFile(tmp, JSON.stringify(body));
  await rename(tmp, path);
}

/** Take the published report away (the session ended): a later guest never sees a stale one as current. */
export async function unpublishReport(root: string): Promise<void> {
  await unlink(join(root, ...SNAPSHOT_FILE.split('/'))).catch(() => undefined);
}
