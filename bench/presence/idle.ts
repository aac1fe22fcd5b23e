// Presence's own CPU while idle (issue 12: under 1%): two windows' PresenceServices on one temp
// folder, real timers and the real file system, each watching the directory (fs.watch, as VS Code's
// watcher would tell it), nobody moving for 10 s: only heartbeats. Measured against 10 s of the same
// process with nothing running. Run: npx tsx bench/presence/idle.ts
import { mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESENCE_DIR } from '../../src/core/presence';
import { NodePresenceFiles, PresenceService } from '../../src/services/presence';

const SECONDS = Number(process.argv[2] ?? 10);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function cpuOver(ms: number): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(ms);
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) / 1000 / (performance.now() - t0)) * 100;
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'calibrate-presence-bench-'));
  await sleep(2_000); // start-up (tsx, JIT) settles first
  const baseline = await cpuOver(SECONDS * 1000);
  const windows = ['aaaaaaaaaaaa1111', 'bbbbbbbbbbbb2222'].map(
    (w, i) =>
      new PresenceService({
        files: new NodePresenceFiles(folder),
        window: w,
        author: () => ['Ana', 'Ben'][i],
        beforeFirstWrite: async () => undefined,
        watch: changed => {
          let watcher: ReturnType<typeof watch> | undefined;
          const start = setInterval(() => {
            try {
              watcher = watch(join(folder, PRESENCE_DIR), (_e, name) => name && changed(name));
              clearInterval(start);
            } catch {
              /* not there yet */
            }
          }, 50);
          return { dispose: () => (clearInterval(start), watcher?.close()) };
        },
      }),
  );
  windows[0].update({ focus: { metric: 'page_views' } });
  await sleep(1_000);
  const writes0 = windows.map(w => w.writes);
  const on = await cpuOver(SECONDS * 1000);
  const writes = windows.map((w, i) => w.writes - writes0[i]);
  console.log(
    `[measure] presence idle ${SECONDS} s, two windows (heartbeats only: ${writes.join(' + ')} writes, each read by the other): ` +
      `${on.toFixed(3)}% of one core vs ${baseline.toFixed(3)}% with nothing running → presence ≈ ${Math.max(0, on - baseline).toFixed(3)}% for both windows`,
  );
  await Promise.all(windows.map(w => w.close()));
  rmSync(folder, { recursive: true, force: true });
}

void main();
