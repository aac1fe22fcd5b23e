// Import events from iCalendar (.ics) text with ical.js: sports and release calendars come as ICS.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { InputError } from '../types';
import { isValidZone } from './events';
import type { ContextEvent, EventKind } from './types';

export interface IcsOptions {
  /** Zone for floating times and all-day events. */
  readonly defaultZone: string;
  /** Countries for events that carry no X-CALIBRATE-COUNTRIES property. */
  readonly countries?: readonly string[];
  /** Expand recurrences only inside this window (UTC ms). */
  readonly from?: number;
  readonly to?: number;
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
    const exact = c.trim().toLowerCase().replace(/[\s-]+/g, '_');
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

export function parseIcs(text: string, file: string, opts: IcsOptions): { events: ContextEvent[]; errors: InputError[] } {
  const errors: InputError[] = [];
  const events: ContextEvent[] = [];
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // ical.js quotes the offending line but not its number: find it.
    const quoted = /"([^"]*)"\s*$/.exec(msg)?.[1];
    const idx = quoted ? text.split(/\r?\n/).findIndex((l) => l.includes(quoted)) : -1;
    errors.push(new InputError(file, idx >= 0 ? idx + 1 : undefined, 'iCalendar (RFC 5545) text', msg));
    return { events, errors };
  }
  const lines = text.split(/\r?\n/);
  const lineOfUid = (uid: string): number | undefined => {
    const i = lines.findIndex((l) => l.startsWith('UID') && l.includes(uid));
    return i >= 0 ? i + 1 : undefined;
  };
  const from = opts.from ?? -Infinity;
  const to = opts.to ?? Infinity;
  for (const v of root.getAllSubcomponents('vevent')) {
    const ev = new ICAL.Event(v);
    const line = lineOfUid(ev.uid ?? '');
    if (!ev.startDate) {
      errors.push(new InputError(file, line, 'a VEVENT with DTSTART', `event "${ev.summary ?? '?'}" has no start`));
      continue;
    }
    const cats = v.getAllProperties('categories').flatMap((p) => p.getValues().map(String));
    const kind = kindFromCategories(cats);
    const cprop = v.getFirstPropertyValue('x-calibrate-countries');
    const countries = typeof cprop === 'string' ? cprop.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean) : [...(opts.countries ?? [])];
    const durMs = ev.duration ? ev.duration.toSeconds() * 1000 : 0;
    const push = (start: number): void => {
      const end = start + Math.max(durMs, 60_000);
      if (end <= from || start >= to) return;
      events.push({
        name: ev.summary || '(untitled)', kind, start, end, zone: tzidOf(ev.startDate) ?? opts.defaultZone,
        countries, source: `${file}:${line ?? 0}`,
      });
    };
    if (ev.isRecurring()) {
      const it = ev.iterator();
      // Bounded: calendars with open-ended rules must not hang the host.
      for (let n = 0, occ = it.next(); occ && n < 5000; n++, occ = it.next()) {
        const s = toMillis(occ, opts.defaultZone);
        if (s >= to) break;
        push(s);
      }
    } else push(toMillis(ev.startDate, opts.defaultZone));
  }
  return { events, errors };
}
