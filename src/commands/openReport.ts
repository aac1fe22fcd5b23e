import type { Command } from './command';
import { pickFolder, rememberFolder } from './pickFolder';

/** Reveal the open report, or open one for the folder pickFolder chooses (asking only in a multi-root workspace). */
export const openReport: Command<'calibrate.openReport'> = {
  id: 'calibrate.openReport',
  async run(deps) {
    // An open panel keeps its folder for its lifetime: opening again reveals it without asking again.
    const open = deps.panels.active;
    if (open) return open.reveal();
    const choice = await pickFolder();
    if (!choice) return;
    deps.panels.show(choice.folder);
    await rememberFolder(deps.workspaceState, choice.folder);
  },
};
