// .calibrate/events.yaml: custom events, validated with errors that name the line.
import { DateTime } from 'luxon';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { InputError } from '../types';
import { EVENT_KINDS, type ContextEvent, type EventKind } from './types';

export interface ParsedEvents {
  readonly events: ContextEvent[];
  /** Every problem found, each naming its line; events with errors are left out. */
  readonly errors: InputError[];
}

/** "-20%", "+5 %", -0.2 -> relative impact; undefined when not parseable. */
export function parseImpact(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.abs(v) > 1 ? v / 100 : v;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
  return m ? Number(m[1]) / 100 : undefined;
}

/** A local ISO date-time in `zone` (or with its own offset) -> UTC ms; undefined when invalid. */
export function parseLocalTime(v: unknown, zone: string): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v !== 'string') return undefined;
  const dt = DateTime.fromISO(v.trim(), { zone, setZone: false });
  return dt.isValid ? dt.toMillis() : undefined;
}

export function isValidZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

export function parseEventsYaml(text: string, file: string, defaultZone?: string): ParsedEvents {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const errors: InputError[] = [];
  const events: ContextEvent[] = [];
  const lineOf = (n: Node | null | undefined): number | undefined =>
    n?.range ? lc.linePos(n.range[0]).line : undefined;
  for (const e of doc.errors) {
    errors.push(new InputError(file, lc.linePos(e.pos[0]).line, 'valid YAML', e.message.split('\n')[0] ?? 'YAML error'));
  }
  if (errors.length) return { events, errors };
  const root = doc.contents;
  if (!isMap(root)) {
    errors.push(new InputError(file, lineOf(root) ?? 1, 'a mapping with `version: 1` and `events:`', 'the file is not a mapping'));
    return { events, errors };
  }
  const vnode = root.get('version', true) as Node | undefined;
  const version = isScalar(vnode) ? vnode.value : vnode;
  if (version !== undefined && version !== 1) {
    errors.push(new InputError(file, lineOf(vnode), '`version: 1`', `unsupported version ${String(version)}`));
  }
  const list = root.get('events', true) as Node | undefined;
  if (list === undefined || (isScalar(list) && list.value === null)) return { events, errors };
  if (!isSeq(list)) {
    errors.push(new InputError(file, lineOf(list), 'a list under `events:`', '`events` is not a list'));
    return { events, errors };
  }
  for (const item of list.items) {
    const line = lineOf(item as Node);
    if (!isMap(item)) {
      errors.push(new InputError(file, line, 'an event mapping (name, kind, start, end, zone, countries)', 'the list item is not a mapping'));
      continue;
    }
    const fieldLine = (k: string): number | undefined => {
      const pair = item.items.find((p) => isScalar(p.key) && p.key.value === k);
      return lineOf((pair?.value ?? pair?.key) as Node | undefined) ?? line;
    };
    const bad = (k: string, expected: string, detail: string): void => {
      errors.push(new InputError(file, fieldLine(k), expected, detail));
    };
    const before = errors.length;
    const raw = item.toJSON() as Record<string, unknown>;
    const known = new Set(['name', 'kind', 'start', 'end', 'zone', 'countries', 'expectedImpact']);
    for (const k of Object.keys(raw)) if (!known.has(k)) bad(k, `one of ${[...known].join(', ')}`, `unknown field \`${k}\``);
    const name = typeof raw.name === 'string' ? raw.name.trim() : '';
    if (!name) bad('name', 'a non-empty `name`', 'the event has no name');
    const kind = (raw.kind ?? 'other') as EventKind;
    if (!EVENT_KINDS.includes(kind)) bad('kind', `kind one of ${EVENT_KINDS.join(', ')}`, `unknown kind \`${String(raw.kind)}\``);
    const zone = typeof raw.zone === 'string' ? raw.zone : defaultZone;
    if (!zone || !isValidZone(zone)) bad('zone', 'an IANA time zone such as Europe/Berlin', `invalid zone \`${String(raw.zone)}\``);
    const z = zone && isValidZone(zone) ? zone : 'UTC';
    const start = parseLocalTime(raw.start, z);
    const end = parseLocalTime(raw.end, z);
    if (start === undefined) bad('start', 'an ISO date-time such as 2026-11-02T20:15:00', `invalid start \`${String(raw.start)}\``);
    if (end === undefined) bad('end', 'an ISO date-time such as 2026-11-02T23:30:00', `invalid end \`${String(raw.end)}\``);
    if (start !== undefined && end !== undefined && end <= start) bad('end', '`end` after `start`', 'the event ends before it starts');
    let countries: string[] = [];
    if (raw.countries !== undefined) {
      const arr = Array.isArray(raw.countries) ? raw.countries : [raw.countries];
      if (arr.some((c) => typeof c !== 'string' || !/^[A-Za-z]{2}$/.test(c))) bad('countries', 'a list of ISO country codes such as [US, GB]', 'invalid `countries`');
      else countries = (arr as string[]).map((c) => c.toUpperCase());
    }
    const impact = raw.expectedImpact === undefined ? undefined : parseImpact(raw.expectedImpact);
    if (raw.expectedImpact !== undefined && impact === undefined) bad('expectedImpact', 'a percentage such as -20%', `invalid expectedImpact \`${String(raw.expectedImpact)}\``);
    if (errors.length > before || start === undefined || end === undefined) continue;
    events.push({
      name, kind, start, end, zone: z, countries,
      ...(impact !== undefined ? { expectedImpact: impact } : {}),
      source: `${file}:${line ?? 0}`,
    });
  }
  return { events, errors };
}
