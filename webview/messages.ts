// What the webview does with each message from the host, apart from the drawing (main.ts), so it is
// testable without a DOM. A message the webview refuses, or a snapshot it cannot draw, becomes a
// visible error and a `webviewError` to the host: the panel is never left on "Loading…".
import { clipText, LIMITS, parseToWebview, type FromWebview, type LoadProblem, type ReportSnapshot, type ToWebview } from '../src/protocol';

export type RevealRequest = Omit<Extract<ToWebview, { type: 'reveal' }>, 'type'>;

export interface HostMessageView {
  snapshot(s: ReportSnapshot): void;
  /** The host could not build the report. */
  problem(p: LoadProblem): void;
  /** The webview could not show what the host sent; `reason` says why. */
  failed(reason: string): void;
  loading(): void;
  /** Bring an anomaly forward (open its card, chart its window); ignored by a view without one. */
  reveal?(r: RevealRequest): void;
  post(body: FromWebview): void;
}

export function handleHostMessage(data: unknown, view: HostMessageView): void {
  guarded(view, () => {
    const body = parseToWebview(data).body;
    if (body.type === 'snapshot') view.snapshot(body.snapshot);
    else if (body.type === 'loadError') view.problem(body.problem);
    else if (body.type === 'reveal') view.reveal?.({ metric: body.metric, start: body.start, end: body.end });
    else view.loading();
  });
}

/** Runs `draw`; if it throws (a refused message, a bug in drawing), shows the error and tells the host. */
export function guarded(view: Pick<HostMessageView, 'failed' | 'post'>, draw: () => void): void {
  try {
    draw();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    view.failed(reason);
    view.post({ type: 'webviewError', message: clipText(`The report could not be shown: ${reason}`, LIMITS.message) });
  }
}
