import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { trustedSetting, type SettingsReader } from '../../../src/workspace/settings';

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, unknown> } };
};

/** What VS Code resolves: the workspace value over the user's over the default. */
function reader(values: { default?: unknown; user?: unknown; workspace?: unknown }): SettingsReader {
  return {
    get: <T>(_key: string, d: T) => (values.workspace ?? values.user ?? values.default ?? d) as T,
    inspect: <T>() => ({ defaultValue: values.default as T, globalValue: values.user as T }),
  };
}

describe('workspace: settings an untrusted workspace cannot choose', () => {
  it('package.json restricts every Calibrate setting in untrusted workspaces', () => {
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
    for (const key of ['calibrate.reportConfigPath', 'calibrate.maxCsvSizeMB', 'calibrate.openReportOnStartup']) {
      assert.ok(restricted.includes(key), `${key} is not in restrictedConfigurations`);
    }
    // A setting added later is restricted too, unless it is deliberately harmless and listed here.
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties).filter(k => !restricted.includes(k)), []);
  });

  it('ignores the workspace value when untrusted, and uses it when trusted', () => {
    const r = reader({ default: false, workspace: true });
    assert.equal(trustedSetting(r, 'openReportOnStartup', false, false), false);
    assert.equal(trustedSetting(r, 'openReportOnStartup', false, true), true);
    const path = reader({ default: '.calibrate/report.yaml', user: 'team/report.yaml', workspace: '../../etc/passwd' });
    assert.equal(trustedSetting(path, 'reportConfigPath', '.calibrate/report.yaml', false), 'team/report.yaml');
    assert.equal(trustedSetting(reader({ workspace: 1e9 }), 'maxCsvSizeMB', 200, false), 200);
  });
});
