import type { Command } from './command';
import { stepAnomaly } from './triage';

/** Reveal the next anomaly of the triage list in the report (wrapping around to the first). */
export const nextAnomaly: Command<'calibrate.nextAnomaly'> = {
  id: 'calibrate.nextAnomaly',
  run: deps => stepAnomaly(deps, 1),
};
