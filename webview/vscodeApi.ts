// The webview's only channel to the host. acquireVsCodeApi is injected by VS Code; typed here so
// the rest of the webview never touches it directly.
import { migrateUiState, parseToWebview, type Envelope, type FromWebview, type ToWebview, type WebviewUiState } from '../src/protocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
let nextId = 1;

export function post(body: FromWebview): number {
  const id = nextId++;
  api.postMessage({ id, body } satisfies Envelope<FromWebview>);
  return id;
}

export function onHostMessage(handler: (msg: Envelope<ToWebview>) => void): void {
  window.addEventListener('message', ev => {
    let msg: Envelope<ToWebview>;
    try {
      msg = parseToWebview(ev.data);
    } catch (e) {
      post({ type: 'webviewError', message: (e as Error).message });
      return;
    }
    handler(msg);
  });
}

export const uiState = {
  get: (): WebviewUiState => migrateUiState(api.getState()),
  set: (s: WebviewUiState) => api.setState(s),
};
