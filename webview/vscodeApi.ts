// The webview's only channel to the host. acquireVsCodeApi is injected by VS Code; typed here so
// the rest of the webview never touches it directly.
import { migrateUiState, type Envelope, type FromWebview, type WebviewUiState } from '../src/protocol';

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

/** Raw messages from the host, unvalidated: messages.ts validates them and shows what it refuses. */
export function onHostMessage(handler: (data: unknown) => void): void {
  window.addEventListener('message', ev => handler(ev.data));
}

export const uiState = {
  get: (): WebviewUiState => migrateUiState(api.getState()),
  set: (s: WebviewUiState) => api.setState(s),
};
