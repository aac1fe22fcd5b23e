import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The content of a file outside the workspace: no error may ever quote it. */
export const SECRET = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI-not-a-real-key';

/** A temp dir with `ws/` (the workspace folder) and `outside/secret.txt` beside it. */
export function sandbox(): { base: string; ws: string; secret: string; write: (rel: string, text: string) => string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'calibrate-ws-')));
  const ws = join(base, 'ws');
  mkdirSync(ws);
  mkdirSync(join(base, 'outside'));
  const secret = join(base, 'outside', 'secret.txt');
  writeFileSync(secret, `${SECRET}\n`);
  const write = (rel: string, text: string): string => {
    const p = join(ws, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
  return { base, ws, secret, write };
}
