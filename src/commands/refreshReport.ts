import { ReportPanel } from '../panel/reportPanel';
import type { Command } from './command';

/** Re-read the open report's config and data and redraw (enabled only while a report is open). */
export const refreshReport: Command<'calibrate.refreshReport'> = {
  id: 'calibrate.refreshReport',
  run: () => ReportPanel.active?.refresh(),
};
