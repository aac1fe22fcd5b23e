// Calibrate: Weekly Calibration Review. Asks the folder and the week (the recent weeks, newest
// first), runs the report for the week's days and writes docs/calibration/<yyyy>-W<ww>.md with its
// charts (src/learning/weeklyReview.ts), never overwriting: a review already there is shown beside
// the one built now. Opens the markdown preview. Arg { folder, week } (a URI string and "2026-W48")
// skips the questions (tests, the review's own links).
import { DateTime } from 'luxon';
import { isLuxonZone } from '../core/config/zones';
import * as vscode from 'vscode';
import { parseIsoWeek, recentWeeks, weekName, type IsoWeek, type RefitProposal } from '../core/learning/review';
import { withExplanationCalibration } from '../core/learning/refitConfig';
import { FileExists, writeAll } from '../findings/files';
import { planWeeklyReview } from '../learning/weeklyReview';
import { readSettings } from '../settings';
import type { CommandDeps } from './command';
import { pickFolder } from './pickFolder';

export interface WeeklyReviewResult {
  /** The markdown written, or the one already there (shown in a diff). */
  readonly markdown?: string;
  readonly written: readonly string[];
  /** Why nothing was written: a week with no investigation. */
  readonly nothing?: string;
}

/** The registry's Command<'calibrate.weeklyReview'> once the id is in ids.ts (the lead adds it). */
export const weeklyReview = {
  id: 'calibrate.weeklyReview' as const,
  async run(deps: CommandDeps, arg?: unknown): Promise<WeeklyReviewResult | undefined> {
    if (deps.guest?.()) {
      // The review re-runs the week's reports from the host's data and reads its git history: neither is in a guest's window.
      void vscode.window.showInformationMessage(
        "Calibrate: the weekly review reads the host's data and git history, so the host runs it (Calibrate: Weekly Calibration Review). Its file, in docs/calibration/, is shared with you when written.",
      );
      return undefined;
    }
    try {
      const given = argOf(arg);
      const folder = given?.folder ?? (await pickFolder())?.folder;
      if (!folder) return undefined;
      const week = given?.week ?? (await pickWeek(deps.reports.get(folder).latest()?.timezone));
      if (!week) return undefined;
      const settings = readSettings(vscode.workspace, folder);
      const plan = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Calibrate: reviewing ${weekName(week)}`, cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return planWeeklyReview({
            root: folder.uri.fsPath,
            folderName: folder.name,
            configPath: settings.reportConfigPath,
            maxCsvBytes: settings.maxCsvBytes,
            week,
            now: Date.now(),
            git: vscode.workspace.isTrusted,
            source: { contact: vscode.workspace.isTrusted },
            progress: (day, i, n) => progress.report({ message: `the report of ${day}`, increment: 100 / n }),
            signal: abort.signal,
          });
        },
      );
      if ('nothing' in plan) {
        void vscode.window.showInformationMessage(`Calibrate: ${plan.nothing}.`);
        return { written: [], nothing: plan.nothing };
      }
      const markdown = plan.files[0]!;
      let written: string[];
      try {
        written = await writeAll(plan.files, 'the diff shows the review built now');
      } catch (e) {
        if (!(e instanceof FileExists)) throw e;
        const disk = vscode.Uri.file(markdown.path);
        await vscode.commands.executeCommand('vscode.diff', disk, deps.findings.draft(disk, markdown.text), `${weekName(week)} review (on disk) ↔ built now`);
        void vscode.window.showInformationMessage(
          `Calibrate: the review of ${weekName(week)} is there already, and nothing was overwritten. The diff shows it (left) beside the one built now (right).`,
        );
        return { markdown: markdown.path, written: [] };
      }
      await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(markdown.path));
      if ('proposal' in plan.review.refit) void offerRefit(deps, folder, settings.reportConfigPath, plan.review.week, plan.review.refit.proposal);
      return { markdown: markdown.path, written };
    } catch (e) {
      void vscode.window.showErrorMessage(`Calibrate: the weekly review was not written: ${(e as Error).message}`);
      return undefined;
    }
  },
};

function argOf(arg: unknown): { folder?: vscode.WorkspaceFolder; week?: IsoWeek } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { folder?: unknown; week?: unknown };
  const folder = typeof a.folder === 'string' ? vscode.workspace.workspaceFolders?.find(f => f.uri.toString() === a.folder) : undefined;
  const week = typeof a.week === 'string' ? parseIsoWeek(a.week) : undefined;
  return { ...(folder ? { folder } : {}), ...(week ? { week } : {}) };
}

/**
 * The recent weeks, in the report's zone when a report is loaded (the review reads the report's days),
 * else in this machine's.
 */
async function pickWeek(reportZone: string | undefined): Promise<IsoWeek | undefined> {
  const zone = reportZone && isLuxonZone(reportZone) ? reportZone : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const items = recentWeeks(Date.now(), zone, 8).map((w, i) => {
    const mon = DateTime.fromObject({ weekYear: w.weekYear, weekNumber: w.week, weekday: 1 }, { zone });
    return {
      label: weekName(w),
      description: `${mon.toFormat('ccc d LLL')} – ${mon.plus({ days: 6 }).toFormat('ccc d LLL yyyy')}`,
      detail: i === 0 ? 'This week, so far' : i === 1 ? 'Last week' : undefined,
      week: w,
    };
  });
  return (await vscode.window.showQuickPick(items, { placeHolder: `Review which week? (days in ${zone})` }))?.week;
}

/**
 * The re-fit, never applied silently: the config beside the text with the proposed constants (a
 * diff), then "Apply" makes the change in the config's editor as a normal, undoable edit (unsaved:
 * the user saves it), and the report explains with the new constants once it is saved.
 */
async function offerRefit(deps: CommandDeps, folder: vscode.WorkspaceFolder, configPath: string, week: string, p: RefitProposal): Promise<void> {
  const review = 'Review the change';
  const asked = await vscode.window.showInformationMessage(
    `Calibrate: over ${p.cases} confirmed causes, re-fitted constants explain this team's anomalies better. Review the change to the report config?`,
    review,
  );
  if (asked !== review) return;
  const uri = vscode.Uri.joinPath(folder.uri, ...configPath.split('/'));
  const doc = await vscode.workspace.openTextDocument(uri);
  const note = `Re-fitted by the weekly calibration review of ${week} over ${p.cases} confirmed causes.`;
  const proposed = withExplanationCalibration(doc.getText(), p.proposed, note);
  await vscode.commands.executeCommand('vscode.diff', uri, deps.findings.draft(uri, proposed), `${configPath} ↔ re-fitted (${week})`);
  const apply = 'Apply';
  if ((await vscode.window.showInformationMessage('Calibrate: apply the re-fitted constants to the report config?', apply)) !== apply) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), withExplanationCalibration(doc.getText(), p.proposed, note));
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(doc, { preview: false });
}
