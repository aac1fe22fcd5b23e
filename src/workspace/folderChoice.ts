// Which workspace folder's report to show, in a multi-root workspace. Generic over the folder type,
// no vscode import, so it is unit-tested in Node; src/commands/pickFolder.ts binds it to VS Code.

export interface FolderChoiceDeps<F> {
  readonly folders: readonly F[];
  /** Whether the folder holds its configured report config (a regular file inside the folder). */
  hasReportConfig(folder: F): Promise<boolean>;
  /** Ask the user among these (two or more); undefined when they cancel. */
  ask(candidates: readonly F[]): Promise<F | undefined>;
}

/**
 * One folder: that one, without looking (exactly the single-folder behaviour, whose panel explains
 * a missing config). Several: the one with a report config, else the user's pick among those with
 * one. `{ folder: undefined }` when no folder qualifies (the panel says what to open); undefined
 * when the user cancelled, so nothing opens.
 */
export async function chooseFolder<F>(deps: FolderChoiceDeps<F>): Promise<{ readonly folder: F | undefined } | undefined> {
  const { folders } = deps;
  if (folders.length <= 1) return { folder: folders[0] };
  const has = await Promise.all(folders.map(f => deps.hasReportConfig(f).catch(() => false)));
  const candidates = folders.filter((_, i) => has[i]);
  if (candidates.length <= 1) return { folder: candidates[0] };
  const picked = await deps.ask(candidates);
  return picked === undefined ? undefined : { folder: picked };
}
