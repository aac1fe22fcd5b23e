// Desktop users with internet: `npx vscode-test` runs the same integration suite in Electron VS Code
// (@vscode/test-cli downloads it). Build the suites first: `node scripts/build.mjs --tests` and
// generate a demo workspace: `npx tsx scripts/gen-demo.ts --out demo`.
// Here, without internet, `npm run test:integration` runs it in code-server instead (docs/adr/0001).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/integration/*.test.js',
  workspaceFolder: './demo/workspace',
  version: 'stable',
  mocha: { ui: 'bdd', timeout: 90_000 },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
});
