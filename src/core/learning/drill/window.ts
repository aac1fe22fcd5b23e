// Where and when a drill's report looks: the drill freezes the report clock (the config's asOf, or
// the moment the data's last hour settled), so the drilled hours stay the report's last complete
// hours however long the learner takes. Pure.
import type { ReportConfig } from '../../config/reportConfig';
import { reportWindow } from '../../report/hourlyReport';
import type { Dataset } from '../../types';

export interface DrillClock {
  /** The drill config's asOf, UTC ms. */
  readonly asOf: number;
  /** The report's complete hours at asOf, [from, to): where the anomaly is hidden. */
  readonly from: number;
  readonly to: number;
}

export function drillClock(config: ReportConfig, ds: Dataset, now: number): DrillClock {
  const asOf = config.asOf ?? Math.min(now, ds.end + config.settleMinutes * 60_000);
  const w = reportWindow({ ...config, asOf }, ds, asOf);
  return { asOf, from: w.start, to: w.end };
}
