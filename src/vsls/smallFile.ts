// One small file a guest wrote into the host's folder (an inbox event, a finding request), read on
// the host: a regular file only (a link is not followed, a FIFO cannot block), and no more than its
// cap, whatever its size says by the time it is read. Node file I/O, no vscode.
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';

export type SmallFile =
  | { readonly text: string; readonly bytes: number }
  | { readonly notFile: true }
  | { readonly tooLarge: number }
  /** `code`: the system's, e.g. ENOENT when another drain took the file first. */
  | { readonly unreadable: string; readonly code?: string };

export async function readSmallFile(path: string, maxBytes: number): Promise<SmallFile> {
  try {
    const st = await lstat(path);
    if (!st.isFile()) return { notFile: true };
    if (st.size > maxBytes) return { tooLarge: st.size };
    const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      // One byte over the cap: a file that grew since lstat is still refused.
      const buf = Buffer.alloc(maxBytes + 1);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      if (bytesRead > maxBytes) return { tooLarge: bytesRead };
      return { text: buf.subarray(0, bytesRead).toString('utf8'), bytes: bytesRead };
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { unreadable: e instanceof Error ? e.message : String(e), ...(typeof code === 'string' ? { code } : {}) };
  }
}
