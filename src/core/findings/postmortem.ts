// A blameless post-mortem in markdown, written from an investigation's folded log (issue 13). The
// structure is the Google SRE book's, as PagerDuty and Atlassian use it: metadata, summary, impact,
// root causes and trigger, resolution, detection, action items, lessons learned, timeline, supporting
// evidence. Every number comes from the frozen evidence in the log (never from today's data), so
// regenerating it next month gives the same text. What the log does not say is marked as such, in
// words, so a draft shows what is left to write. Charts become SVG files next to the markdown.
// Pure: no vscode, no I/O (the caller writes the files).
import { DateTime } from 'luxon';
import type { AnomalyCopy, EvidenceBody, FrozenSeries, InvestigationEvent, InvestigationState, ReportPlace } from '../investigation';
import { chartSvg, compact } from './chartSvg';
import { fitHeading, headingText, inline, inlineShort, markdownTable, paragraphs, person, wrapLine } from './text';

export interface PostmortemOptions {
  /** IANA zone for every time; default the frozen anomaly's, else a chart's, else UTC. */
  readonly zone?: string;
  /** UTC ms: the date of a draft, and how long an open investigation has run. */
  readonly now: number;
  /** Folder of the images, relative to the markdown; default "images". */
  readonly imageDir?: string;
  /**
   * The link from the post-mortem to its investigation log, '/'-separated; default from
   * docs/postmortems in the workspace (the caller computes it when the file goes elsewhere).
   */
  readonly logHref?: string;
}

export interface Postmortem {
  readonly markdown: string;
  /** `file` is relative to the markdown, as linked from it. */
  readonly images: readonly { readonly file: string; readonly svg: string }[];
}

const MINUS = '\u2212';
const TODO = '_To be written._';

const metricWords = (metric: string) => metric.replace(/[_.-]+/g, ' ').trim();
const sliceText = (slice: Readonly<Record<string, string>>) =>
  Object.entries(slice)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
const placeName = (p: ReportPlace) => {
  const s = sliceText(p.slice);
  return `${metricWords(p.metric)}${s ? ` (${s})` : ''}`;
};
const sameSeries = (a: ReportPlace, b: ReportPlace) => a.metric === b.metric && sliceText(a.slice) === sliceText(b.slice);
const pct = (n: number) => `${n < 0 ? MINUS : '+'}${Math.abs(Math.round(n))}%`;
/** About two significant figures: "about 180k". */
const about = (n: number) => compact(Number(Math.abs(n).toPrecision(2)));

export function postmortemMarkdown(inv: { readonly name: string; readonly state: InvestigationState }, opts: PostmortemOptions): Postmortem {
  const s = inv.state;
  const charts = s.evidence.filter(e => e.body.kind === 'chart');
  const zone =
    validZone(opts.zone) ?? validZone(s.anomaly?.zone) ?? validZone(charts.map(c => (c.body.kind === 'chart' ? c.body.zone : '')).find(validZone)) ?? 'UTC';
  const at = (t: number | string, f = 'ccc yyyy-MM-dd HH:mm') => DateTime.fromMillis(typeof t === 'number' ? t : Date.parse(t), { zone }).toFormat(f);
  const span = (start: number, end: number) => {
    const a = DateTime.fromMillis(start, { zone });
    const b = DateTime.fromMillis(end, { zone });
    return `${a.toFormat('ccc yyyy-MM-dd HH:mm')}–${b.toFormat(a.hasSame(b, 'day') ? 'HH:mm' : 'ccc yyyy-MM-dd HH:mm')} ${a.toFormat('ZZZZ')}`;
  };
  const evidenceNo = new Map(s.evidence.map((e, i) => [e.id, i + 1]));
  const final = s.closed !== undefined;
  const out: string[] = [];
  const section = (title: string, ...body: string[]) => out.push('', `## ${title}`, '', ...body);

  // ---- title and metadata
  out.push(fitHeading('# Post-mortem: ', headingText(s.title ?? inv.name)), '');
  const logPath = `.calibrate/investigations/${inv.name}.jsonl`;
  const logHref = opts.logHref ?? `../../${logPath}`;
  const authors = s.participants.map(p => `${person(p.name)}${p.role ? ` (${p.role})` : ''}`).join(', ');
  out.push(
    `- **Date:** ${at(s.closed?.at ?? opts.now, 'yyyy-MM-dd')}`,
    `- **Authors:** ${authors || 'none in the log'}`,
    `- **Status:** ${final ? 'final (the investigation is closed)' : `draft (the investigation is ${s.status}, not closed)`}`,
    `- **Verdict:** ${s.verdict ? `${verdictWords[s.verdict.verdict]}${s.verdict.reason ? ` (${inline(s.verdict.reason)})` : ''}` : final ? 'none (the investigation was closed without one)' : 'none yet'}`,
    `- **Investigation log:** [${inline(logPath)}](${linkTarget(logHref)})`,
  );

  section('Summary', ...(s.closed ? paragraphs(s.closed.summary) : [TODO, '', 'The summary is written when the investigation is closed.']));

  // ---- impact
  const window = impactWindow(s);
  const impact = impactLines(s, window, span);
  const noForecast = impact.length > 0 && !s.anomaly && !charts.some(c => c.body.kind === 'chart' && c.body.series.expected);
  section(
    'Impact',
    ...(impact.length
      ? [
          ...impact.map(l => `- ${l}`),
          ...(noForecast
            ? [
                '',
                'The log has no frozen forecast (the investigation was not opened with a copy of the anomaly), so the impact is measured against the same hours last week.',
              ]
            : []),
        ]
      : ['The log has no frozen numbers to measure the impact with (no anomaly copy, and no pinned chart with a forecast or last week).']),
  );

  // ---- root causes
  const supported = s.hypotheses.filter(h => h.status === 'supported');
  const causes: string[] = [];
  if (s.closed) causes.push(...paragraphs(s.closed.rootCause), '');
  if (supported.length) {
    causes.push('Supported hypotheses:', '');
    for (const h of supported) {
      const ev = h.evidence.map(id => `E${evidenceNo.get(id)} ${inline(s.evidence[evidenceNo.get(id)! - 1]!.body.title)}`);
      causes.push(
        `- ${stop(inline(h.text))} Proposed by ${person(h.by)}.${h.reason ? ` Why: ${stop(inline(h.reason))}` : ''}${ev.length ? ` Evidence: ${ev.join('; ')}.` : ''}`,
      );
    }
  } else causes.push('No hypothesis is marked supported yet.');
  const rejected = s.hypotheses.filter(h => h.status === 'rejected');
  if (rejected.length) {
    causes.push('', 'Ruled out:', '');
    for (const h of rejected) causes.push(`- ${stop(inline(h.text))}${h.reason ? ` Why: ${stop(inline(h.reason))}` : ''}`);
  }
  const deploys = s.evidence.flatMap(e => (e.body.kind === 'context' && e.body.contextKind === 'deploy' ? [e.body] : []));
  if (deploys.length) {
    causes.push('', 'Trigger candidates in the evidence:', '');
    for (const d of deploys) causes.push(`- ${inline(d.title)}, ${at(d.start)} ${zoneAbbr(d.start, zone)}${d.detail ? `: ${inline(d.detail)}` : ''}`);
  }
  while (causes.at(-1) === '') causes.pop();
  section('Root causes and trigger', ...causes);

  section('Resolution', ...(s.closed ? paragraphs(s.closed.decision) : [TODO, '', 'The decision is recorded when the investigation is closed.']));

  // ---- detection
  const detection: string[] = [];
  const onset = s.anomaly?.start ?? window?.start;
  const onsetFrom = s.anomaly ? 'the frozen anomaly' : window ? 'the pinned evidence' : undefined;
  const openedAt = s.opened ? Date.parse(s.opened.at) : undefined;
  if (s.origin) detection.push(`- **How:** ${originWords[s.origin]}`);
  if (onset !== undefined) detection.push(`- **Onset:** ${at(onset)} ${zoneAbbr(onset, zone)} (the start of the hour, from ${onsetFrom})`);
  else detection.push('- **Onset:** not in the log (no frozen anomaly and no pinned evidence window)');
  if (openedAt !== undefined) detection.push(`- **Investigation opened:** ${at(openedAt)} ${zoneAbbr(openedAt, zone)} by ${person(s.opened!.by)}`);
  if (onset !== undefined && openedAt !== undefined) detection.push(`- **Onset to investigation:** ${duration(openedAt - onset)}`);
  const endAt = s.closed ? Date.parse(s.closed.at) : undefined;
  if (openedAt !== undefined) {
    detection.push(
      endAt !== undefined
        ? `- **Investigation to close:** ${duration(endAt - openedAt)}`
        : `- **Open for:** ${duration(opts.now - openedAt)} (still ${s.status})`,
    );
  }
  section('Detection', ...detection);

  // ---- action items
  if (s.actions.length) {
    section(
      'Action items',
      ...markdownTable(
        ['Action', 'Owner', 'Kind', 'State'],
        s.actions.map(a => [inline(a.text), a.owner ? person(a.owner) : '—', actionKind(a.text), a.state]),
      ),
    );
  } else section('Action items', 'No action items in the log.');

  // ---- lessons
  out.push('', '## Lessons learned');
  for (const [title, label, prefix] of LESSONS) {
    const found = s.notes.flatMap(n => {
      const m = prefix.exec(n.text.trim());
      return m ? [`- ${inline(n.text.trim().slice(m[0].length))} (${person(n.by)})`] : [];
    });
    out.push('', `### ${title}`, '', ...(found.length ? found : [`${TODO} Notes that start with "${label}:" appear here.`]));
  }
  const learned = s.notes.filter(n => /^what i learned\s*:/i.test(n.text.trim()));
  if (learned.length)
    out.push(
      '',
      '### What the team learned',
      '',
      ...learned.map(n => `- ${inline(cap(n.text.trim().replace(/^what i learned\s*:\s*/i, '')))} (${person(n.by)})`),
    );

  // ---- timeline
  const hypText = new Map(s.hypotheses.map(h => [h.id, h.text]));
  const qText = new Map(s.questions.map(q => [q.id, q.text]));
  const aText = new Map(s.actions.map(a => [a.id, a.text]));
  section(
    `Timeline (${zone})`,
    ...s.timeline.map(t => {
      if ('foreign' in t) return `- ${at(t.foreign.at)}, ${person(t.foreign.author)}: an event this Calibrate cannot read (${inline(t.foreign.why)})`;
      const e = t.event;
      // Words that were only marks ("` `") are empty once stripped: no dangling ": " (MD009). Escaped
      // words never end in a space, so only an empty one leaves ": " at the end.
      const what = timelineLine(e, { hypText, qText, aText, evidenceNo }).replace(/: $/, '');
      return `- ${at(e.at)}, ${person(e.author)}: ${what}`;
    }),
  );

  // ---- evidence
  const images: { file: string; svg: string }[] = [];
  const dir = (opts.imageDir ?? 'images').replace(/\/+$/, '');
  const ev: string[] = [];
  s.evidence.forEach((e, i) => {
    ev.push(fitHeading(`### E${i + 1}. `, headingText(e.body.title)), '', `Pinned by ${person(e.by)}, ${at(e.at)}.${evidencePlace(e.body, span, inline)}`, '');
    const b = e.body;
    if (b.kind === 'chart') {
      const file = `${dir}/${inv.name}-${images.length + 1}.svg`;
      const w = window && sameSeries(window.place, b.place) ? window : undefined;
      images.push({ file, svg: chartSvg({ title: b.title, yLabel: placeName(b.place), zone, series: b.series, ...(w ? { window: w } : {}) }) });
      ev.push(
        `![${
          inline(b.title)
            .replace(/\\?[[\]]/g, '')
            .trim() || 'Chart'
        }](${linkTarget(encodeURI(file))})`,
      );
    } else if (b.kind === 'table') {
      ev.push(
        ...markdownTable(
          b.columns.map(c => inline(c)),
          b.rows.map(r => r.map(c => (c === null ? '—' : typeof c === 'number' ? c.toLocaleString('en-US') : inline(c)))),
        ),
      );
    } else if (b.kind === 'explanation') {
      ev.push(`Confidence ${Math.round(b.confidence * 100)}%.`, ...(b.evidence.length ? ['', ...b.evidence.map(l => `- ${inline(l)}`)] : []));
    } else {
      ev.push(
        stop(
          `${contextWords[b.contextKind]} at ${at(b.start)}${b.end !== undefined ? ` until ${at(b.end)}` : ''} ${zoneAbbr(b.start, zone)}${b.detail ? `: ${inline(b.detail)}` : ''}`,
        ),
      );
    }
    ev.push('');
  });
  while (ev.at(-1) === '') ev.pop();
  section('Supporting evidence', ...(ev.length ? ev : ['No evidence was pinned.']));

  if (s.problems.length) {
    section(
      'Log problems',
      `The log has ${s.problems.length} line${s.problems.length === 1 ? '' : 's'} this report could not use (see \`calibrate check\`):`,
      '',
    );
    out.push(...s.problems.map(p => `- line ${p.line}: ${inline(p.message)}`));
  }
  // Prose and list items wrapped to markdownlint's line length; headings and table rows cannot wrap.
  const lines = out.flatMap(l => (/^(#|\|)/.test(l) ? [l] : wrapLine(l)));
  return { markdown: lines.join('\n').replace(/\n{3,}/g, '\n\n') + '\n', images };
}

// ---- impact --------------------------------------------------------------------------------------

interface ImpactWindow {
  readonly place: ReportPlace;
  readonly start: number;
  readonly end: number;
}

/**
 * The window the impact is measured over: the frozen anomaly's; else the narrowest pinned evidence
 * window on a charted metric and slice that lies inside the chart (the team pinned the hours that
 * matter); else none.
 */
function impactWindow(s: InvestigationState): ImpactWindow | undefined {
  if (s.anomaly) return { place: s.anomaly, start: s.anomaly.start, end: s.anomaly.end };
  const charts = s.evidence.flatMap(e => (e.body.kind === 'chart' ? [e.body] : []));
  const places = s.evidence.flatMap(e => (e.body.kind !== 'chart' && e.body.place ? [e.body.place] : []));
  const inside = places
    .filter(p => charts.some(c => sameSeries(c.place, p) && p.start >= c.place.start && p.end <= c.place.end && p.end > p.start))
    .sort((a, b) => a.end - a.start - (b.end - b.start));
  return inside[0] ? { place: inside[0], start: inside[0].start, end: inside[0].end } : undefined;
}

/** Sum actual and baseline over the hours of [start, end) where both are numbers. */
function sums(series: FrozenSeries, baseline: readonly (number | null)[], start: number, end: number) {
  let actual = 0;
  let base = 0;
  let hours = 0;
  series.x.forEach((t, i) => {
    const a = series.actual[i];
    const b = baseline[i];
    if (t < start || t >= end || a === null || a === undefined || b === null || b === undefined) return;
    actual += a;
    base += b;
    hours++;
  });
  return { actual, base, hours };
}

/** One line per metric and slice with frozen numbers: the anomaly's, then each charted one's. */
function impactLines(s: InvestigationState, window: ImpactWindow | undefined, span: (a: number, b: number) => string): string[] {
  const lines: string[] = [];
  const done = new Set<string>();
  const measure = (place: ReportPlace, series: FrozenSeries, start: number, end: number, anomaly?: AnomalyCopy) => {
    const key = `${place.metric}|${sliceText(place.slice)}`;
    if (done.has(key)) return;
    const [baseline, against] = series.expected ? [series.expected, 'forecast'] : series.lastWeek ? [series.lastWeek, 'the same hours last week'] : [];
    const words = metricWords(place.metric);
    const sum = baseline ? sums(series, baseline, start, end) : undefined;
    if (sum && sum.hours > 0 && sum.base > 0) {
      done.add(key);
      const diff = sum.actual - sum.base;
      lines.push(
        `**${inline(placeName(place))}:** ${pct((diff / sum.base) * 100)} against ${against}, ${span(start, end)}, ` +
          `about ${about(diff)} ${diff < 0 ? 'fewer' : 'more'} ${inline(words)} (${compact(sum.actual)} actual, ${compact(sum.base)} ${against === 'forecast' ? 'forecast' : 'last week'}, ${sum.hours} hour${sum.hours === 1 ? '' : 's'})`,
      );
    } else if (anomaly) {
      done.add(key);
      lines.push(
        `**${inline(placeName(place))}:** ${pct(anomaly.vsForecastPct)} against forecast, ${span(start, end)} (the frozen anomaly has no hourly forecast to count the difference with)`,
      );
    }
  };
  if (s.anomaly) measure(s.anomaly, s.anomaly.series, s.anomaly.start, s.anomaly.end, s.anomaly);
  for (const e of s.evidence) {
    if (e.body.kind !== 'chart') continue;
    const w = window && sameSeries(window.place, e.body.place) ? window : e.body.place;
    measure(e.body.place, e.body.series, w.start, w.end);
  }
  return lines;
}

// ---- words ---------------------------------------------------------------------------------------

const verdictWords = { real: 'real', expected: 'expected', dataProblem: 'a data problem', falseAlarm: 'a false alarm' } as const;
const originWords = {
  anomaly: 'Calibrate flagged the anomaly in the hourly report; the investigation was opened from it.',
  missed: 'Reported by a person: Calibrate did not flag it (a missed anomaly).',
  blank: 'Opened by hand, not from a flagged anomaly.',
} as const;
const contextWords = { holiday: 'Holiday', event: 'Event', deploy: 'Deploy', dst: 'Daylight-saving change' } as const;
const LESSONS: readonly [string, string, RegExp][] = [
  ['What went well', 'Went well', /^went well\s*:\s*/i],
  ['What went wrong', 'Went wrong', /^went wrong\s*:\s*/i],
  ['Where we got lucky', 'Lucky', /^lucky\s*:\s*/i],
];

/** Kind from the text's own prefix; nothing is guessed. */
function actionKind(text: string): string {
  const m = /^\s*(mitigate|prevent|process)\s*:/i.exec(text);
  return m ? m[1]!.toLowerCase() : '—';
}

function validZone(z: string | undefined): string | undefined {
  return z && DateTime.now().setZone(z).isValid ? z : undefined;
}
const zoneAbbr = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).toFormat('ZZZZ');

function duration(ms: number): string {
  if (ms < 0) return `${duration(-ms)} before the onset`;
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** " About page views (platform=ios), Tue …", or nothing: the place the evidence is about. */
function evidencePlace(b: EvidenceBody, span: (a: number, b: number) => string, esc: (t: string) => string): string {
  const p = b.place;
  return p ? ` About ${esc(placeName(p))}, ${span(p.start, p.end)}.` : '';
}

/** A link target: spaces, parentheses and angle brackets encoded so the link holds. */
const linkTarget = (p: string) => p.replace(/[ ()<>]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** A sentence ends in a stop: add one only if the text has none. */
/**
 * The sentence's full stop. Text that is only a number ("2") would become "2.", an ordered-list
 * marker at the start of a list item ("- 2. Proposed by…" nests a list): its stop is escaped.
 */
const stop = (t: string) => (/[.!?…]$/.test(t) ? t : /^\d{1,9}$/.test(t) ? `${t}\\.` : `${t}.`);

function timelineLine(
  e: InvestigationEvent,
  ref: {
    hypText: Map<string, string>;
    qText: Map<string, string>;
    aText: Map<string, string>;
    evidenceNo: Map<string, number>;
  },
): string {
  const short = (t: string | undefined, max = 80) => (t === undefined ? '(not in the log)' : `“${inlineShort(t, max)}”`);
  switch (e.type) {
    case 'opened':
      return `opened the investigation: ${inlineShort(e.data.title)}`;
    case 'note':
      return `note: ${inlineShort(e.data.text)}`;
    case 'hypothesis':
      return `${e.data.draft ? 'drafted a hypothesis for review' : 'proposed a hypothesis'}: ${inlineShort(e.data.text)}`;
    case 'review':
      return `${e.data.approved ? 'approved' : 'sent back'} the hypothesis ${short(ref.hypText.get(e.data.hypothesis))}${e.data.comment ? `: ${inlineShort(e.data.comment)}` : ''}`;
    case 'hypothesisStatus': {
      const ev = e.data.evidence.flatMap(id => (ref.evidenceNo.has(id) ? [`E${ref.evidenceNo.get(id)}`] : []));
      return `marked ${short(ref.hypText.get(e.data.hypothesis))} ${e.data.status}${ev.length ? ` (${ev.join(', ')})` : ''}${e.data.reason ? `: ${inlineShort(e.data.reason)}` : ''}`;
    }
    case 'evidence':
      return `pinned E${ref.evidenceNo.get(e.id) ?? '?'}, ${e.data.kind}: ${inlineShort(e.data.title)}`;
    case 'question':
      return `asked: ${inlineShort(e.data.text)}`;
    case 'answer':
      return `answered ${short(ref.qText.get(e.data.question), 60)}: ${inlineShort(e.data.text)}`;
    case 'action':
      return `added the action item: ${inlineShort(e.data.text)}${e.data.owner ? ` (owner: ${person(e.data.owner)})` : ''}`;
    case 'actionState':
      return `marked the action item ${short(ref.aText.get(e.data.action))} ${e.data.state}`;
    case 'verdict':
      return `gave the verdict ${verdictWords[e.data.verdict]}${e.data.reason ? `: ${inlineShort(e.data.reason)}` : ''}`;
    case 'role':
      return `made ${person(e.data.person)} the ${e.data.role}`;
    case 'status':
      return `set the status to ${e.data.status}`;
    case 'closed':
      return 'closed the investigation';
    case 'contextMark':
      return `marked ${inlineShort(e.data.title)} as ${e.data.expected ? 'expected' : 'not expected'}`;
    case 'finding':
      return `wrote the ${e.data.kind === 'adr' ? 'decision record' : 'post-mortem'} ${inlineShort(e.data.path)}`;
    case 'commit':
      return `linked commit ${e.data.hash.slice(0, 12)}: ${inlineShort(e.data.subject || '(no subject)')}`;
    case 'drill':
      return e.data.phase === 'started' ? `started a ${e.data.difficulty} drill` : `revealed the drill: ${e.data.score?.passed ? 'passed' : 'not passed'}`;
  }
}
