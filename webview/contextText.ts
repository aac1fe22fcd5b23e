// The context list's words and links, without a DOM (unit-tested in Node): what each item says
// (a holiday's type and learned impact, an event's kind and declared impact, a deploy's message),
// what it links to (a deploy's commit, an event's declaration), and which warnings name a file.
import type { ReportSnapshot } from '../src/messaging/protocol';

type ContextItem = ReportSnapshot['context'][number];
type HolidayImpact = NonNullable<Extract<ContextItem, { kind: 'holiday' }>['impact']>;

/** A context item's own action: a deploy's commit, or an event's declaration (an .ics entry's line too). */
export type ItemLink =
  | { readonly kind: 'deploy'; readonly ref: string; readonly label: string; readonly aria: string }
  | { readonly kind: 'source'; readonly file: string; readonly line: number; readonly label: string; readonly aria: string };

export function itemLink(c: ContextItem): ItemLink | undefined {
  if (c.kind === 'deploy') return { kind: 'deploy', ref: c.ref, label: 'Open commit', aria: `Open the commit of deploy ${c.ref}` };
  if (c.kind === 'event' && c.source.file) {
    const at = sourceText(c.source.file, c.source.line);
    return {
      kind: 'source',
      file: c.source.file,
      line: c.source.line,
      label: `Open ${shortSource(c.source.file, c.source.line)}`,
      aria: `Open ${c.name} where it is declared, ${at}`,
    };
  }
  return undefined;
}

/** The detail line: a holiday's type and learned impact; an event's kind, countries and declared impact; a deploy's message. */
export function detailText(s: Pick<ReportSnapshot, 'rows'>, c: ContextItem): string {
  switch (c.kind) {
    case 'holiday': {
      const type = HOLIDAY_TYPE_WORDS[c.holidayType] ?? c.holidayType;
      const where = c.state ? `${c.country}-${c.state}` : c.country;
      return [`${type} in ${where}`, c.impact ? impactText(s, c.impact, c.holidayType) : undefined].filter(Boolean).join(' · ');
    }
    case 'event': {
      const parts = [EVENT_KIND_WORDS[c.eventKind] ?? c.eventKind, c.countries.length ? c.countries.join(', ') : 'everywhere'];
      if (c.expectedImpact !== undefined) parts.push(`declared impact ${pct(1 + c.expectedImpact)}`);
      return parts.join(' · ');
    }
    case 'deploy':
      return `${c.deployKind === 'tag' ? 'Tag' : 'Merge'}: ${c.message}`;
    case 'dst':
      return c.detail;
  }
}

/** "Page views expected −28%: learned from 3 past occurrences, the last −32% on 2025-12-25". */
export function impactText(s: Pick<ReportSnapshot, 'rows'>, x: HolidayImpact, type: string): string {
  const metric = s.rows.find(r => r.metric === x.metric)?.label ?? x.metric;
  const basis =
    x.basis === 'history'
      ? `learned from ${x.occurrences} past ${x.occurrences === 1 ? 'occurrence' : 'occurrences'}${x.last ? `, the last ${pct(x.last.ratio)} on ${x.last.date}` : ''}`
      : x.basis === 'type-prior'
        ? `no history of this holiday; typical of days off here`
        : `no history; the usual for ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} holiday`;
  return `${metric} expected ${pct(x.ratio)}: ${basis}`;
}

const HOLIDAY_TYPE_WORDS: Readonly<Record<string, string>> = {
  public: 'Public holiday',
  bank: 'Bank holiday',
  optional: 'Optional holiday',
  school: 'School holiday',
  observance: 'Observance',
};

const EVENT_KIND_WORDS: Readonly<Record<string, string>> = {
  sports: 'Sports',
  launch: 'Launch',
  email_send: 'Email send',
  incident: 'Incident',
  maintenance: 'Maintenance',
  other: 'Event',
};

/** The file's name and line for a button ("events.yaml:12"); the full path goes in its label and tooltip. */
export const shortSource = (file: string, line: number): string => sourceText(file.slice(file.lastIndexOf('/') + 1) || file, line);

/** "file:line", or the file alone when the line is unknown (0). */
export const sourceText = (file: string, line: number): string => (line > 0 ? `${file}:${line}` : file);

/** A multiplier as a signed change: 0.72 → "−28%". */
function pct(ratio: number): string {
  const p = Math.round((ratio - 1) * 100);
  return p === 0 ? '±0%' : `${p > 0 ? '+' : '−'}${Math.abs(p)}%`;
}
