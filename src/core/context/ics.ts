// Import events from iCalendar (.ics) text with ical.js: sports and release calendars come as ICS.
// Calendars are read even in untrusted workspaces, so reading is bounded: each event is handled on
// its own (one bad event costs only itself), and recurrences are expanded under caps and a
// deadline (see rruleExpand.ts).
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { InputError } from '../types';
import { isValidZone } from './events';
import { propLine, splitLines, veventBlocks, type VeventBlock } from './icsLines';
import { expandRule, RecurrenceError, type Expansion } from './rruleExpand';
import type { ContextEvent, EventKind } from './types';

export interface IcsLimits {
  /** Wall-clock budget for expanding recurrences in one file (ms). */
  readonly timeBudgetMs: number;
  /** Occurrences kept per recurring event inside the window. */
  readonly maxOccurrencesPerEvent: number;
  /** Events (occurrences included) kept per file. */
  readonly maxEventsPerFile: number;
  /** Iterator steps per RRULE, from DTSTART or from the fast-forwarded start. */
  readonly maxStepsPerRule: number;
  /** Candidate times ical.js may test to find one occurrence. */
  readonly maxScanPerOccurrence: number;
}

export const ICS_LIMITS: IcsLimits = {
  timeBudgetMs: 2000,
  maxOccurrencesPerEvent: 2000, // hourly for 12 weeks; an every-minute rule is capped
  maxEventsPerFile: 50_000,
  maxStepsPerRule: 50_000,
  maxScanPerOccurrence: 20_000, // ~0.5 s of ical.js filtering; every-minute rules on chosen weekdays need 10,080
};

export interface IcsOptions {
  /** Zone for floating times and all-day events. */
  readonly defaultZone: string;
  /** Countries for events that carry no X-CALIBRATE-COUNTRIES property. */
  readonly countries?: readonly string[];
  /** Expand recurrences only inside this window (UTC ms). */
  readonly from?: number;
  readonly to?: number;
  readonly limits?: Partial<IcsLimits>;
  /** Clock for the time budget (ms); tests replace it. */
  readonly now?: () => number;
}

const KIND_WORDS: [RegExp, EventKind][] = [
  [/sport|match|game|football|soccer|cricket|olymp|cup/i, 'sports'],
  [/launch|release/i, 'launch'],
  [/email|newsletter|mailing/i, 'email_send'],
  [/incident|outage/i, 'incident'],
  [/maintenance/i, 'maintenance'],
];

/** Kind from CATEGORIES (first that matches a known word), else `other`. */
export function kindFromCategories(categories: readonly string[]): EventKind {
  for (const c of categories) {
    const exact = c
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (['sports', 'launch', 'email_send', 'incident', 'maintenance', 'other'].includes(exact)) return exact as EventKind;
    for (const [re, k] of KIND_WORDS) if (re.test(c)) return k;
  }
  return 'other';
}

/** The TZID parameter the time was declared with (ical.js keeps it, its typings do not say so). */
function tzidOf(t: ICAL.Time): string | undefined {
  return (t as unknown as { timezone?: string }).timezone;
}

function toMillis(t: ICAL.Time, defaultZone: string): number {
  const tzid = t.zone?.tzid;
  const named = tzidOf(t);
  const zone = tzid === 'UTC' ? 'UTC' : named && isValidZone(named) ? named : defaultZone;
  return DateTime.fromObject(
    { year: t.year, month: t.month, day: t.day, hour: t.isDate ? 0 : t.hour, minute: t.isDate ? 0 : t.minute, second: t.isDate ? 0 : t.second },
    { zone },
  ).toMillis();
}

/**
 * ical.js's own parse errors quote the bad line; a TypeError from inside it ("reading 'split' of
 * undefined") says nothing a user can act on, so it is named by its usual cause instead.
 */
const message = (e: unknown): string =>
  e instanceof TypeError || e instanceof ReferenceError
    ? 'the calendar library could not read it, most likely an incomplete component (a BEGIN: without its END:, or a VTIMEZONE without STANDARD or DAYLIGHT)'
    : (e instanceof Error ? e.message : String(e)).replace(/"undefined"/g, 'an empty value'); // "FREQ=;" reads as undefined
const count = (n: number): string => n.toLocaleString('en-US');

/** ical.js quotes the offending line but not its number: find it (among `lines`, from `offset`). */
function parseError(file: string, lines: readonly string[], offset: number, e: unknown): InputError {
  const msg = message(e);
  const quoted = [...msg.matchAll(/"([^"]+)"/g)].map(m => m[1]!).reverse();
  let idx = -1;
  for (const q of quoted) if ((idx = lines.findIndex(l => l.includes(q))) >= 0) break;
  return new InputError(file, idx >= 0 ? offset + idx + 1 : offset > 0 ? offset + 1 : undefined, 'iCalendar (RFC 5545) text', msg);
}

/**
 * The VEVENT components paired with their blocks. The whole text is parsed first; if ical.js
 * refuses it, each VEVENT is parsed on its own so one bad property costs only its event.
 */
function components(text: string, file: string, errors: InputError[]): { v: ICAL.Component; block: VeventBlock | undefined }[] {
  const lines = splitLines(text);
  const blocks = veventBlocks(lines);
  try {
    const jcal = ICAL.parse(text);
    // Several top-level components parse as a list of them.
    const roots = (Array.isArray(jcal[0]) ? jcal : [jcal]) as unknown[];
    const vs = roots
      .flatMap(r => (Array.isArray(r) && r.length ? new ICAL.Component(r as never) : undefined) ?? [])
      .flatMap(c => (c.name === 'vevent' ? [c] : c.getAllSubcomponents('vevent')));
    if (!roots.some(r => Array.isArray(r) && typeof r[0] === 'string'))
      errors.push(new InputError(file, undefined, 'iCalendar (RFC 5545) text with BEGIN:VCALENDAR and VEVENTs', 'the file holds no calendar'));
    // Counts differ only for VEVENTs nested oddly; then lines are best effort.
    return vs.map((v, i) => ({ v, block: vs.length === blocks.length ? blocks[i] : undefined }));
  } catch (whole) {
    const out: { v: ICAL.Component; block: VeventBlock }[] = [];
    const before = errors.length;
    for (const block of blocks) {
      const own = lines.slice(block.first, block.last + 1);
      try {
        out.push({ v: new ICAL.Component(ICAL.parse(own.join('\n')) as never), block });
      } catch (e) {
        errors.push(parseError(file, own, block.first, e));
      }
    }
    // The fault lies outside every VEVENT: name it as ical.js saw it.
    if (errors.length === before) errors.push(parseError(file, lines, 0, whole));
    return out;
  }
}

/** Dates ical.js listed in RDATE/EXDATE (a PERIOD counts by its start). */
function dates(v: ICAL.Component, name: string): ICAL.Time[] {
  return v
    .getAllProperties(name)
    .flatMap(p => p.getValues())
    .flatMap(x => (x instanceof ICAL.Period ? [x.start] : x instanceof ICAL.Time ? [x] : []));
}

export function parseIcs(text: string, file: string, opts: IcsOptions): { events: ContextEvent[]; errors: InputError[] } {
  const errors: InputError[] = [];
  const events: ContextEvent[] = [];
  const lim = { ...ICS_LIMITS, ...opts.limits };
  const now = opts.now ?? Date.now;
  const deadline = now() + lim.timeBudgetMs;
  const from = opts.from ?? -Infinity;
  const to = opts.to ?? Infinity;
  let list: ReturnType<typeof components>;
  try {
    list = components(text, file, errors);
  } catch (e) {
    errors.push(new InputError(file, undefined, 'iCalendar (RFC 5545) text', message(e)));
    return { events, errors };
  }
  let outOfTime: number | undefined;
  for (const { v, block } of list) {
    if (events.length >= lim.maxEventsPerFile) {
      errors.push(
        new InputError(
          file,
          block?.line,
          `at most ${count(lim.maxEventsPerFile)} events per calendar`,
          `the calendar has more events in the window than that; events from here on are skipped`,
        ),
      );
      break;
    }
    const line = block?.line;
    try {
      // Without `exceptions` ical.js scans every sibling VEVENT for RECURRENCE-ID overrides: quadratic
      // in the file. Overrides are read as events of their own, as before.
      const ev = new ICAL.Event(v, { exceptions: [] });
      const start = ev.startDate;
      if (!start) {
        errors.push(new InputError(file, line, 'a VEVENT with DTSTART', `event "${ev.summary ?? '?'}" has no start`));
        continue;
      }
      let durMs: number;
      try {
        durMs = ev.duration ? ev.duration.toSeconds() * 1000 : 0;
      } catch (e) {
        errors.push(
          new InputError(
            file,
            propLine(block, v.hasProperty('duration') ? 'DURATION' : 'DTEND'),
            'a valid DURATION or DTEND',
            `event "${ev.summary ?? '?'}": ${message(e)}`,
          ),
        );
        continue;
      }
      const cats = v.getAllProperties('categories').flatMap(p => p.getValues().map(String));
      const kind = kindFromCategories(cats);
      const cprop = v.getFirstPropertyValue('x-calibrate-countries');
      const countries =
        typeof cprop === 'string'
          ? cprop
              .split(',')
              .map(c => c.trim().toUpperCase())
              .filter(Boolean)
          : [...(opts.countries ?? [])];
      const zone = tzidOf(start) ?? opts.defaultZone;
      const name = ev.summary || '(untitled)';
      const push = (s: number): boolean => {
        const end = s + Math.max(durMs, 60_000);
        if (end <= from || s >= to) return false;
        events.push({ name, kind, start: s, end, zone, countries, source: `${file}:${line ?? 0}` });
        return true;
      };
      const first = toMillis(start, opts.defaultZone);
      if (!ev.isRecurring()) {
        push(first);
        continue;
      }
      if (outOfTime !== undefined || now() > deadline) {
        outOfTime ??= line ?? 0;
        push(first);
        continue;
      }
      const starts = new Set<number>([first]);
      const rules = v.getAllProperties('rrule');
      rules.forEach((p, i) => {
        const at = propLine(block, 'RRULE', i);
        const rule = p.getFirstValue() as ICAL.Recur;
        const said = `recurrence rule ${rule.toString()}`;
        let x: Expansion;
        try {
          x = expandRule(
            rule,
            start,
            t => toMillis(t, opts.defaultZone),
            { from, to, durMs },
            {
              maxSteps: lim.maxStepsPerRule,
              maxOccurrences: lim.maxOccurrencesPerEvent,
              maxScan: lim.maxScanPerOccurrence,
              deadline,
              now,
            },
          );
        } catch (e) {
          if (!(e instanceof RecurrenceError)) throw e;
          errors.push(new InputError(file, at, 'a recurrence rule that can be expanded', `${said} ${e.message}; only its DTSTART is used`));
          return;
        }
        for (const s of x.starts) starts.add(s);
        if (x.capped === 'deadline') outOfTime ??= at ?? 0;
        else if (x.capped === 'occurrences') {
          errors.push(
            new InputError(
              file,
              at,
              `at most ${count(lim.maxOccurrencesPerEvent)} occurrences per event`,
              `${said} has more occurrences in the window; only the first ${count(x.starts.length)} are used`,
            ),
          );
        } else if (x.capped) {
          errors.push(
            new InputError(
              file,
              at,
              `at most ${count(lim.maxStepsPerRule)} steps per rule`,
              `${said} stopped after ${count(lim.maxStepsPerRule)} steps before the window end; later occurrences are missing`,
            ),
          );
        }
      });
      for (const t of dates(v, 'rdate')) starts.add(toMillis(t, opts.defaultZone));
      // EXDATE as a DATE removes every occurrence on that day (as ical.js does).
      const ex = dates(v, 'exdate');
      const exTimes = new Set(ex.filter(t => !t.isDate).map(t => toMillis(t, opts.defaultZone)));
      const exDays = new Set(ex.filter(t => t.isDate).map(t => t.toString()));
      const dayOf = (ms: number): string => DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
      const kept = [...starts].filter(s => !exTimes.has(s) && !(exDays.size && exDays.has(dayOf(s)))).sort((a, b) => a - b);
      let n = 0;
      for (const s of kept) if (n < lim.maxOccurrencesPerEvent && push(s)) n++;
    } catch (e) {
      // ical.js throws on values it decodes lazily; the event is skipped, the rest are kept.
      errors.push(new InputError(file, line, 'a valid iCalendar VEVENT', `event could not be read: ${message(e)}`));
    }
  }
  if (outOfTime !== undefined) {
    errors.push(
      new InputError(
        file,
        outOfTime,
        `recurrences that expand within ${lim.timeBudgetMs / 1000} s`,
        `recurrence rule expansion ran out of time; recurring events from here on keep only their first occurrence`,
      ),
    );
  }
  return { events, errors };
}
