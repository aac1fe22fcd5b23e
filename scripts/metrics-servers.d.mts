// Types of metrics-servers.mjs for the TypeScript tests.
export interface MetricsServer {
  readonly name: 'prometheus' | 'victoria-metrics';
  readonly url: string;
  readonly pid: number;
  readonly dir: string;
  readonly timings: Readonly<Record<string, number>>;
  log(): string;
  /** Stops the server and removes its data; `kill`: SIGKILL at once (the "server killed during a load" fault). */
  stop(opts?: { kill?: boolean }): Promise<void>;
}
export function csvToOpenMetrics(csv: string, opts?: { ms?: boolean }): string;
export function startPrometheus(opts?: { csv?: string; openMetricsFile?: string; readyTimeoutMs?: number }): Promise<MetricsServer>;
export function startVictoriaMetrics(opts?: { csv?: string; readyTimeoutMs?: number }): Promise<MetricsServer>;
