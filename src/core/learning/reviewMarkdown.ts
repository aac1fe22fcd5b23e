// The weekly calibration review as markdown (docs/calibration/<yyyy>-W<ww>.md) with its reliability
// charts as SVG files next to it. The same discipline as the findings (ADR 0020): markdownlint's
// default rules pass, people's words are escaped, prose is wrapped at 80 columns. People's calls are
// alphabetical with no totals: what each tried and where the evidence took it, never a league table.
// Pure: no vscode, no I/O.
import { DateTime } from 'luxon';
import { escapeXml, fitHeading, headingText, inline, inlineShort, markdownTable, wrapLine } from '../findings/text';
import { VERDICT_WORDS } from '../investigation/summary';
import type { CalibrationFigures } from './calibration';
import { KIND_MIN_CASES, type CalibrationSection, type WeeklyReview } from './review';

export interface ReviewFiles {
  readonly markdown: string;
  /** `file` relative to the markdown. */
  readonly images: readonly { readonly file: string; readonly svg: string }[];
}

export interface ReviewMarkdownOptions {
  /** The folder of the markdown, from the workspace folder with '/' (links to logs and findings): default docs/calibration. */
  readonly dir?: string;
  /** Images' folder, relative to the markdown: default "images". */
  readonly imageDir?: string;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const KIND_WORDS: Readonly<Record<string, string>> = {
  holiday: 'holiday',
  event: 'event',
  deploy: 'deploy',
  dst: 'clock change (DST)',
  late_data: 'late data',
  data_gap: 'data gap',
  data: 'data problem',
  unexplained: 'none the explainer knows',
};
const kindWords = (k: string) => KIND_WORDS[k] ?? k;
const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** From `dir` to `path` (both workspace-relative, '/'). */
function rel(dir: string, path: string): string {
  const a = dir.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export function reviewMarkdown(r: WeeklyReview, opts: ReviewMarkdownOptions = {}): ReviewFiles {
  const dir = opts.dir ?? 'docs/calibration';
  const imageDir = (opts.imageDir ?? 'images').replace(/\/+$/, '');
  const at = (t: number, f = 'ccc d LLL HH:mm') => DateTime.fromMillis(t, { zone: r.zone }).toFormat(f);
  const span = (a: number, b: number) =>
    `${at(a)}–${DateTime.fromMillis(a, { zone: r.zone }).hasSame(DateTime.fromMillis(b, { zone: r.zone }), 'day') ? at(b, 'HH:mm') : at(b)}`;
  const logLink = (name: string) => `[${inline(name)}](${rel(dir, `.calibrate/investigations/${name}.jsonl`)})`;
  const out: string[] = [];
  const para = (text: string) => out.push('', ...wrapLine(text));
  const item = (text: string) => out.push(...wrapLine(`- ${text}`));
  const images: { file: string; svg: string }[] = [];

  out.push(`# Calibration review, ${r.week}`);
  para(
    `${at(r.start, 'ccc d LLL yyyy')} to ${at(r.end - 1, 'ccc d LLL yyyy')}, in ${r.zone}. ` +
      `${r.investigationsInWeek} investigation${r.investigationsInWeek === 1 ? ' was' : 's were'} opened or closed, ` +
      `and the report flagged ${r.seen.length} anomal${r.seen.length === 1 ? 'y' : 'ies'}. ` +
      'This review is for learning: what we saw, what we missed, and whether our confidence was right.',
  );
  for (const n of r.flaggedNotes) para(`Note: ${inline(n)}`);

  // ---- seen
  out.push('', '## Seen');
  if (!r.seen.length) para('The report flagged nothing this week.');
  const headings = new Map<string, number>();
  /** A heading once (markdownlint MD024): the same anomaly text twice gets "(2)". */
  const unique = (text: string) => {
    const n = (headings.get(text) ?? 0) + 1;
    headings.set(text, n);
    return n === 1 ? text : `${text} (${n})`;
  };
  for (const s of r.seen) {
    out.push(
      '',
      fitHeading('### ', unique(headingText(`${s.label} ${s.direction} ${Math.abs(Math.round(s.vsForecastPct))}% vs forecast, ${span(s.start, s.end)}`))),
      '',
    );
    item(s.top ? `The report’s first explanation: ${inline(s.top.title)} (${pct(s.top.confidence)}).` : 'The report had no explanation.');
    if (!s.investigations.length) item('Nobody investigated it (see Missed).');
    for (const i of s.investigations) {
      const verdict = i.verdict ? `verdict ${VERDICT_WORDS[i.verdict]}` : 'no verdict yet';
      const cause = i.cause
        ? `confirmed cause: ${inline(i.cause.title)} (${kindWords(i.cause.kind)}, from ${i.cause.from})`
        : `no confirmed cause (${inline(i.why ?? '')})`;
      item(`Investigation ${logLink(i.name)}: ${verdict}; ${cause}.`);
    }
  }

  // ---- missed
  out.push('', '## Missed');
  const reported = r.missed.filter(m => m.kind === 'reported');
  const unexamined = r.missed.filter(m => m.kind === 'unexamined');
  out.push('', '### Reported by people, not flagged by the report', '');
  if (!reported.length) out.push('None this week.');
  for (const m of reported)
    item(
      `${inline(m.title)}${m.start !== undefined && m.end !== undefined ? `, ${span(m.start, m.end)}` : ''}` +
        `${m.reportedBy ? `, reported by ${inline(m.reportedBy)}` : ''} in ${logLink(m.investigation!)}. Why: ${inlineShort(m.why, 240)}`,
    );
  out.push('', '### Flagged, and nobody looked', '');
  if (!unexamined.length) out.push('None this week: every flagged anomaly has an investigation.');
  for (const m of unexamined) item(`${inline(m.title)}, ${span(m.start!, m.end!)}. Why: ${inline(m.why)}`);

  // ---- drills
  if (r.drills.length) {
    out.push('', '## Drills', '');
    out.push(...wrapLine('Drills inject their anomaly: they are practice, not part of Seen or Missed, and not in the calibration.'), '');
    for (const d of r.drills) item(`${inline(d.title)} (${d.difficulty}, started by ${inline(d.startedBy)}) in ${logLink(d.investigation)}: ${d.result}.`);
  }

  // ---- calibration
  out.push('', '## Calibration of the explanations');
  para(
    'For each investigation with a confirmed cause: the confidence the report’s first explanation ' +
      'stated when the investigation was opened, against whether it named that cause. ' +
      'ECE is the gap between stated confidence and how often it was right (0 is perfect); ' +
      'the Brier score is the mean squared error of the confidence (lower is better).',
  );
  const calib = (title: string, file: string, c: CalibrationSection) => {
    out.push('', `### ${title}`);
    if (!c.all.n) {
      para('No confirmed cause yet.');
      return;
    }
    const rows = [['all kinds', c.all] as const, ...c.byKind.map(k => [kindWords(k.kind), k.figures] as const)].map(([k, f]) => [
      k,
      String(f.n),
      pct(f.meanConfidence),
      pct(f.accuracy),
      f.ece.toFixed(3),
      f.brier.toFixed(3),
      f.n < KIND_MIN_CASES ? 'too few to read' : '—',
    ]);
    out.push('', ...markdownTable(['Cause kind', 'n', 'Stated', 'Right', 'ECE', 'Brier', 'Note'], rows));
    const path = `${imageDir}/${r.week}-${file}.svg`;
    images.push({ file: path, svg: reliabilitySvg(`${title}: reliability (n = ${c.all.n})`, c.all) });
    out.push('', `![Reliability chart, ${title.toLowerCase()}, n = ${c.all.n}](${path})`);
  };
  calib('This week', 'reliability-week', r.calibration.week);
  calib('Up to this week', 'reliability-to-date', r.calibration.toDate);
  if (r.unconfirmed.length) {
    out.push('', '### Not counted', '');
    for (const u of r.unconfirmed) item(`${logLink(u.name)} (${inlineShort(u.title, 80)}): ${inline(u.why)}.`);
  }

  // ---- re-fit
  out.push('', '### Re-fitting the explainer');
  if ('notYet' in r.refit) para(inline(r.refit.notYet));
  else {
    const p = r.refit.proposal;
    para(
      `Over ${p.cases} confirmed cases, other constants fit this team’s outcomes better ` +
        `(mean negative log-likelihood of the right answer ${p.currentNll.toFixed(3)} now, ${p.proposedNll.toFixed(3)} re-fitted). ` +
        'Proposed, for the report config (shown as a diff before it is applied):',
    );
    out.push(
      '',
      '```yaml',
      'explanationCalibration:',
      `  temperature: ${p.proposed.temperature} # now ${p.current.temperature}`,
      `  unexplainedScore: ${p.proposed.unexplainedScore} # now ${p.current.unexplainedScore}`,
      '```',
    );
  }

  // ---- people
  out.push('', '## Each person’s calls');
  para(
    'What each of us tried and where the evidence took it, in name order. Rejected hypotheses are how an investigation narrows: they count as much as the supported one.',
  );
  if (!r.people.length) para('No calls this week.');
  for (const p of r.people) {
    out.push('', fitHeading('### ', headingText(p.person)), '');
    for (const h of p.hypotheses)
      item(`${cap(h.status)}: ${inlineShort(h.text, 160)}${h.reason ? ` Why: ${inlineShort(h.reason, 160)}` : ''} (${logLink(h.investigation)})`);
    const rest = [
      p.draftsApproved ? `${p.draftsApproved} draft${p.draftsApproved === 1 ? '' : 's'} approved` : '',
      p.draftsSentBack ? `${p.draftsSentBack} draft${p.draftsSentBack === 1 ? '' : 's'} sent back with a comment` : '',
      p.reviewsGiven ? `reviewed ${p.reviewsGiven} draft${p.reviewsGiven === 1 ? '' : 's'}` : '',
      p.verdictsGiven ? `gave ${p.verdictsGiven} verdict${p.verdictsGiven === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    if (rest.length) item(cap(`${rest.join('; ')}.`));
    if (!p.hypotheses.length && !rest.length) item('Followed along this week.');
  }

  // ---- lessons
  out.push('', '## Lessons');
  if (!r.lessons.length && !r.findings.length) para('No lesson was noted this week. Notes that start with “Lesson:” or “What I learned:” appear here.');
  if (r.lessons.length) out.push('');
  for (const l of r.lessons) item(`${inline(l.text)} (${inline(l.by)}, ${logLink(l.investigation)})`);
  if (r.findings.length) {
    out.push('', '### Written up', '');
    for (const f of r.findings)
      item(`[${inline(f.title)}](${rel(dir, f.path)}) (${f.kind === 'adr' ? 'decision record' : 'post-mortem'}, from ${logLink(f.investigation)})`);
  }

  // ---- hand-offs
  out.push('', '## Hand-offs for the coming week', '');
  if (!r.handoffs?.length) out.push('No suggestions.');
  for (const h of r.handoffs ?? []) item(inline(h));

  return { markdown: out.join('\n') + '\n', images };
}

// ---- the reliability chart ------------------------------------------------------------------------

const W = 420;
const H = 440;
const M = { top: 64, right: 24, bottom: 56, left: 60 };
const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * Stated confidence (x) against how often it was right (y), one dot per non-empty bin sized by its
 * cases and labelled with n; the diagonal is perfect calibration. Fixed colours like chartSvg.ts (it
 * is read outside VS Code: GitHub, a browser), every text escaped.
 */
export function reliabilitySvg(title: string, f: CalibrationFigures): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const px = (v: number) => M.left + v * pw;
  const py = (v: number) => M.top + (1 - v) * ph;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(title)}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="20" font-size="14" font-weight="bold" fill="#1f2328">${escapeXml(title)}</text>`,
  ];
  for (let k = 0; k <= 10; k += 2) {
    const v = k / 10;
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${fmt(py(v))}" y2="${fmt(py(v))}" stroke="#d0d7de"/>`,
      `<text x="${M.left - 6}" y="${fmt(py(v) + 4)}" text-anchor="end" fill="#57606a">${k * 10}%</text>`,
      `<text x="${fmt(px(v))}" y="${M.top + ph + 16}" text-anchor="middle" fill="#57606a">${k * 10}%</text>`,
    );
  }
  out.push(
    `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#8c959f" stroke-dasharray="5 4"/>`,
    `<text x="${M.left + pw / 2}" y="${H - 8}" text-anchor="middle" fill="#1f2328">Stated confidence of the first explanation</text>`,
    `<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#1f2328">Share that was right</text>`,
  );
  const most = Math.max(1, ...f.reliability.map(b => b.n));
  for (const b of f.reliability) {
    const r = 4 + 8 * Math.sqrt(b.n / most);
    // On the axis (never right), the label goes above the dot, clear of the tick labels.
    const ly = b.accuracy < 0.08 ? py(b.accuracy) - r - 3 : py(b.accuracy) + 4;
    out.push(
      `<circle cx="${fmt(px(b.confidence))}" cy="${fmt(py(b.accuracy))}" r="${fmt(r)}" fill="#0969da" fill-opacity="0.7"/>`,
      // The count beside its dot, on its left near the right edge so it stays inside the chart.
      px(b.confidence) > W - M.right - 60
        ? `<text x="${fmt(px(b.confidence) - r - 3)}" y="${fmt(ly)}" text-anchor="end" fill="#1f2328">n=${b.n}</text>`
        : `<text x="${fmt(px(b.confidence) + r + 3)}" y="${fmt(ly)}" fill="#1f2328">n=${b.n}</text>`,
    );
  }
  out.push(`<text x="${M.left}" y="40" fill="#57606a">ECE ${f.ece.toFixed(3)} · Brier ${f.brier.toFixed(3)} · n ${f.n} · dashed: perfect calibration</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
