// Words and times of the investigation view. Pure (Intl only): unit-tested in Node.
import { LOG_LIMITS, type InvestigationState, type TimelineEntry } from '../../src/messaging/investigationProtocol';

/** The zone times are shown in: the report's, frozen with the anomaly; else UTC (a blank investigation has no report zone). */
export function zoneOf(state: Pick<InvestigationState, 'anomaly'>): string {
  const zone = state.anomaly?.zone;
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC'; // a zone this browser does not know (a hand edit): UTC, and the view says so
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(zone, f);
  }
  return f;
}

/** "Tue 30 Nov, 14:05" in `zone`; an unreadable time as it was written. */
export function formatAt(at: string | number, zone: string): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return String(at);
  return formatter(zone)
    .format(ms)
    .replace(/,? (\d\d:\d\d)$/, ', $1');
}

/** "Tue 30 Nov, 14:00–17:00" (the end's date too when it differs). */
export function formatWindow(start: number, end: number, zone: string): string {
  const a = formatAt(start, zone);
  const b = formatAt(end, zone);
  const [aDay, aTime] = a.split(', ');
  const [bDay, bTime] = b.split(', ');
  return aDay === bDay ? `${aDay}, ${aTime}–${bTime}` : `${a} – ${b}`;
}

export const VERDICT_WORDS: Readonly<Record<string, string>> = { real: 'Real', expected: 'Expected', dataProblem: 'Data problem', falseAlarm: 'False alarm' };
export const STATUS_WORDS: Readonly<Record<string, string>> = { open: 'Open', monitoring: 'Monitoring', resolved: 'Resolved' };
export const HYPOTHESIS_WORDS: Readonly<Record<string, string>> = { proposed: 'Proposed', supported: 'Supported', rejected: 'Rejected' };
export const ACTION_WORDS: Readonly<Record<string, string>> = { open: 'Open', done: 'Done', dropped: 'Dropped' };
/** How a commit was linked, as the view says it. */
export const COMMIT_LINK_WORDS: Readonly<Record<string, string>> = { trailer: 'its Investigation: trailer', log: 'it changed the log', manual: 'by hand' };

/** What the composer writes, in words (singular, plural). */
export const KIND_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  note: ['note', 'notes'],
  hypothesis: ['hypothesis', 'hypotheses'],
  question: ['question', 'questions'],
  action: ['action item', 'action items'],
  answer: ['answer', 'answers'],
  reason: ['reason', 'reasons'],
  summary: ['summary', 'summaries'],
  rootCause: ['root cause', 'root causes'],
  decision: ['decision', 'decisions'],
};

/** Why a draft cannot be sent as it is (said before sending, the draft kept), or undefined. */
export function draftProblem(kind: string, text: string, required = true): string | undefined {
  const [one, many] = KIND_WORDS[kind] ?? [kind, `${kind}s`];
  if (required && text.trim() === '') return `Write the ${one} first.`;
  if (text.length > LOG_LIMITS.text) {
    return `This ${one} is ${text.length.toLocaleString('en-US')} characters; ${many} are limited to ${LOG_LIMITS.text.toLocaleString('en-US')}. Shorten it, or link to the full text, then send again.`;
  }
  return undefined;
}

/** Which timeline entries to draw: the latest `shown` (a long log stays responsive), and how many older ones are hidden. */
export function timelineWindow(total: number, shown: number): { from: number; hidden: number } {
  const from = Math.max(0, total - shown);
  return { from, hidden: from };
}

/** One line of text, cut for the timeline: markdown's marks dropped ([text](url) reads as text), whitespace folded. */
export function oneLine(text: string, max = 200): string {
  const s = text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|`+|~~)/g, '')
    .replace(/^#+\s*/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A timeline entry in words: what happened, and its text (markdown for notes and the like). */
export function describeEntry(t: TimelineEntry, titles: ReadonlyMap<string, string>): { what: string; text?: string; foreign?: boolean } {
  if ('foreign' in t) return { what: `From a newer Calibrate: update to see it (“${t.foreign.type}”)`, foreign: true };
  const e = t.event;
  const ref = (id: string) => `“${oneLine(titles.get(id) ?? id, 80)}”`;
  switch (e.type) {
    case 'opened':
      return { what: `Opened “${e.data.title}”${e.data.origin === 'anomaly' ? ' from an anomaly' : e.data.origin === 'missed' ? ' (a missed anomaly)' : ''}` };
    case 'note':
      return { what: 'Note', text: e.data.text };
    case 'hypothesis':
      return { what: e.data.draft ? 'Hypothesis drafted (for review)' : 'Hypothesis proposed', text: e.data.text };
    case 'review':
      return {
        what: e.data.approved ? `Draft ${ref(e.data.hypothesis)} approved by ${e.author}` : `Draft ${ref(e.data.hypothesis)} sent back by ${e.author}`,
        ...(e.data.comment ? { text: e.data.comment } : {}),
      };
    case 'hypothesisStatus':
      return {
        what: `Hypothesis ${ref(e.data.hypothesis)} marked ${HYPOTHESIS_WORDS[e.data.status].toLowerCase()}${e.data.evidence.length ? ` with ${e.data.evidence.length} evidence` : ''}`,
        ...(e.data.reason ? { text: e.data.reason } : {}),
      };
    case 'evidence':
      return { what: `Evidence pinned: ${e.data.title}` };
    case 'question':
      return { what: 'Question', text: e.data.text };
    case 'answer':
      return { what: `Answer to ${ref(e.data.question)}`, text: e.data.text };
    case 'action':
      return { what: `Action item${e.data.owner ? ` for ${e.data.owner}` : ''}`, text: e.data.text };
    case 'actionState':
      return { what: `Action item ${ref(e.data.action)}: ${ACTION_WORDS[e.data.state].toLowerCase()}${e.data.owner ? ` (${e.data.owner})` : ''}` };
    case 'verdict':
      return { what: `Verdict: ${VERDICT_WORDS[e.data.verdict]}`, ...(e.data.reason ? { text: e.data.reason } : {}) };
    case 'role':
      return {
        what: e.data.role === 'lead' && e.data.person !== e.author ? `${e.author} passed the lead to ${e.data.person}` : `${e.data.person} is ${e.data.role}`,
      };
    case 'status':
      return { what: `Status: ${STATUS_WORDS[e.data.status]}` };
    case 'closed':
      return { what: 'Closed', text: e.data.summary };
    case 'contextMark':
      return { what: `${e.data.title} marked ${e.data.expected ? 'expected' : 'not expected'}` };
    case 'finding':
      return { what: `Wrote the ${e.data.kind === 'adr' ? 'decision record' : 'post-mortem'} ${e.data.path}` };
    case 'drill':
      return {
        what: e.data.phase === 'started' ? `Drill started (${e.data.difficulty})` : `Drill revealed: ${e.data.score?.passed ? 'passed' : 'not passed'}`,
      };
    case 'commit':
      return { what: `Commit ${e.data.hash.slice(0, 8)} linked (${COMMIT_LINK_WORDS[e.data.link]})`, ...(e.data.subject ? { text: e.data.subject } : {}) };
    default:
      return { what: 'Event' };
  }
}

/** "−12.3%" / "+4%": a signed percentage with a true minus. */
export function signedPct(p: number): string {
  const r = Math.abs(p) >= 10 ? Math.round(p) : Math.round(p * 10) / 10;
  return `${r < 0 ? '−' : '+'}${Math.abs(r)}%`;
}

/** A number for a chart label or table cell: compact, never "NaN". */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(a >= 1e5 ? 0 : 1)}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2);
}
