// Calibrate's VS Code settings, read in one place, typed, with the defaults package.json declares
// (a unit test compares them). Per-user preferences only: the team's report lives in the repository.
//
// Untrusted workspaces: package.json lists every setting under
// capabilities.untrustedWorkspaces.restrictedConfigurations, so VS Code ignores their workspace and
// folder values in restricted mode; this reads them the same way ourselves as well, so the
// guarantee does not rest on every host (code-server, older builds, forks) honouring that list.
// Structural types only (no runtime vscode import), so it is unit-tested in Node.
import type * as vscode from 'vscode';

export const SETTINGS_SECTION = 'calibrate';

/** The defaults, by key under `calibrate.`: the same values as package.json's contributes.configuration. */
export const SETTING_DEFAULTS = {
  reportConfigPath: '.calibrate/report.yaml',
  maxCsvSizeMB: 200,
  openReportOnStartup: false,
  yourName: '',
} as const;

export interface CalibrateSettings {
  /** The report config, relative to the workspace folder (src/workspace/safeFiles.ts keeps it inside). */
  readonly reportConfigPath: string;
  /** calibrate.maxCsvSizeMB in bytes, at least 1 MB. */
  readonly maxCsvBytes: number;
  readonly openReportOnStartup: boolean;
  /** The author of what you write in investigation logs; '' when unset (git's user.name, else the OS user). */
  readonly yourName: string;
}

/** The parts of vscode.WorkspaceConfiguration used here. */
export interface SettingsReader {
  get<T>(key: string, defaultValue: T): T;
  inspect<T>(key: string): { readonly defaultValue?: T; readonly globalValue?: T } | undefined;
}

/** The parts of vscode.workspace used here: pass `vscode.workspace`. */
export interface SettingsSource {
  readonly isTrusted: boolean;
  getConfiguration(section: string, scope?: vscode.ConfigurationScope): SettingsReader;
}

/**
 * The settings that apply to `folder` (resource-scoped ones may differ per folder in a multi-root
 * workspace; without a folder, the window's). A value of the wrong type reads as the default.
 */
export function readSettings(source: SettingsSource, folder?: vscode.WorkspaceFolder): CalibrateSettings {
  const c = source.getConfiguration(SETTINGS_SECTION, folder?.uri);
  const get = (key: keyof typeof SETTING_DEFAULTS) => trustedSetting<unknown>(c, key, SETTING_DEFAULTS[key], source.isTrusted);
  const path = get('reportConfigPath');
  const mb = get('maxCsvSizeMB');
  return {
    reportConfigPath: typeof path === 'string' && path ? path : SETTING_DEFAULTS.reportConfigPath,
    // A string or NaN here would otherwise disable the cap: every comparison with NaN is false.
    maxCsvBytes: (typeof mb === 'number' && Number.isFinite(mb) ? Math.max(1, mb) : SETTING_DEFAULTS.maxCsvSizeMB) * 1024 * 1024,
    // Opening on startup reads workspace files with no click: only a real `true` switches it on.
    openReportOnStartup: get('openReportOnStartup') === true,
    yourName: typeof get('yourName') === 'string' ? (get('yourName') as string).trim().slice(0, 100) : '',
  };
}

/** The setting as the user set it (user settings, else the default) when untrusted; else as resolved. */
export function trustedSetting<T>(settings: SettingsReader, key: string, defaultValue: T, isTrusted: boolean): T {
  if (isTrusted) return settings.get(key, defaultValue);
  const i = settings.inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue ?? defaultValue;
}
