// A fake Prometheus for the source's unit tests: answers query_range from a function of
// (query, labels, evaluation time), records every request, and can be told to fail.
import type { HttpReply, HttpRequest, Transport } from '../../../src/sources/prometheus';

export interface FakeCall {
  readonly query: string;
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

export interface FakeServer {
  readonly transport: Transport;
  readonly calls: FakeCall[];
  /** Replaces the next replies (then the normal answer): a status and body, or a thrown network error. */
  script: (HttpReply | { readonly code: string; readonly message?: string } | 'hang')[];
}

export const SLICES = [
  { country: 'US', platform: 'web' },
  { country: 'US', platform: 'ios' },
  { country: 'DE', platform: 'web' },
];

/** The value of a series at evaluation time `e` (seconds): deterministic, distinct per query and slice. */
export const valueAt = (query: string, labels: Record<string, string>, e: number): number =>
  (query.length * 7 + (labels.country ?? labels.region ?? '?').charCodeAt(0) + (labels.platform ?? '').length * 13 + ((e / 3600) % 168)) % 1000;

export function fakePrometheus(series: (query: string) => Record<string, string>[] = () => SLICES): FakeServer {
  const server: FakeServer = {
    calls: [],
    script: [],
    transport: (req: HttpRequest) => {
      const p = new URLSearchParams(req.form);
      const call = {
        query: p.get('query')!,
        start: Number(p.get('start')),
        end: Number(p.get('end')),
        step: Number(p.get('step')),
        headers: req.headers,
        signal: req.signal,
      };
      server.calls.push(call);
      const next = server.script.shift();
      if (next === 'hang')
        return new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
      if (next && 'code' in next) return Promise.reject(Object.assign(new Error(next.message ?? next.code), { code: next.code }));
      if (next) return Promise.resolve(next);
      const result = series(call.query).map(labels => {
        const values: [number, string][] = [];
        for (let e = call.start; e <= call.end; e += call.step) values.push([e, String(valueAt(call.query, labels, e))]);
        return { metric: labels, values };
      });
      return Promise.resolve({ status: 200, headers: {}, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }) });
    },
  };
  return server;
}

export const reply = (status: number, body: unknown, headers: Record<string, string> = {}): HttpReply => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
