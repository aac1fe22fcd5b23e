// Parent side of the fuzz suite. Inputs are generated here with fast-check and run in a reusable
// child process (worker.ts, loaded with tsx); the parent enforces a hard wall-clock limit per input,
// because an infinite loop cannot time itself out. On a timeout the child is killed and restarted
// and the input is recorded as a HANG with its seed and path, so that
//   FUZZ_SEED=<seed> FUZZ_PATH=<path> FUZZ_TARGET=<target> npm run fuzz
// replays exactly that input (and shrinks it with --shrink).
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { unclearReason } from './messages';
import type { AnyTarget, Outcome } from './types';

const ROOT = path.resolve(__dirname, '../..');
const WORKER = path.join(__dirname, 'worker.ts');

export type Result = Outcome | { readonly kind: 'hang'; readonly ms: number } | { readonly kind: 'died'; readonly message: string };

/** One child process, reused across inputs; restarted after a hang or a death. */
export class FuzzChild {
  private child: ChildProcess | undefined;
  private seq = 0;
  restarts = 0;

  constructor(private readonly maxOldSpaceMb = 1024) {}

  private async start(): Promise<ChildProcess> {
    const child = fork(WORKER, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.maxOldSpaceMb}`, '--stack-size=984'],
      serialization: 'advanced', // NaN, -0, typed arrays and undefined survive the trip
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr!.on('data', () => undefined); // drain: a chatty child must not block on a full pipe
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('fuzz worker did not start within 60 s')), 60_000);
      child.once('message', () => {
        clearTimeout(t);
        resolve();
      });
      child.once('exit', (code, sig) => {
        clearTimeout(t);
        reject(new Error(`fuzz worker exited at start (${code ?? sig})`));
      });
    });
    this.child = child;
    return child;
  }

  /** Starts the child now, so its start-up (tsx compiling every target) is not charged to an input. */
  async warm(): Promise<void> {
    if (!this.child) await this.start();
  }

  async run(target: string, input: unknown, timeoutMs: number): Promise<Result> {
    const child = this.child ?? (await this.start());
    const id = ++this.seq;
    const t0 = Date.now();
    return new Promise<Result>(resolve => {
      let done = false;
      const finish = (r: Result, kill: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (kill) this.kill();
        resolve(r);
      };
      const onMessage = (m: { id?: number; outcome?: Outcome }): void => {
        if (m.id === id && m.outcome) finish(m.outcome, false);
      };
      const onExit = (code: number | null, sig: string | null): void => {
        this.child = undefined;
        this.restarts++;
        finish({ kind: 'died', message: `worker died (${code !== null ? `exit ${code}` : sig}): out of memory or a native crash` }, false);
      };
      const timer = setTimeout(() => finish({ kind: 'hang', ms: Date.now() - t0 }, true), timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id, target, input }, err => {
        if (err) finish({ kind: 'died', message: `could not send the input: ${err.message}` }, true);
      });
    });
  }

  private kill(): void {
    const c = this.child;
    this.child = undefined;
    if (c && c.exitCode === null) {
      c.kill('SIGKILL');
      this.restarts++;
    }
  }

  stop(): void {
    const c = this.child;
    this.child = undefined;
    if (c && c.exitCode === null) c.kill('SIGKILL');
  }
}

export interface Failure {
  readonly target: string;
  readonly kind: 'crash' | 'hang' | 'unclear';
  readonly seed: number;
  readonly path: string;
  readonly message: string;
  readonly input: string;
  /** Groups failures with the same cause (first line of message + top stack frame). */
  readonly signature: string;
}

export interface TargetReport {
  readonly target: string;
  inputs: number;
  ok: number;
  domain: number;
  crashes: number;
  hangs: number;
  unclear: number;
  ms: number;
  readonly failures: Failure[];
}

export interface RunOptions {
  readonly seed: number;
  readonly runs: number;
  readonly timeoutMs: number;
  /** Replay one input: fast-check path (run index) under `seed`. */
  readonly path?: string;
  /** Stop generating new inputs after this many ms (the inputs already run are counted). */
  readonly deadlineMs?: number;
  readonly log?: (line: string) => void;
}

const clip = (s: string, n = 600): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** The input as text: JSON where possible (NaN, Infinity, BigInt and typed arrays spelled out). */
function fullText(t: AnyTarget, input: unknown): string {
  try {
    if (t.preview) return t.preview(input as never);
    return (
      JSON.stringify(input, (_k, v: unknown) =>
        typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
      ) ?? typeof input
    );
  } catch {
    try {
      return String(input);
    } catch {
      return Object.prototype.toString.call(input);
    }
  }
}

export function previewOf(t: AnyTarget, input: unknown): string {
  return clip(fullText(t, input));
}

function signatureOf(kind: string, message: string, stack?: string): string {
  const frame =
    stack
      ?.split('\n')
      .find(l => /\bat\b/.test(l) && !l.includes('/test/fuzz/'))
      ?.trim() ?? '';
  return `${kind}|${message
    .split('\n')[0]
    .replace(/\d+(\.\d+)?/g, 'N')
    .replace(/"[^"]*"/g, '"…"')
    .slice(0, 120)}|${frame.replace(/:\d+:\d+\)?$/, '')}`;
}

/** Runs `runs` generated inputs of one target (or one replayed input) and tallies the outcomes. */
export async function runTarget(t: AnyTarget, child: FuzzChild, o: RunOptions): Promise<TargetReport> {
  const rep: TargetReport = { target: t.name, inputs: 0, ok: 0, domain: 0, crashes: 0, hangs: 0, unclear: 0, ms: 0, failures: [] };
  await child.warm();
  const t0 = Date.now();
  const timeoutMs = t.timeoutMs ?? o.timeoutMs;
  let index = o.path ? Number(o.path.split(':')[0]) : 0;
  const res = await fc.check(
    fc.asyncProperty(t.arbitrary(), async input => {
      const at = String(index++);
      if (o.deadlineMs !== undefined && Date.now() - t0 > o.deadlineMs) return true;
      rep.inputs++;
      const r = await child.run(t.name, input, timeoutMs);
      const fail = (kind: Failure['kind'], message: string, stack?: string): void => {
        rep.failures.push({
          target: t.name,
          kind,
          seed: o.seed,
          path: at,
          message: clip(message, 1000),
          input: previewOf(t, input),
          signature: `${t.name}|${signatureOf(kind, message, stack)}`,
        });
        o.log?.(`  ${kind.toUpperCase()} ${t.name} seed=${o.seed} path=${at}: ${clip(message.split('\n')[0], 200)}`);
      };
      if (r.kind === 'ok') rep.ok++;
      else if (r.kind === 'domain') {
        rep.domain++;
        const text = fullText(t, input);
        const bad = r.messages.map(m => [m, unclearReason(m, !!t.wantsLine, t.noLineOk, text)] as const).find(([, why]) => why);
        if (bad) {
          rep.unclear++;
          fail('unclear', `${bad[1]}: ${bad[0]}`);
        }
      } else if (r.kind === 'hang') {
        rep.hangs++;
        fail('hang', `no answer within ${timeoutMs} ms (child killed)`);
      } else if (r.kind === 'died') {
        rep.crashes++;
        fail('crash', r.message);
      } else {
        rep.crashes++;
        fail('crash', r.message, r.stack);
      }
      return true;
    }),
    { seed: o.seed, numRuns: o.path ? 1 : o.runs, ...(o.path ? { path: o.path } : {}) },
  );
  if (res.failed) throw new Error(`fuzz harness error in ${t.name} (seed ${o.seed}, path ${res.counterexamplePath}): ${String(res.errorInstance)}`);
  rep.ms = Date.now() - t0;
  return rep;
}

/** Shrinks one recorded failure: re-runs its seed/path with fast-check's shrinker, within a time budget. */
export async function shrinkFailure(t: AnyTarget, child: FuzzChild, f: Failure, o: { timeoutMs: number; budgetMs: number }): Promise<string> {
  const t0 = Date.now();
  const timeoutMs = Math.min(t.timeoutMs ?? o.timeoutMs, o.timeoutMs);
  let input: unknown;
  const same = (r: Result): boolean => {
    if (f.kind === 'hang') return r.kind === 'hang';
    if (f.kind === 'unclear') return r.kind === 'domain' && r.messages.some(m => unclearReason(m, !!t.wantsLine, t.noLineOk, fullText(t, input)));
    return (
      (r.kind === 'crash' && `${t.name}|${signatureOf('crash', r.message, r.stack)}` === f.signature) ||
      (r.kind === 'died' && f.message.startsWith('worker died'))
    );
  };
  const res = await fc.check(
    fc.asyncProperty(t.arbitrary(), async x => (Date.now() - t0 > o.budgetMs ? true : !same(await child.run(t.name, (input = x), timeoutMs)))),
    { seed: f.seed, path: f.path, numRuns: 1 },
  );
  return res.counterexample ? previewOf(t, res.counterexample[0]) : f.input;
}

export function table(reports: readonly TargetReport[]): string {
  const head = ['target', 'inputs', 'ok', 'domain', 'crashes', 'hangs', 'unclear', 'time'];
  const rows = reports.map(r => [r.target, r.inputs, r.ok, r.domain, r.crashes, r.hangs, r.unclear, `${(r.ms / 1000).toFixed(1)} s`].map(String));
  const tot = reports.reduce(
    (a, r) => [a[0] + r.inputs, a[1] + r.ok, a[2] + r.domain, a[3] + r.crashes, a[4] + r.hangs, a[5] + r.unclear, a[6] + r.ms],
    [0, 0, 0, 0, 0, 0, 0],
  );
  rows.push(['TOTAL', ...tot.slice(0, 6).map(String), `${(tot[6] / 1000).toFixed(1)} s`]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map(n => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

/** One line per distinct failure (same target, kind and cause), with how often it was seen. */
export function distinct(failures: readonly Failure[]): { first: Failure; count: number }[] {
  const by = new Map<string, { first: Failure; count: number }>();
  for (const f of failures) {
    const e = by.get(f.signature);
    if (e) e.count++;
    else by.set(f.signature, { first: f, count: 1 });
  }
  return [...by.values()];
}
