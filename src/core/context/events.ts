// .calibrate/events.yaml: custom events, validated with errors that name the line and column.
import { DateTime } from 'luxon';
import { isAlias, isMap, isSeq, isScalar, type Node } from 'yaml';
import { didYouMean } from '../config/configKeys';
import { readYaml, yamlType, type SourcePos } from '../config/yaml';
import { isLuxonZone } from '../config/zones';
import { InputError } from '../types';
import { EVENT_KINDS, type ContextEvent, type EventKind } from './types';

export interface ParsedEvents {
  readonly events: ContextEvent[];
  /** Every problem found, each naming its line; events with errors are left out. */
  readonly errors: InputError[];
}

/** A drop cannot exceed 100%; a rise beyond +1000% is a typo rather than a forecast. */
const MIN_IMPACT = -1;
const MAX_IMPACT = 10;
const IMPACT = 'a percentage such as -20% or +5%, or a fraction such as -0.2';
/** A value inside `backquotes` in a message: text as written (clipped), anything else by its YAML type. */
const show = (v: unknown): string => (typeof v === 'string' ? (v.length > 60 ? `${v.slice(0, 57)}...` : v) : yamlType(v));

/**
 * expectedImpact as a relative change: "-20%" (a string with %) is a percentage, a bare number is a
 * fraction strictly between -1 and 1 (-0.2). A bare 1.5 is refused rather than guessed: it could mean
 * +150% or 1.5%. The result lies in (-100%, +1000%]. Returns the reason when the value is not valid.
 */
export function readImpact(v: unknown): number | string {
  let f: number;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return `invalid expectedImpact ${v}`;
    // Read as a percentage and as a fraction: valid both ways is ambiguous, valid one way says which.
    if (v <= -100 || v > 1000) return `expectedImpact ${v} is out of range: a change lies between -100% (exclusive) and +1000%`;
    if (v <= -1 || v > 10) return `expectedImpact ${v} needs its %: write ${v}% (a bare number is a fraction between -1 and 1)`;
    if (v >= 1) return `expectedImpact ${v} is ambiguous: write ${v}% or ${Math.round(v * 1e4) / 100}%`;
    f = v;
  } else if (typeof v === 'string') {
    const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$/.exec(v);
    if (!m) return `invalid expectedImpact \`${show(v)}\``;
    f = Number(m[1]) / 100;
  } else {
    return `invalid expectedImpact: ${yamlType(v)}`;
  }
  if (!(f > MIN_IMPACT && f <= MAX_IMPACT))
    return `expectedImpact ${Math.round(f * 1e4) / 100}% is out of range: a drop is less than 100%, a rise at most +1000%`;
  return f;
}

/** "-20%", "+5 %", -0.2 -> relative impact; undefined when not valid (see readImpact). */
export function parseImpact(v: unknown): number | undefined {
  const r = readImpact(v);
  return typeof r === 'number' ? r : undefined;
}

/** A local ISO date-time in `zone` (or with its own offset) -> UTC ms; undefined when invalid. */
export function parseLocalTime(v: unknown, zone: string): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v !== 'string') return undefined;
  const dt = DateTime.fromISO(v.trim(), { zone, setZone: false });
  return dt.isValid ? dt.toMillis() : undefined;
}

/** Any zone luxon reads (IANA, UTC, fixed offsets), cached: a file can repeat one zone thousands of times. */
export const isValidZone = isLuxonZone;

/** Problems listed; a file of thousands of broken events gets the first ones and a count. */
const MAX_ERRORS = 100;
const KNOWN = ['name', 'kind', 'start', 'end', 'zone', 'countries', 'expectedImpact'];

export function parseEventsYaml(text: string, file: string, defaultZone?: string): ParsedEvents {
  const events: ContextEvent[] = [];
  const read = readYaml(text, file);
  if (!read.ok) return { events, errors: read.errors };
  const { doc, data, posOf } = read.yaml;
  const problem = (at: SourcePos | undefined, expected: string, detail: string) => new InputError(file, at?.line, expected, detail, at?.column);
  const errors: InputError[] = [];
  let unlisted = 0;
  const report = (e: () => InputError): void => {
    if (errors.length < MAX_ERRORS) errors.push(e());
    else unlisted++;
  };
  const root = doc.contents;
  if (!(data instanceof Map) || !isMap(root)) {
    errors.push(problem(posOf(root) ?? { line: 1, column: 1 }, 'a mapping with `version: 1` and `events:`', 'the file is not a mapping'));
    return { events, errors };
  }
  const posAt = (k: string) => posOf(root.items.find(p => isScalar(p.key) && p.key.value === k)?.value);
  const version = data.get('version');
  if (version !== undefined && version !== 1) {
    errors.push(problem(posAt('version'), '`version: 1`', `\`version\` is ${yamlType(version)}`));
  }
  const list = data.get('events');
  if (list === undefined || list === null) return { events, errors };
  if (!Array.isArray(list)) {
    errors.push(problem(posAt('events'), 'a list under `events:`', '`events` is not a list'));
    return { events, errors };
  }
  // Lines come from the syntax tree; an alias (`- *mnf`) is reported at the line where it is used.
  const listNode = root.items.find(p => isScalar(p.key) && p.key.value === 'events')?.value;
  const nodes: unknown[] = isSeq(listNode) ? listNode.items : [];
  list.forEach((raw: unknown, i) => {
    const node = nodes[i] ?? listNode;
    const at = posOf(node);
    const line = at?.line;
    if (!(raw instanceof Map)) {
      report(() => problem(at, 'an event mapping (name, kind, start, end, zone, countries)', `the list item is ${yamlType(raw)}, not a mapping`));
      return;
    }
    /** A field's value (its key when it has none); the event's own place for a missing field or an alias. */
    const fieldPos = (k: string, key = false): SourcePos | undefined => {
      if (isAlias(node) || !isMap(node)) return at;
      const pair = node.items.find(p => isScalar(p.key) && String(p.key.value) === k);
      return posOf((key ? pair?.key : (pair?.value ?? pair?.key)) as Node | undefined) ?? at;
    };
    let faults = 0;
    const bad = (k: string, expected: string, detail: string, key = false): void => {
      faults++;
      report(() => problem(fieldPos(k, key), expected, detail));
    };
    const get = (k: string): unknown => raw.get(k);
    for (const key of raw.keys()) {
      const k = String(key ?? '');
      if (KNOWN.includes(k)) continue;
      const hint = didYouMean(k, KNOWN);
      bad(k, `one of ${KNOWN.join(', ')}`, `unknown field \`${k.slice(0, 60)}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}`, true);
    }
    const rawName = get('name');
    const name = typeof rawName === 'string' || typeof rawName === 'number' ? String(rawName).trim() : '';
    if (!name) bad('name', 'a non-empty `name`', rawName === undefined || rawName === null ? 'the event has no name' : `the name is ${yamlType(rawName)}`);
    const kind = (get('kind') ?? 'other') as EventKind;
    if (!EVENT_KINDS.includes(kind)) bad('kind', `kind one of ${EVENT_KINDS.join(', ')}`, `unknown kind \`${show(kind)}\``);
    const rawZone = get('zone');
    const noZone = rawZone === undefined || rawZone === null;
    const zone = typeof rawZone === 'string' ? rawZone.trim() : noZone ? defaultZone : undefined;
    const zoneOk = zone !== undefined && isValidZone(zone);
    if (!zoneOk)
      bad(
        'zone',
        'an IANA time zone such as Europe/Berlin',
        noZone && !defaultZone ? 'the event has no zone, and there is no report zone' : `invalid zone \`${show(rawZone ?? defaultZone)}\``,
      );
    const z = zoneOk ? zone : 'UTC';
    const start = parseLocalTime(get('start'), z);
    const end = parseLocalTime(get('end'), z);
    if (start === undefined) bad('start', 'an ISO date-time such as 2026-11-02T20:15:00', `invalid start \`${show(get('start'))}\``);
    if (end === undefined) bad('end', 'an ISO date-time such as 2026-11-02T23:30:00', `invalid end \`${show(get('end'))}\``);
    if (start !== undefined && end !== undefined && end <= start) bad('end', '`end` after `start`', 'the event ends before it starts');
    let countries: string[] = [];
    const rawCountries = get('countries');
    if (rawCountries !== undefined && rawCountries !== null) {
      const arr: unknown[] = Array.isArray(rawCountries) ? rawCountries : [rawCountries];
      if (arr.some(c => typeof c !== 'string' || !/^[A-Za-z]{2}$/.test(c)))
        bad('countries', 'a list of ISO country codes such as [US, GB]', 'invalid `countries`');
      else countries = (arr as string[]).map(c => c.toUpperCase());
    }
    const rawImpact = get('expectedImpact');
    const impact = rawImpact === undefined ? undefined : readImpact(rawImpact);
    if (typeof impact === 'string') bad('expectedImpact', IMPACT, impact);
    if (faults || start === undefined || end === undefined) return;
    events.push({
      name,
      kind,
      start,
      end,
      zone: z,
      countries,
      ...(typeof impact === 'number' ? { expectedImpact: impact } : {}),
      source: `${file}:${line ?? 0}`,
    });
  });
  if (unlisted) errors.push(new InputError(file, undefined, `at most ${MAX_ERRORS} problems`, `${unlisted} more problems, not listed`));
  return { events, errors };
}
