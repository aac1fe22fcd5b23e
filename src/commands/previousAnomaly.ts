import type { Command } from './command';
import { stepAnomaly } from './triage';

/** Reveal the previous anomaly of the triage list in the report (wrapping around to the last). */
export const previousAnomaly: Command<'calibrate.previousAnomaly'> = {
  id: 'calibrate.previousAnomaly',
  run: deps => stepAnomaly(deps, -1),
};
