// An architecture decision record written from an investigation (issue 13), in MADR 4.0 as
// docs/adr/ writes it: front matter (status, date, decision-makers), context and problem, decision
// drivers, considered options, outcome, consequences, confirmation. Every word comes from the log;
// what the log cannot say (the consequences) is a placeholder marked "to be written". User text is
// escaped so it cannot break the structure, and the output keeps to markdownlint's default rules
// (one H1, headings one level at a time, blank lines around blocks, no trailing spaces, prose
// wrapped at 80 columns, a long title's heading cut at a word). Pure: no vscode, no I/O.
import type { InvestigationState } from '../investigation/fold';
import { INVESTIGATIONS_DIR } from '../investigation/log';
import { fitHeading, headingText, inline, person } from './text';

export interface AdrOptions {
  /** The ADR's number in its folder's sequence. */
  readonly number: number;
  /** yyyy-mm-dd. */
  readonly date: string;
  /** Default: the close's decision, else the investigation's title. */
  readonly title?: string;
  /** The ADR this one replaces: a line under the title links to it (`file` relative to the ADR folder). */
  readonly supersedes?: { readonly number: number; readonly file: string; readonly title: string };
  /** The ADR's folder, workspace-relative with '/' (default docs/adr): the link to the log is relative to it. */
  readonly folder?: string;
  /** The link to the log, when the caller computed it (an ADR written outside the workspace). */
  readonly logHref?: string;
}

const WIDTH = 80;

export function adrMarkdown(inv: { readonly name: string; readonly state: InvestigationState }, opts: AdrOptions): string {
  const s = inv.state;
  const invTitle = s.title ?? inv.name;
  const decision = s.closed?.decision;
  // Escaped, without the trailing punctuation markdownlint refuses in a heading (MD026).
  const title = headingText(opts.title ?? decision ?? invTitle, inline(inv.name));
  const logPath = `${INVESTIGATIONS_DIR}/${inv.name}.jsonl`;
  const href = opts.logHref ?? relativePath(opts.folder ?? 'docs/adr', logPath);
  const supported = s.hypotheses.filter(h => h.status === 'supported');
  const rejected = s.hypotheses.filter(h => h.status === 'rejected');
  const notes = (kind: 'Good' | 'Bad') =>
    s.notes.flatMap(n => {
      const m = new RegExp(`^\\s*${kind}:\\s*`, 'i').exec(n.text);
      return m ? [n.text.slice(m[0].length)] : [];
    });

  const out: string[] = [];
  const para = (text: string, escape = true) => out.push(...wrap(text, '', '', escape), '');
  const list = (items: readonly string[]) => {
    for (const i of items) out.push(...wrap(i, '* ', '  '));
    out.push('');
  };
  const heading = (h: string) => out.push(h, '');

  const makers = s.participants.map(p => p.name);
  out.push(
    '---',
    `status: ${s.closed ? 'accepted' : 'proposed'}`,
    `date: ${yamlScalar(opts.date)}`,
    `decision-makers: ${yamlScalar(makers.join(', ') || 'to be written')}`,
    '---',
    '',
  );
  // A heading cannot wrap: a long title is cut at a word (the decision is whole under the outcome).
  heading(fitHeading('# ', title));
  if (opts.supersedes) {
    const sup = opts.supersedes;
    const n = /^\d+/.exec(sup.file.split('/').pop() ?? '')?.[0] ?? String(sup.number);
    out.push(...wrap(`Supersedes [ADR ${n}](${linkTarget(sup.file)}) (${inline(oneLine(sup.title))}).`, '', '', false), '');
  }

  heading('## Context and Problem Statement');
  const lead = s.lead ?? s.opened?.by;
  para(
    `From the investigation [${inline(invTitle) || inline(inv.name)}](${linkTarget(href)})` +
      (s.opened ? `, opened on ${s.opened.at.slice(0, 10)}${lead ? ` and led by ${person(lead)}` : ''}` : '') +
      `, ${s.closed ? 'now closed' : `still ${s.status}`}.`,
    false,
  );
  if (s.anomaly) {
    const a = s.anomaly;
    const slice = Object.entries(a.slice).map(([k, v]) => `${k}=${v}`);
    para(
      `The anomaly: ${a.label} (${a.metric}${slice.length ? `, ${slice.join(', ')}` : ''}) went ${a.direction}, ` +
        `${a.vsForecastPct > 0 ? '+' : ''}${a.vsForecastPct.toFixed(1)}% against the forecast, ` +
        `${new Date(a.start).toISOString().slice(0, 16).replace('T', ' ')}–${new Date(a.end).toISOString().slice(11, 16)} UTC.`,
    );
  }
  if (s.closed) {
    para(s.closed.summary);
    para(`Root cause: ${s.closed.rootCause}`);
  } else {
    para('The investigation has not found the root cause yet: this record is proposed until it closes with a decision.');
  }

  heading('## Decision Drivers');
  const drivers = [
    ...supported.map(h => `${h.text}${h.reason ? ` ${h.reason}` : ''}`),
    ...(s.verdict ? [`The verdict: ${VERDICT[s.verdict.verdict]}${s.verdict.reason ? `. ${s.verdict.reason}` : '.'}`] : []),
  ];
  list(drivers.length ? drivers : ['(to be written: no hypothesis is supported yet, and there is no verdict)']);

  heading('## Considered Options');
  list([
    ...(decision ? [`Decided: ${decision}`] : []),
    ...supported.map(h => `Supported: ${h.text}`),
    ...rejected.map(h => `Rejected: ${h.text}${h.reason ? ` Why not: ${h.reason}` : ''}`),
    ...(decision || supported.length || rejected.length ? [] : ['(to be written: no option was weighed in the investigation yet)']),
  ]);

  heading('## Decision Outcome');
  para(
    s.closed
      ? `Chosen option: "${oneLine(s.closed.decision)}", because ${lowerFirst(oneLine(s.closed.rootCause))}`
      : 'Chosen option: (to be written when the investigation closes with a decision).',
  );

  heading('### Consequences');
  const good = notes('Good');
  const bad = notes('Bad');
  list([
    ...(good.length ? good.map(g => `Good, because ${g}`) : ['Good, because (to be written)']),
    ...(bad.length ? bad.map(b => `Bad, because ${b}`) : ['Bad, because (to be written)']),
  ]);

  heading('### Confirmation');
  if (s.actions.length) {
    para('The investigation’s action items confirm it:');
    list(s.actions.map(a => `${ACTION[a.state]}: ${a.text}${a.owner ? ` (owner: ${a.owner})` : ''}`));
  } else para('(to be written: the investigation has no action items yet)');

  heading('## More Information');
  para(
    `Written by Calibrate from the investigation log [${inline(logPath)}](${linkTarget(href)}): ` +
      `its timeline, evidence and every participant’s notes are there.`,
    false,
  );
  while (out.at(-1) === '') out.pop();
  return out.join('\n') + '\n';
}

const VERDICT = { real: 'a real change', expected: 'expected', dataProblem: 'a data problem', falseAlarm: 'a false alarm' } as const;
const ACTION = { open: 'Open', done: 'Done', dropped: 'Dropped' } as const;

const lowerFirst = (t: string) => (/^[A-Z][a-z]/.test(t) ? t[0]!.toLowerCase() + t.slice(1) : t);

/** All whitespace (newlines, tabs) as single spaces: the record's prose is re-wrapped, never cut. */
const oneLine = (t: string) => t.replace(/\s+/g, ' ').trim();

/** A link target: spaces and parentheses encoded so the link holds. */
const linkTarget = (p: string) => p.replace(/[ ()<>]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A line that would start a block (heading, list, quote, fence, rule, setext underline, link definition): its first mark escaped. */
function escapeStart(line: string): string {
  if (/^\d{1,9}[.)](\s|$)/.test(line)) return line.replace(/^(\d+)([.)])/, '$1\\$2');
  if (/^(#|[-+*](\s|$)|=+|-{2,}|_{3,}|\*{3,}|`{3,}|~{3,}|\[[^\]]*\]:|>|\|)/.test(line)) return `\\${line}`;
  return line;
}

/**
 * Text as lines of at most WIDTH columns (a longer word stays whole), the first after `first`, the
 * rest after `rest`; each line's start escaped. `escape` false for text already markdown (our links).
 */
function wrap(text: string, first: string, rest: string, escape = true): string[] {
  const words = (escape ? inline(oneLine(text)) : oneLine(text)).split(' ').filter(w => w !== '');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const prefix = lines.length ? rest : first;
    if (cur && prefix.length + cur.length + 1 + w.length > WIDTH) {
      lines.push(cur);
      cur = escapeStart(w); // a line's first word escaped before it is measured
    } else cur = cur ? `${cur} ${w}` : escapeStart(w);
  }
  if (cur || !lines.length) lines.push(cur);
  return lines.map((l, i) => `${i ? rest : first}${l}`.trimEnd());
}

/** A YAML plain scalar when it is one, else a double-quoted (JSON) string. */
function yamlScalar(v: string): string {
  const t = oneLine(v);
  return /^[A-Za-z0-9][\w .,'()/-]*$/.test(t) && !/: | #/.test(t) ? t : JSON.stringify(t);
}

/** `to` relative to the folder `from` (both workspace-relative, '/'), for a link from a file in `from`. */
export function relativePath(from: string, to: string): string {
  const parts = (p: string) => p.split('/').filter(x => x !== '' && x !== '.');
  const a = parts(from);
  const b = parts(to);
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}
