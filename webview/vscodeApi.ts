// The webview's raw link to VS Code. acquireVsCodeApi is injected by VS Code; typed here so the rest
// of the webview never touches it directly. Messages go through HostLink (messages.ts), which
// validates what arrives and pairs requests with their answers.
import { migrateUiState, type WebviewUiState } from '../src/messaging/protocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export const transport = { post: (envelope: unknown) => api.postMessage(envelope) };

/** Raw messages from the host, unvalidated: HostLink validates them and shows what it refuses. */
export function onHostMessage(handler: (data: unknown) => void): void {
  window.addEventListener('message', ev => handler(ev.data));
}

/** The folder this page shows (set by the host on <body>): kept in every saved state, for the serializer. */
const pageFolder = document.body.dataset.folder;

export const uiState = {
  get: (): WebviewUiState => migrateUiState(api.getState()),
  set: (s: WebviewUiState) => api.setState({ ...s, ...(pageFolder ? { folder: pageFolder } : {}) }),
};

// Saved at once, so a panel reloaded before anything was chosen still knows its folder.
uiState.set(uiState.get());
