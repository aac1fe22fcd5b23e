// A CPU profile (and optionally a sampling heap profile) of the extension host's main thread, taken
// from inside the host with node:inspector, for scripts/bench-profile.mjs: the suite's runs with a
// profiler attached, so that the blocks the event-loop monitor records can be matched to the stacks
// sampled in them. Not used by the benchmark proper (a profiler changes what it measures).
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ProfileOptions {
  readonly cpu: boolean;
  /** Also sample allocations (collected objects included): who makes the garbage the GC pauses collect. */
  readonly heap: boolean;
  readonly samplingUs: number;
}

/**
 * The anchor between the monitor's clock (performance.now(), ms) and the CPU profile's (V8's
 * TimeTicks, µs; CLOCK_MONOTONIC, as process.hrtime): `perfMs` and `hrUs` read together, and the
 * profile's start should fall between `beforeStartUs` and `afterStartUs` (the analysis checks).
 */
export interface ProfileAnchor {
  readonly perfMs: number;
  readonly hrUs: number;
  readonly beforeStartUs: number;
  readonly afterStartUs: number;
}

const hrUs = () => Number(process.hrtime.bigint() / 1000n);

export async function startHostProfile(opts: ProfileOptions): Promise<{ anchor: ProfileAnchor; stop(dir: string): Promise<void> }> {
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
  const perfMs = performance.now();
  const atPerf = hrUs();
  const beforeStartUs = hrUs();
  if (opts.cpu) {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: opts.samplingUs });
    await post('Profiler.start');
  }
  const anchor = { perfMs, hrUs: atPerf, beforeStartUs, afterStartUs: hrUs() };
  if (opts.heap) {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  return {
    anchor,
    stop: async dir => {
      try {
        if (opts.cpu) {
          const { profile } = await post<{ profile: unknown }>('Profiler.stop');
          fs.writeFileSync(path.join(dir, 'host.cpuprofile'), JSON.stringify(profile));
        }
        if (opts.heap) {
          const { profile } = await post<{ profile: unknown }>('HeapProfiler.stopSampling');
          fs.writeFileSync(path.join(dir, 'host.heapprofile'), JSON.stringify(profile));
        }
      } finally {
        session.disconnect();
      }
    },
  };
}
