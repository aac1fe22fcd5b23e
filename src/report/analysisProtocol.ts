// The messages between the extension host (analysisHost.ts) and the analysis worker
// (analysisWorker.ts). Plain data only, copied by structured cloning: the host sends the folder's
// path, the settings, whether the workspace is trusted and the clock (and a remote source's data,
// which the host fetched); the worker reads the files itself (through safeFiles) and sends back the
// snapshot parts presentReport produces.
//
//   host → worker   { type: 'load', job, … }        one load; the worker runs one at a time
//   worker → host   { type: 'table', job, … }        phase 1: the table and week chart, then at once
//                   { type: 'analysis', job, … }     phase 2: forecasts, context, explanations
//              or   { type: 'loadError', job, … }    phase 1 failed: the file (and line) to fix
//              or   { type: 'failed', job, … }       anything unexpected (a bug): the message
//   host → worker   { type: 'slice', job, … }       chart one slice of a metric (the heat-map, a "where")
//   worker → host   { type: 'slice', job, chart }    or loadError / failed, as for a load
//
// A cancelled load is not a message: the host terminates the worker (a synchronous step cannot be
// interrupted any other way), and starts another for the next load.
import type { ReportConfig } from '../core/config/reportConfig';
import type { PresentedReport } from '../core/pipeline';
import type { SliceChart } from '../core/report/sliceChart';
import type { Dataset, DimValues } from '../core/types';
import type { LoadProblem } from '../messaging/protocol';
import type { ReportSettings } from './reportContext';

export interface LoadJob {
  /** Increases with every job a host process starts: answers name it. */
  readonly job: number;
  /** The workspace folder (absolute): every file is read through safeFiles inside it. */
  readonly root: string;
  /** The folder's name, for messages. */
  readonly folderName: string;
  readonly settings: ReportSettings;
  /** Read deploys from git: only in a trusted workspace (a repository's config can make git run programs). */
  readonly trusted: boolean;
  /** The report clock when the config has no asOf (ms). */
  readonly now: number;
  /**
   * A remote source's data (Prometheus), fetched by the host, where the folder's cache of fetched
   * hours and the credentials live: neither ever reaches the worker. Absent for a CSV source.
   */
  readonly dataset?: Dataset;
}

/** What the host keeps of the config: the cache's validity (asOf, settle time) and the zone. */
export type TableConfig = Pick<ReportConfig, 'asOf' | 'settleMinutes' | 'timezone'>;

/**
 * One slice of one metric charted over the report built from the same files and clock (`now` is the
 * report's clock). The worker reuses the table of its last load when it was built from the same
 * folder, settings and clock, else reads the files again.
 */
export interface SliceJob extends LoadJob {
  readonly metric: string;
  readonly dims: DimValues;
}

export type ToAnalysisWorker = ({ readonly type: 'load' } & LoadJob) | ({ readonly type: 'slice' } & SliceJob);

/** What the host passes a new worker (workerData). */
export interface AnalysisWorkerData {
  /** Run in Linux's idle scheduling class (workerPriority.ts, ADR 0026). */
  readonly idle: boolean;
}

export type FromAnalysisWorker =
  /** Sent once, first: the worker's thread id when it runs in the idle class, for the host to watch it. */
  | { readonly type: 'scheduling'; readonly idleTid?: number }
  | { readonly type: 'table'; readonly job: number; readonly config: TableConfig; readonly report: PresentedReport }
  | { readonly type: 'analysis'; readonly job: number; readonly report: PresentedReport }
  | { readonly type: 'loadError'; readonly job: number; readonly problem: LoadProblem }
  | { readonly type: 'failed'; readonly job: number; readonly message: string }
  | { readonly type: 'slice'; readonly job: number; readonly chart: SliceChart };
