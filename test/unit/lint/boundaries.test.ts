// The architecture boundaries in eslint.config.mjs still fire: each forbidden import, linted as if it
// were in a file under the guarded folder (no file is written), is reported, and each allowed one is not.
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../../..');
const RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

type Case = [filePath: string, code: string];

const FORBIDDEN: Case[] = [
  ['src/core/probe.ts', "import * as vscode from 'vscode';"],
  ['src/core/context/probe.ts', "import fs from 'node:fs';"],
  ['src/core/context/probe.ts', "import fs from 'fs/promises';"],
  ['src/core/context/probe.ts', "import { spawn } from 'child_process';"],
  ['src/core/context/probe.ts', "import { Worker } from 'node:worker_threads';"],
  ['src/core/context/probe.ts', "import path from 'path';"],
  ['src/core/context/probe.ts', "import { match } from '../../../bench/explain/match';"],
  ['src/core/context/probe.ts', "import { readCsv } from '../../report/loadReport';"],
  ['src/core/context/probe.ts', "export { parseFromWebview } from '../../messaging/protocol';"],
  ['src/core/probe.ts', "import { logger } from '../util/logger';"],
  ['src/core/context/probe.ts', "export const m = import('node:fs');"],
  ['src/core/context/probe.ts', "export const m = import('../../panel/html');"],
  ['src/core/context/probe.ts', "export const m = require('node:child_process');"],
  ['webview/probe.ts', "import * as vscode from 'vscode';"],
  ['webview/probe.ts', "import fs from 'node:fs';"],
  ['webview/probe.ts', "import type { Dataset } from '../src/core/types';"],
  ['webview/probe.ts', "import { loadReport } from '../src/report/loadReport';"],
  ['webview/probe.ts', "import { fitForWebview } from '../src/messaging/fitSnapshot';"],
  ['webview/probe.ts', "import { x } from '../bench/explain/match';"],
  ['webview/probe.ts', "export const m = import('../src/panel/html');"],
  ['webview/report/probe.ts', "import { reportCsp } from '../../src/panel/csp';"],
  ['src/messaging/protocol.ts', "import * as vscode from 'vscode';"],
  ['src/messaging/protocol.ts', "import path from 'node:path';"],
  ['src/messaging/protocol.ts', "import { MAX_SCORE } from '../core/anomaly';"],
  ['src/messaging/channel.ts', "import { MAX_SCORE } from '../core/anomaly';"],
  ['src/messaging/diagnostics.ts', "export const m = import('../core/anomaly');"],
  ['src/messaging/protocol.ts', "import { log } from '../util/logger';"],
  ['src/messaging/fitSnapshot.ts', "import * as vscode from 'vscode';"],
  ['src/messaging/fitSnapshot.ts', "import os from 'os';"],
  ['src/messaging/fitSnapshot.ts', "import { log } from '../util/logger';"],
  ['src/messaging/probe.ts', "import { reportHtml } from '../panel/html';"],
];

const ALLOWED: Case[] = [
  ['src/core/context/probe.ts', "import { DateTime } from 'luxon';"],
  ['src/core/context/probe.ts', "import type { Dataset } from '../types';"],
  ['src/core/probe.ts', "import type { Dataset } from './types';"],
  ['src/core/context/probe.ts', "export const m = import('date-holidays');"],
  ['webview/probe.ts', "import { ownEntry } from '../src/messaging/protocol';"],
  ['webview/probe.ts', "import { Channel } from '../src/messaging/channel';"],
  ['webview/probe.ts', "import type { Shown } from '../src/messaging/diagnostics';"],
  ['webview/probe.ts', "import { formatValue } from './format';"],
  ['webview/probe.ts', "import { Chart } from 'chart.js';"],
  ['webview/report/probe.ts', "import { formatValue } from '../format';"],
  ['webview/report/probe.ts', "import { ownEntry } from '../../src/messaging/protocol';"],
  ['src/messaging/protocol.ts', "import type { HourlyReport } from '../core/report/hourlyReport';"],
  ['src/messaging/protocol.ts', "import { parseEnvelope } from './channel';"],
  ['src/messaging/fitSnapshot.ts', "import { MAX_SCORE } from '../core/anomaly';"],
  ['src/messaging/fitSnapshot.ts', "import { clipText } from './protocol';"],
  ['src/report/probe.ts', "import * as vscode from 'vscode';\nimport fs from 'node:fs';"], // adapters may
];

describe('lint: architecture boundaries', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: ROOT });

  async function boundaryErrors([filePath, code]: Case): Promise<string[]> {
    // Export something so that no unrelated rule (unused imports) decides the outcome.
    const [result] = await eslint.lintText(`${code}\nexport const probe = 1;\n`, { filePath: path.join(ROOT, filePath) });
    const fatal = result.messages.filter(m => m.fatal);
    assert.deepEqual(fatal, [], `${filePath}: ${code} does not parse`);
    return result.messages.filter(m => m.ruleId !== null && RULES.has(m.ruleId)).map(m => m.message);
  }

  const areas = [
    'src/core/',
    'webview/',
    'src/messaging/protocol.ts',
    'src/messaging/channel.ts',
    'src/messaging/diagnostics.ts',
    'src/messaging/fitSnapshot.ts',
    'src/messaging/probe.ts',
  ];
  for (const area of areas) {
    it(`refuses what ${area} must not import`, async () => {
      const cases = FORBIDDEN.filter(([filePath]) => filePath.startsWith(area));
      assert.ok(cases.length > 0);
      for (const c of cases) assert.ok((await boundaryErrors(c)).length > 0, `no boundary rule fired for ${c[0]}: ${c[1]}`);
    });
  }

  it('allows libraries, the folder itself, the protocol where it is shared, and anything in the adapters', async () => {
    for (const c of ALLOWED) assert.deepEqual(await boundaryErrors(c), [], `${c[0]}: ${c[1]}`);
  });
});
