import * as vscode from 'vscode';

/** The one log of the extension host: a LogOutputChannel, tagged by component. Never console.log. */
export interface Logger {
  info(component: string, message: string): void;
  warn(component: string, message: string): void;
  error(component: string, message: string, err?: unknown): void;
}

export function createLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    info: (c, m) => channel.info(`[${c}] ${m}`),
    warn: (c, m) => channel.warn(`[${c}] ${m}`),
    error: (c, m, err) => channel.error(`[${c}] ${m}${err ? `: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` : ''}`),
  };
}
