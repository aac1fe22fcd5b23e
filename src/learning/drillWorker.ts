// Worker entry (dist/drillWorker.js) for drillIsolated.ts: reads the drill's source data (the demo's
// generated weeks, or a copy of the workspace's CSV) and hides the anomaly in it, off the extension
// host's thread. Parsing a CSV and generating the demo took 0.5-3 s, during which every extension in
// the window stood still.
import { parentPort, workerData } from 'node:worker_threads';
import { demoSource, DrillRefusal, prepareDrill, workspaceSource } from './drills';
import type { DrillJob, FromDrillWorker } from './drillIsolated';

const job = workerData as DrillJob;
const post = (m: FromDrillWorker): void => parentPort?.postMessage(m);

void (async () => {
  try {
    const source = job.source === 'demo' ? demoSource() : await workspaceSource(job.root, job.configPath, job.maxCsvBytes);
    post({ type: 'prepared', drill: prepareDrill(source, job.opts) });
  } catch (e) {
    // A refusal is the user's to read (no data, too little history); anything else is a failure.
    post(e instanceof DrillRefusal ? { type: 'refused', message: e.message } : { type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
})();
