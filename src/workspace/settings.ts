// Settings a workspace must not choose while it is untrusted. package.json lists them under
// capabilities.untrustedWorkspaces.restrictedConfigurations, so VS Code ignores their workspace
// and folder values in restricted mode; this reads them the same way ourselves as well, so the
// guarantee does not rest on every host (code-server, older builds, forks) honouring that list.
// Structural types only: no vscode import, so it is unit-tested in Node.

/** The parts of vscode.WorkspaceConfiguration used here. */
export interface SettingsReader {
  get<T>(key: string, defaultValue: T): T;
  inspect<T>(key: string): { readonly defaultValue?: T; readonly globalValue?: T } | undefined;
}

/** The setting as the user set it (user settings, else the default) when untrusted; else as resolved. */
export function trustedSetting<T>(settings: SettingsReader, key: string, defaultValue: T, isTrusted: boolean): T {
  if (isTrusted) return settings.get(key, defaultValue);
  const i = settings.inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue ?? defaultValue;
}
