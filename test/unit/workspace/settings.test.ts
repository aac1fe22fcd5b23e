import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSettings, SETTING_DEFAULTS, trustedSetting, type SettingsReader, type SettingsSource } from '../../../src/settings';

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
};

/** What VS Code resolves: the workspace value over the user's over the default. */
function reader(values: { default?: unknown; user?: unknown; workspace?: unknown }): SettingsReader {
  return {
    get: <T>(_key: string, d: T) => (values.workspace ?? values.user ?? values.default ?? d) as T,
    inspect: <T>() => ({ defaultValue: values.default as T, globalValue: values.user as T }),
  };
}

/** vscode.workspace with these values for every Calibrate setting, recording the scope asked for. */
function source(isTrusted: boolean, values: Record<string, { user?: unknown; workspace?: unknown }>, scopes: unknown[] = []): SettingsSource {
  return {
    isTrusted,
    getConfiguration: (section, scope) => {
      assert.equal(section, 'calibrate');
      scopes.push(scope);
      return {
        get: <T>(key: string, d: T) => (values[key]?.workspace ?? values[key]?.user ?? d) as T,
        inspect: <T>(key: string) => ({ defaultValue: SETTING_DEFAULTS[key as keyof typeof SETTING_DEFAULTS] as T, globalValue: values[key]?.user as T }),
      };
    },
  };
}

describe("settings: one typed read, with package.json's defaults", () => {
  it("has exactly package.json's settings, with the same defaults", () => {
    const declared = Object.fromEntries(Object.entries(pkg.contributes.configuration.properties).map(([k, p]) => [k.replace(/^calibrate\./, ''), p.default]));
    assert.deepEqual(SETTING_DEFAULTS, declared);
  });

  it('reads the defaults when nothing is set', () => {
    assert.deepEqual(readSettings(source(true, {})), {
      reportConfigPath: '.calibrate/report.yaml',
      maxCsvBytes: 200 * 1024 * 1024,
      openReportOnStartup: false,
      yourName: '',
    });
  });

  it("reads the folder's values (resource scope), and no folder as the window", () => {
    const scopes: unknown[] = [];
    const uri = { fsPath: '/ws/b' };
    const s = readSettings(
      source(true, { reportConfigPath: { workspace: 'team/report.yaml' }, maxCsvSizeMB: { user: 5 }, openReportOnStartup: { workspace: true } }, scopes),
      { uri, name: 'b', index: 1 } as never,
    );
    assert.deepEqual(s, { reportConfigPath: 'team/report.yaml', maxCsvBytes: 5 * 1024 * 1024, openReportOnStartup: true, yourName: '' });
    readSettings(source(true, {}, scopes));
    assert.deepEqual(scopes, [uri, undefined]);
  });

  it("takes only the user's values in an untrusted workspace", () => {
    const values = {
      reportConfigPath: { user: 'mine.yaml', workspace: '../../etc/passwd' },
      maxCsvSizeMB: { workspace: 1e9 },
      openReportOnStartup: { workspace: true },
      // A workspace must not write events in someone else's name.
      yourName: { user: ' Ana ', workspace: 'the CEO' },
    };
    assert.deepEqual(readSettings(source(false, values)), {
      reportConfigPath: 'mine.yaml',
      maxCsvBytes: 200 * 1024 * 1024,
      openReportOnStartup: false,
      yourName: 'Ana',
    });
  });

  it('reads a value of the wrong type as the default, and keeps the CSV cap at 1 MB or more', () => {
    for (const mb of ['5', Number.NaN, Infinity, null])
      assert.equal(readSettings(source(true, { maxCsvSizeMB: { workspace: mb } })).maxCsvBytes, 200 * 1024 * 1024, String(mb));
    assert.equal(readSettings(source(true, { maxCsvSizeMB: { workspace: 0.01 } })).maxCsvBytes, 1024 * 1024);
    assert.equal(readSettings(source(true, { reportConfigPath: { workspace: '' } })).reportConfigPath, '.calibrate/report.yaml');
    assert.equal(readSettings(source(true, { reportConfigPath: { workspace: 42 } })).reportConfigPath, '.calibrate/report.yaml');
    assert.equal(readSettings(source(true, { openReportOnStartup: { workspace: 'yes' } })).openReportOnStartup, false);
  });
});

describe('workspace: settings an untrusted workspace cannot choose', () => {
  it('package.json restricts every Calibrate setting in untrusted workspaces', () => {
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
    for (const key of ['calibrate.reportConfigPath', 'calibrate.maxCsvSizeMB', 'calibrate.openReportOnStartup', 'calibrate.yourName']) {
      assert.ok(restricted.includes(key), `${key} is not in restrictedConfigurations`);
    }
    // A setting added later is restricted too, unless it is deliberately harmless and listed here.
    assert.deepEqual(
      Object.keys(pkg.contributes.configuration.properties).filter(k => !restricted.includes(k)),
      [],
    );
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
