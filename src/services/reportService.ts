// The report of one workspace folder, owned on the host: the latest snapshot (the table while the
// analysis runs, then the full analysis) or load problem, the load under way, and a cache of
// finished reports by input fingerprint. The panel is a view of it; commands may read it too.
//
// A request first fingerprints the inputs (fingerprint.ts). Inputs equal to the finished report's
// (or to the load under way) start nothing: a tab switch, a webview `ready` after re-show or a
// save without changes shows the cached report. A real change starts a load, which aborts the
// older one (AbortController): the older stops at its next checkpoint. A refresh always loads.
//
// Runtime-vscode-free (types only): the pipeline and the event emitter are injected
// (reportServices.ts binds them to VS Code), so the request logic is unit-tested in plain Node.
import type * as vscode from 'vscode';
import type { LoadProblem, ReportSnapshot } from '../messaging/protocol';
import type { Logger } from '../util/logger';
import { changedParts, type Fingerprint, type ReportInputs } from './fingerprint';
import type { SliceChart } from '../core/report/sliceChart';
import type { DimValues } from '../core/types';
import { PROBLEM_TTL_MS, ResultCache } from './reportCache';

/**
 * What a view shows: the same shapes as the webview messages. A load problem carries the last
 * complete report built before it (`stale`), which a view may show beneath the error, marked old.
 */
export type ReportUpdate =
  | { readonly type: 'snapshot'; readonly snapshot: ReportSnapshot }
  | { readonly type: 'loadError'; readonly problem: LoadProblem; readonly stale?: ReportSnapshot };

/** The service's latest report, fired by onDidChange each time it changes. */
export interface ReportState {
  /** Increases with every change: a view never shows an older state after a newer one. */
  readonly version: number;
  readonly update: ReportUpdate;
  /** The fingerprint digest of the inputs it was built from. */
  readonly digest: string;
  /** False while the analysis of this snapshot still runs. */
  readonly complete: boolean;
}

export type LoadReason = 'open' | 'ready' | 'watch' | 'refresh' | 'command' | 'expired';

/**
 * How a request was answered: from the cache, by the load under way with the same inputs, by a new
 * load, or by a newer request that overtook it.
 */
export type LoadDecision = 'cached' | 'joined' | 'started' | 'superseded';

export interface LoadTicket {
  readonly decision: LoadDecision;
  /** The state of the current inputs, when there is one to show now (else it follows by onDidChange). */
  readonly current: ReportState | undefined;
  /** Settles when the load that answers this request has ended (finished, failed or stopped). */
  readonly settled: Promise<void>;
}

/** Counted per service and summed by the API: runs started, analyses finished and stopped, problems, cache answers. */
export type LoadOutcome = 'started' | 'analysed' | 'stopped' | 'failed' | 'cached';

/** The two load phases, bound to a folder (reportServices.ts binds them to src/report/loadReport.ts). */
export interface ReportPipeline<Base = unknown> {
  /** The resolved settings and trust: read at each request. */
  inputs(): ReportInputs;
  fingerprint(inputs: ReportInputs, signal?: AbortSignal): Promise<Fingerprint>;
  /** Phase 1 at `now`: the table and chart. */
  load(inputs: ReportInputs, now: number, signal: AbortSignal): Promise<Base>;
  snapshotOf(base: Base): ReportSnapshot;
  /** Until when a report loaded at `now` stays valid (reportCache.clockValidUntil). */
  validUntil(base: Base, now: number): number;
  /** Phase 2: throws the signal's reason when aborted. */
  analyze(base: Base, signal: AbortSignal): Promise<ReportSnapshot>;
  /** Any other failure, as the problem to show. */
  problemOf(e: unknown): LoadProblem;
  /** One slice of a metric charted over the report built at `asOf` (the report on screen). */
  slice?(inputs: ReportInputs, asOf: number, metric: string, dims: DimValues): Promise<SliceChart>;
}

/** The parts of vscode.EventEmitter used here. */
export interface Emitter<T> {
  readonly event: vscode.Event<T>;
  fire(value: T): void;
  dispose(): void;
}

export interface ReportServiceDeps<Base> {
  /** For the log: the folder's name. */
  readonly name: string;
  readonly pipeline: ReportPipeline<Base>;
  readonly emitter: Emitter<ReportState>;
  readonly log: Logger;
  readonly clock: () => number;
  readonly onOutcome?: (o: LoadOutcome) => void;
  /** Debounce of file events (a writer saving a large CSV fires several). */
  readonly debounceMs?: number;
  /**
   * Whether the report just built reads a remote source (Prometheus): no file changes when its
   * data does, so while a view is open it reloads itself when its validity ends (the next hour),
   * asking the source only for the new hours (ADR 0022).
   */
  readonly reloadWhenExpired?: () => boolean;
}

/** The newest request that decided something: a load (running or ended) or a cache answer. */
interface Target {
  readonly seq: number;
  readonly fingerprint: Promise<Fingerprint>;
  readonly controller: AbortController | undefined;
  readonly settled: Promise<void>;
  running: boolean;
}

export class ReportService<Base = unknown> implements vscode.Disposable {
  readonly onDidChange: vscode.Event<ReportState>;
  private readonly cache = new ResultCache<ReportUpdate>();
  private state: ReportState | undefined;
  /** The last complete report of this folder, kept under a later load problem (never served as current). */
  private lastGood: ReportSnapshot | undefined;
  private stateFingerprint: Fingerprint | undefined;
  private version = 0;
  private requests = 0;
  private target: Target | undefined;
  private viewers = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The reload of a remote source's report at the end of its validity. */
  private expiry: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** How long the last request's fingerprint took (the whole cost of a cache answer), for the log. */
  lastFingerprintMs = 0;

  constructor(private readonly deps: ReportServiceDeps<Base>) {
    this.onDidChange = deps.emitter.event;
  }

  /** The latest snapshot: the full analysis, or the table while the analysis runs; undefined before the first or after a problem. */
  latest(): ReportSnapshot | undefined {
    return this.state?.update.type === 'snapshot' ? this.state.update.snapshot : undefined;
  }

  /** The latest state, snapshot or problem. */
  current(): ReportState | undefined {
    return this.state;
  }

  /**
   * One slice of a metric charted against its own forecast, over the latest report (its clock, its
   * files): the heat-map's rows and the anomalies' "where". Rejects saying what was wrong.
   */
  async sliceChart(metric: string, dims: DimValues): Promise<SliceChart> {
    const report = this.latest();
    if (!report) throw new Error('there is no report to chart a slice of yet');
    const { pipeline } = this.deps;
    if (!pipeline.slice) throw new Error('slices cannot be charted here');
    return pipeline.slice(pipeline.inputs(), report.asOf, metric, dims);
  }

  /** Show the report of the current inputs: from the cache when they are unchanged. Settles when it is complete. */
  async load(reason: LoadReason = 'command'): Promise<ReportState | undefined> {
    await (
      await this.request(reason)
    ).settled;
    return this.state;
  }

  /** Rebuild from the files whatever the cache holds (the Refresh command and button). */
  async refresh(): Promise<ReportState | undefined> {
    await (
      await this.request('refresh', true)
    ).settled;
    return this.state;
  }

  /**
   * Decide how to answer: resolves once decided (after the fingerprint), without waiting for the
   * load; `settled` waits for it. `force` loads even when the inputs are unchanged.
   */
  async request(reason: LoadReason, force = false): Promise<LoadTicket> {
    const seq = ++this.requests;
    if (this.disposed) return this.ticket('superseded', undefined);
    if (force) return this.start(seq, reason, undefined);
    const t0 = this.deps.clock();
    const fp = await this.deps.pipeline.fingerprint(this.deps.pipeline.inputs()).catch((e: unknown) => unique(e));
    this.lastFingerprintMs = this.deps.clock() - t0;
    for (;;) {
      const t = this.target;
      if (this.disposed) return this.ticket('superseded', t);
      if (t && t.seq > seq) return this.ticket('superseded', t);
      if (t?.running) {
        const running = await t.fingerprint.catch(() => undefined);
        if (this.target !== t) continue; // overtaken while waiting: decide again
        if (running?.digest === fp.digest) return this.ticket('joined', t);
      }
      const hit = this.cache.get(fp.digest, this.deps.clock());
      if (hit) {
        if (t?.running) t.controller?.abort();
        this.target = { seq, fingerprint: Promise.resolve(fp), controller: undefined, settled: Promise.resolve(), running: false };
        this.targetDigest = fp.digest;
        if (this.state?.digest !== fp.digest) this.setState(this.withLastGood(hit), fp, true);
        this.deps.onOutcome?.('cached');
        this.deps.log.info(
          'report',
          `${this.deps.name}: ${reason}: a cached report matches the inputs (fingerprint in ${this.lastFingerprintMs} ms): nothing to compute`,
        );
        return this.ticket('cached', this.target);
      }
      return this.start(seq, reason, fp);
    }
  }

  /** A view (the panel) watches this report: file events reload it only while one does. */
  retain(): vscode.Disposable {
    this.viewers++;
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        // The last view closed: a pending file event loads nothing (the next request will see the change).
        if (--this.viewers === 0) clearTimeout(this.timer);
      },
    };
  }

  /** A watched file changed: load again, debounced, if anyone is looking (else the next request will see it). */
  filesChanged(): void {
    if (this.disposed || this.viewers === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.viewers > 0) void this.request('watch');
    }, this.deps.debounceMs ?? 500);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.expiry);
    this.target?.controller?.abort();
    this.cache.clear();
    this.deps.emitter.dispose();
  }

  private ticket(decision: LoadDecision, t: Target | undefined): LoadTicket {
    // The state is current when it was built from the newest target's inputs.
    const current = this.state && this.state.digest === this.targetDigest ? this.state : undefined;
    return { decision, current, settled: t?.settled ?? Promise.resolve() };
  }

  /** The fingerprint digest of the newest target, once known. */
  private targetDigest: string | undefined;

  private start(seq: number, reason: LoadReason, fp: Fingerprint | undefined): LoadTicket {
    const previous = this.target;
    if (previous?.running) previous.controller?.abort();
    const controller = new AbortController();
    const fingerprint = fp
      ? Promise.resolve(fp)
      : this.deps.pipeline.fingerprint(this.deps.pipeline.inputs(), controller.signal).catch((e: unknown) => {
          if (controller.signal.aborted) throw e;
          return unique(e);
        });
    this.targetDigest = undefined;
    let settle!: () => void;
    const target: Target = {
      seq,
      fingerprint,
      controller,
      settled: new Promise<void>(r => {
        settle = r;
      }),
      running: true,
    };
    this.target = target;
    void this.run(target, reason, controller.signal).finally(() => {
      target.running = false;
      settle();
    });
    return { decision: 'started', current: undefined, settled: target.settled };
  }

  private async run(target: Target, reason: LoadReason, signal: AbortSignal): Promise<void> {
    const { pipeline, log, name } = this.deps;
    const t0 = this.deps.clock();
    this.deps.onOutcome?.('started');
    let fp: Fingerprint | undefined;
    try {
      fp = await target.fingerprint;
      signal.throwIfAborted();
      if (this.target === target) this.targetDigest = fp.digest;
      const changed = changedParts(this.stateFingerprint, fp);
      log.info(
        'report',
        `${name}: ${reason}: loading (${changed.length ? `changed: ${changed.join(', ')}` : 'inputs unchanged'}), fingerprint in ${this.deps.clock() - t0} ms`,
      );
      const now = this.deps.clock();
      const base = await pipeline.load(pipeline.inputs(), now, signal);
      signal.throwIfAborted();
      const table = pipeline.snapshotOf(base);
      log.info('report', `${name}: report built in ${this.deps.clock() - t0} ms from ${table.source}`);
      this.setState({ type: 'snapshot', snapshot: table }, fp, false);
      const full = await pipeline.analyze(base, signal);
      this.deps.onOutcome?.('analysed');
      signal.throwIfAborted();
      log.info('report', `${name}: analysis done in ${this.deps.clock() - t0} ms: ${full.anomalies.length} anomalies, ${full.context.length} context items`);
      const update: ReportUpdate = { type: 'snapshot', snapshot: full };
      const validUntil = pipeline.validUntil(base, now);
      this.cache.set(fp.digest, update, validUntil);
      this.setState(update, fp, true);
      this.reloadAt(validUntil);
    } catch (e) {
      if (signal.aborted || this.disposed) {
        log.info('report', `${name}: load superseded after ${this.deps.clock() - t0} ms: stopped`);
        this.deps.onOutcome?.('stopped');
        return;
      }
      const problem = pipeline.problemOf(e);
      log.error('report', `${name}: ${problem.message}`);
      this.deps.onOutcome?.('failed');
      const update = this.withLastGood({ type: 'loadError', problem });
      if (fp) {
        this.cache.set(fp.digest, update, this.deps.clock() + PROBLEM_TTL_MS);
        this.setState(update, fp, true);
      }
    }
  }

  /**
   * A remote source's report reloads itself at `validUntil` (a second after, past the boundary)
   * while a view is open; with none, the next request finds the cache expired and loads.
   */
  private reloadAt(validUntil: number): void {
    clearTimeout(this.expiry);
    this.expiry = undefined;
    if (!this.deps.reloadWhenExpired?.() || !Number.isFinite(validUntil)) return;
    const delay = Math.min(Math.max(0, validUntil - this.deps.clock()) + 1000, 2 ** 31 - 1);
    this.expiry = setTimeout(() => {
      if (this.viewers > 0 && !this.disposed) void this.request('expired');
    }, delay);
  }

  /** A problem carries the latest good report (a cached problem may have been cached under an older one). */
  private withLastGood(update: ReportUpdate): ReportUpdate {
    if (update.type !== 'loadError') return update;
    const { problem } = update;
    return this.lastGood ? { type: 'loadError', problem, stale: this.lastGood } : { type: 'loadError', problem };
  }

  private setState(update: ReportUpdate, fp: Fingerprint, complete: boolean): void {
    if (this.disposed) return;
    if (update.type === 'snapshot' && complete) this.lastGood = update.snapshot;
    this.stateFingerprint = fp;
    this.state = { version: ++this.version, update, digest: fp.digest, complete };
    this.deps.emitter.fire(this.state);
  }
}

/** A fingerprint that failed (an unreadable folder): unique, so it never answers from the cache. */
function unique(e: unknown): Fingerprint {
  const digest = `!unfingerprinted:${Date.now()}:${Math.random()}`;
  return { digest, parts: { error: e instanceof Error ? e.message : String(e) } };
}
