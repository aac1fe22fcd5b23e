// File adapter: reads .calibrate/events.yaml and any .ics calendars under .calibrate/ (and
// .calibrate/calendars/), and hands the text to the pure parsers. No vscode import.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseEventsYaml } from '../core/context/events';
import { parseIcs } from '../core/context/ics';
import type { ContextEvent } from '../core/context/types';
import type { InputError } from '../core/types';

export interface WorkspaceEventsOptions {
  /** The report zone: used for events without a zone and floating ICS times. */
  readonly defaultZone: string;
  /** Expand recurring ICS events only inside this window (UTC ms). */
  readonly from?: number;
  readonly to?: number;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function icsFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.ics')).sort().map((f) => join(dir, f));
  } catch {
    return [];
  }
}

export async function loadWorkspaceEvents(root: string, opts: WorkspaceEventsOptions): Promise<{ events: ContextEvent[]; errors: InputError[] }> {
  const events: ContextEvent[] = [];
  const errors: InputError[] = [];
  const yamlPath = join(root, '.calibrate', 'events.yaml');
  const text = await readIfExists(yamlPath);
  if (text !== undefined) {
    const r = parseEventsYaml(text, relative(root, yamlPath), opts.defaultZone);
    events.push(...r.events);
    errors.push(...r.errors);
  }
  const dir = join(root, '.calibrate');
  for (const file of [...(await icsFiles(dir)), ...(await icsFiles(join(dir, 'calendars')))]) {
    const r = parseIcs(await readFile(file, 'utf8'), relative(root, file), {
      defaultZone: opts.defaultZone,
      ...(opts.from !== undefined ? { from: opts.from } : {}),
      ...(opts.to !== undefined ? { to: opts.to } : {}),
    });
    events.push(...r.events);
    errors.push(...r.errors);
  }
  events.sort((a, b) => a.start - b.start);
  return { events, errors };
}
