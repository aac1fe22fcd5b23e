// What can go wrong reading a Prometheus source, each as an InputError: the pipeline's error path
// (src/report loadError, `calibrate check`) shows an InputError with its place in the report config,
// so every failure points at the line to look at (the url, or the metric's query) and says what to do.
// Credentials never appear here: messages are built from the config, the server's reply and Node's
// error code, never from request headers.
import { InputError } from '../../core/types';
import type { SourcePos } from '../../core/config/reportConfig';

export type PrometheusFailure =
  | 'unreachable' // nothing listens (ECONNREFUSED), or the connection dropped mid-load
  | 'dns' // the host name does not resolve
  | 'tls' // the certificate is not trusted, or the handshake failed
  | 'timeout' // no answer within source.timeout
  | 'http' // a 4xx or 5xx status, with the server's text
  | 'promql' // the server could not parse or run the query
  | 'empty' // the query returned no series over the whole history
  | 'missingLabel' // a series lacks a label a dimension needs
  | 'tooManySeries' // the cardinality guard
  | 'stepMismatch' // the query reads less than each step (a range shorter than the step), or answers off the step
  | 'badResponse'; // not the Prometheus API's JSON

export class PrometheusSourceError extends InputError {
  constructor(
    readonly failure: PrometheusFailure,
    file: string,
    at: SourcePos | undefined,
    expected: string,
    detail: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
  ) {
    super(file, at?.line, expected, detail, at?.column);
    this.name = 'PrometheusSourceError';
  }
}

/** A PromQL position "1:14" (line:column in the query) from the server's error text, if it gives one. */
export function promqlPosition(error: string): { line: number; column: number } | undefined {
  const m = /(?:^|[\s"(])(\d+):(\d+): parse error/.exec(error);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

/** The query with a caret under the server's position, on one line (queries are short; long ones are clipped around it). */
export function pointAt(query: string, pos: { line: number; column: number } | undefined): string {
  const lines = query.split('\n');
  if (!pos || pos.line < 1 || pos.line > lines.length) return clip(query.replace(/\s+/g, ' '), 200);
  const line = lines[pos.line - 1]!;
  const col = Math.min(Math.max(pos.column, 1), line.length + 1);
  const from = Math.max(0, col - 100);
  return `${line.slice(from, col - 1)} ⟨here⟩ ${line.slice(col - 1, col + 99)}`.trim();
}

export const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
