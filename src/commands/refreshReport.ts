import type { Command } from './command';

/** Re-read the open report's config and data and redraw, whatever the cache holds (enabled only while a report is open). */
export const refreshReport: Command<'calibrate.refreshReport'> = {
  id: 'calibrate.refreshReport',
  run: deps => deps.panels.active?.refresh(),
};
