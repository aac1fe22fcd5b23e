// The webview's CSP and resource roots (src/panel/csp.ts), and that the build puts the bundle there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { reportCsp, RESOURCE_ROOTS, WEBVIEW_SCRIPT } from '../../../src/panel/csp';

const ROOT = path.resolve(__dirname, '../../..');

describe('report webview CSP and resource roots', () => {
  const csp = reportCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
  const directives = new Map(csp.split('; ').map(d => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));

  it('allows nothing by default, the one script by nonce, and no <base> or form target', () => {
    assert.equal(directives.get('default-src'), "'none'");
    assert.equal(directives.get('script-src'), "'nonce-abc123'");
    // Neither falls back to default-src: without them injected markup could re-point URLs or post a form.
    assert.equal(directives.get('base-uri'), "'none'");
    assert.equal(directives.get('form-action'), "'none'");
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('lets the webview load its own bundle folder and media/, not dist/ with the host code', () => {
    assert.deepEqual(
      RESOURCE_ROOTS.map(r => r.join('/')),
      ['dist/webview', 'media'],
    );
    assert.ok(
      RESOURCE_ROOTS.some(r => WEBVIEW_SCRIPT.join('/').startsWith(`${r.join('/')}/`)),
      'the script is under a root',
    );
  });

  it('is where the build writes the bundle and what the package ships', () => {
    const script = WEBVIEW_SCRIPT.join('/');
    assert.match(fs.readFileSync(path.join(ROOT, 'scripts/build.mjs'), 'utf8'), new RegExp(`outfile: '${script}'`));
    assert.ok(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').includes(`!${script}`));
  });
});
