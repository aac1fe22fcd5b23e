// Adapter: prepare a drill (read its source data, hide the anomaly) in a worker thread
// (drillWorker.ts), so the extension host's thread stays free while it runs. The answer is checked
// before use: it crosses a thread boundary, and its files are written into the workspace.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DrillRefusal, type DrillOptions, type PreparedDrill } from './drills';

/** What the worker is asked: which data, and the drill's options. */
export interface DrillJob {
  readonly source: 'demo' | 'workspace';
  /** The workspace folder (read for a workspace source only). */
  readonly root: string;
  readonly configPath: string;
  readonly maxCsvBytes: number;
  readonly opts: DrillOptions;
}

export type FromDrillWorker =
  | { readonly type: 'prepared'; readonly drill: PreparedDrill }
  | { readonly type: 'refused'; readonly message: string }
  | { readonly type: 'failed'; readonly message: string };

/**
 * dist/drillWorker.js beside the bundled extension.js; from sources (tests under tsx) the .ts entry,
 * loaded through tsx's require hook since a worker does not inherit the parent's loaders.
 */
function spawn(job: DrillJob): Worker {
  const js = join(__dirname, 'drillWorker.js');
  if (existsSync(js)) return new Worker(js, { workerData: job });
  const ts = JSON.stringify(join(__dirname, 'drillWorker.ts'));
  return new Worker(`require('tsx/cjs/api').register(); require(${ts});`, { eval: true, workerData: job });
}

/** Prepares the drill off the host's thread. Rejects with a DrillRefusal the user can act on, or an Error. */
export function prepareDrillIsolated(job: DrillJob): Promise<PreparedDrill> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = spawn(job);
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      f();
    };
    worker.once('message', (m: unknown) =>
      settle(() => {
        const problem = answerProblem(m);
        if (problem) reject(new Error(`the drill worker answered wrongly: ${problem}`));
        else if ((m as FromDrillWorker).type === 'prepared') resolve((m as { drill: PreparedDrill }).drill);
        else if ((m as FromDrillWorker).type === 'refused') reject(new DrillRefusal((m as { message: string }).message));
        else reject(new Error((m as { message: string }).message));
      }),
    );
    worker.once('error', e => settle(() => reject(new Error(`the drill could not be prepared: ${e.message}`))));
    worker.once('exit', code => settle(() => reject(new Error(`the drill worker stopped (exit code ${code})`))));
  });
}

const isStr = (v: unknown): v is string => typeof v === 'string';

/** Why `m` is not a worker answer, or undefined. The drill's files must be relative paths to text. */
export function answerProblem(m: unknown): string | undefined {
  if (typeof m !== 'object' || m === null) return 'not an object';
  const a = m as Record<string, unknown>;
  if (a.type === 'refused' || a.type === 'failed') return isStr(a.message) ? undefined : 'a refusal needs a message';
  if (a.type !== 'prepared') return `unknown answer ${JSON.stringify(a.type)}`;
  const d = a.drill as Record<string, unknown> | undefined;
  if (typeof d !== 'object' || d === null) return 'no drill';
  if (!isStr(d.truthText) || !isStr(d.digest) || !isStr(d.zone) || typeof d.truth !== 'object' || d.truth === null) return 'the truth is missing';
  const files = d.files as Record<string, unknown> | undefined;
  if (typeof files !== 'object' || files === null) return 'no files';
  for (const [p, text] of Object.entries(files))
    if (!isStr(text) || p.startsWith('/') || p.split(/[\\/]/).includes('..')) return `file ${JSON.stringify(p)} is not a relative path to text`;
  const deploys = d.deploys;
  if (!Array.isArray(deploys) || !deploys.every(x => typeof x === 'object' && x !== null && isStr(x.tag) && isStr(x.at) && isStr(x.message)))
    return 'the deploys are not { tag, at, message }';
  return undefined;
}
