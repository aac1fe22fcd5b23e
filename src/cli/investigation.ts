// `calibrate investigation list|show` and the investigation logs `calibrate check` validates: the
// logs under .calibrate/investigations/, read as the extension reads them and folded by the core
// (src/core/investigation, ADR 0015). Plain Node, no vscode import.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { DateTime } from 'luxon';
import {
  ageText,
  foldLog,
  peopleHistory,
  summarize,
  type EvidenceBody,
  type InvestigationState,
  type InvestigationSummary,
  type PersonHistory,
  type ReportPlace,
} from '../core/investigation';
import { readWorkspaceText, resolveInWorkspace, WorkspaceFileError, MAX_YAML_BYTES } from '../workspace/safeFiles';
import { parseLadderConfig } from '../core/config/ladderConfig';
import { InputError } from '../core/types';
import { DEFAULT_LADDER, ladder, nextStepText, type LadderThresholds, type PersonProgress } from '../core/learning/ladder';
import { printable, type Problem } from './problems';
import { INVESTIGATIONS_DIR } from '../core/investigation/log';

export { INVESTIGATIONS_DIR };
/** A log of 10,000 events with a week's chart in each is about 40 MB: 100 MB is far past any real one. */
export const MAX_LOG_BYTES = 100 * 1024 * 1024;
const LOG_WHAT = 'an investigation log (.jsonl)';

export interface Log {
  /** Workspace-relative, with '/'. */
  readonly file: string;
  /** The file name without .jsonl. */
  readonly name: string;
  readonly text: string;
  readonly state: InvestigationState;
}

/**
 * The folder's logs, sorted by name (dates first, so oldest first), each read through safeFiles and
 * folded; a log that cannot be read (outside the folder, too large) is a problem, not a stop.
 */
export async function readLogs(root: string): Promise<{ logs: Log[]; problems: Problem[]; files: string[] }> {
  const logs: Log[] = [];
  const problems: Problem[] = [];
  const files: string[] = [];
  let names: string[];
  try {
    const dir = await resolveInWorkspace(root, INVESTIGATIONS_DIR, 'the folder of investigation logs');
    names = (await readdir(dir)).filter(f => f.endsWith('.jsonl')).sort();
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal === 'missing') return { logs, problems, files };
    if (!(e instanceof WorkspaceFileError)) throw e;
    return { logs, problems: [{ ...e.toProblem('error'), line: undefined }], files };
  }
  for (const f of names) {
    const file = `${INVESTIGATIONS_DIR}/${f}`;
    files.push(file);
    try {
      const text = await readWorkspaceText(root, file, { what: LOG_WHAT, maxBytes: MAX_LOG_BYTES });
      logs.push({ file, name: f.slice(0, -'.jsonl'.length), text, state: foldLog(text) });
    } catch (e) {
      if (!(e instanceof WorkspaceFileError)) throw e;
      problems.push({ ...e.toProblem('error'), line: undefined });
    }
  }
  return { logs, problems, files };
}

/**
 * What `calibrate check` reports of a log: every line the fold skips (not JSON, not a valid event, a
 * reference to what is not there, an id written twice) is an error, as a CSV row left as a gap is;
 * an event kept for a newer Calibrate, and an unfinished last line, are warnings (nothing is lost,
 * but this version does not read them).
 */
export function logProblems(log: Log): Problem[] {
  const out: Problem[] = log.state.problems.map(p => ({ severity: 'error', file: log.file, line: p.line, text: p.message }));
  for (const t of log.state.timeline) {
    if ('foreign' in t) out.push({ severity: 'warning', file: log.file, line: t.line, text: `line ${t.line} is kept but not read: ${t.foreign.why}` });
  }
  if (log.text.length > 0 && !log.text.endsWith('\n')) {
    const n = log.text.split('\n').length;
    const read = log.state.timeline.some(t => t.line === n) || log.state.problems.some(p => p.line === n);
    if (!read && log.text.slice(log.text.lastIndexOf('\n') + 1).trim() !== '') {
      out.push({
        severity: 'warning',
        file: log.file,
        line: n,
        text: `line ${n}, the last, is unfinished (no newline, not JSON): an append cut short; it is not read`,
      });
    }
  }
  return out;
}

// ---- list ----------------------------------------------------------------------------------------

const HOUR = 3_600_000;

const sliceText = (slice: Readonly<Record<string, string>>) =>
  Object.entries(slice)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** "page_views platform=ios, Tue 2026-11-03 01:00–05:00 America/Los_Angeles". */
export function placeText(p: ReportPlace, zone: string | undefined): string {
  const z = zone ?? 'UTC';
  const s = DateTime.fromMillis(p.start, { zone: z });
  const e = DateTime.fromMillis(p.end, { zone: z });
  const window = s.hasSame(e, 'day')
    ? `${s.toFormat('ccc yyyy-MM-dd HH:mm')}–${e.toFormat('HH:mm')}`
    : `${s.toFormat('ccc yyyy-MM-dd HH:mm')}–${e.toFormat('ccc yyyy-MM-dd HH:mm')}`;
  const slice = sliceText(p.slice);
  return `${p.metric}${slice ? ` ${slice}` : ''}, ${window} ${s.isValid ? z : 'UTC'}`;
}

interface ListEntry extends InvestigationSummary {
  readonly file: string;
  readonly slice?: Readonly<Record<string, string>>;
  readonly zone?: string;
}

export function listEntries(logs: readonly Log[]): ListEntry[] {
  // Newest first, as the tree shows them.
  return [...logs]
    .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))
    .map(l => ({
      ...summarize({ name: l.name, state: l.state }),
      file: l.file,
      ...(l.state.anomaly ? { slice: l.state.anomaly.slice, zone: l.state.anomaly.zone } : {}),
    }));
}

/** `--json`: version 1, instants as UTC ISO strings. */
export function listJson(entries: readonly ListEntry[], now: number): unknown {
  return {
    version: 1,
    investigations: entries.map(e => ({
      name: e.name,
      file: e.file,
      title: e.title,
      status: e.status,
      closed: e.closed,
      verdict: e.verdict ?? null,
      anomaly: e.metric !== undefined ? { metric: e.metric, slice: e.slice ?? {}, start: iso(e.start!), end: iso(e.end!), zone: e.zone ?? null } : null,
      participants: e.participants,
      openedAt: e.openedAt ?? null,
      lastAt: e.lastAt ?? null,
      ageHours: e.openedAt !== undefined ? Math.round(((now - Date.parse(e.openedAt)) / HOUR) * 10) / 10 : null,
      problems: e.problems,
    })),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function listText(entries: readonly ListEntry[], now: number): string {
  if (entries.length === 0) return `No investigations in ${INVESTIGATIONS_DIR}/.\n`;
  const open = entries.filter(e => !e.closed).length;
  const out = [`${entries.length} investigation${entries.length === 1 ? '' : 's'} (${open} open, ${entries.length - open} closed), newest first:`, ''];
  for (const e of entries) {
    out.push(`${e.name}  ${e.title}`);
    const parts = [
      e.closed ? `closed (${e.status})` : e.status,
      `verdict: ${e.verdict ?? 'none'}`,
      e.metric !== undefined ? placeText({ metric: e.metric, slice: e.slice ?? {}, start: e.start!, end: e.end! }, e.zone) : 'not from an anomaly',
      e.participants.length ? e.participants.join(', ') : 'no participants',
      ...(e.openedAt ? [`opened ${ageText(e.openedAt, now)} ago`] : []),
      ...(e.problems ? [`${e.problems} problem${e.problems === 1 ? '' : 's'} (calibrate check)`] : []),
    ];
    out.push(`  ${parts.join(' · ')}`);
  }
  return out.map(printable).join('\n') + '\n';
}

// ---- show ----------------------------------------------------------------------------------------

export class LogReadError extends Error {}

/**
 * The log FILE names: a path (from the current directory), or the name of a log in the folder's
 * .calibrate/investigations/ (with or without .jsonl), as `list` prints it.
 */
export async function readLogFile(file: string, cwd: string, root: string): Promise<{ shown: string; text: string }> {
  const candidates = [resolve(cwd, file)];
  if (!/[\\/]/.test(file)) candidates.push(resolve(root, INVESTIGATIONS_DIR, file.endsWith('.jsonl') ? file : `${file}.jsonl`));
  for (const path of candidates) {
    const st = await stat(path).catch(() => undefined);
    if (!st) continue;
    if (!st.isFile()) throw new LogReadError(`${file} is not a file`);
    if (st.size > MAX_LOG_BYTES)
      throw new LogReadError(`${file} is ${Math.round(st.size / 1024 / 1024)} MB, over the ${MAX_LOG_BYTES / 1024 / 1024} MB an investigation log may have`);
    return { shown: path === candidates[0] ? file : `${INVESTIGATIONS_DIR}/${basename(path)}`, text: await readFile(path, 'utf8') };
  }
  throw new LogReadError(`${file}: no such investigation log (a path, or a name that \`calibrate investigation list\` prints)`);
}

/** `--json`: the folded state as the extension has it (ADR 0015), with the file it was read from. */
export function showJson(file: string, state: InvestigationState): unknown {
  return { version: 1, file, state };
}

const who = (s: { by: string; at: string }) => `${s.by}, ${s.at.replace(/:\d\d(\.\d+)?Z$/, 'Z')}`;

/** Markdown text, indented under its heading; every line made printable. */
function block(text: string, indent: string): string[] {
  return text.split(/\r?\n/).map(l => indent + l);
}

function evidenceText(b: EvidenceBody): string {
  switch (b.kind) {
    case 'chart':
      return `chart, ${b.series.x.length} hours: ${placeText(b.place, b.zone)}`;
    case 'table':
      return `table, ${b.rows.length} rows × ${b.columns.length} columns: ${placeText(b.place, undefined)}`;
    case 'explanation':
      return `explanation, ${Math.round(b.confidence * 100)}% confidence: ${placeText(b.place, undefined)}`;
    case 'context':
      return `${b.contextKind} at ${iso(b.start)}${b.detail ? `: ${b.detail}` : ''}`;
  }
}

export function showText(file: string, s: InvestigationState): string {
  const out: string[] = [];
  out.push(s.title ?? `(no opened event) ${file}`);
  out.push(
    `${s.closed ? `closed (${s.status})` : s.status} · verdict: ${s.verdict ? s.verdict.verdict + (s.verdict.reason ? ` (${s.verdict.reason})` : '') : 'none'}`,
  );
  if (s.opened)
    out.push(
      `opened by ${who(s.opened)}${s.origin ? `, ${s.origin === 'anomaly' ? 'from an anomaly' : s.origin === 'missed' ? 'a missed anomaly' : 'blank'}` : ''}`,
    );
  if (s.anomaly) {
    const a = s.anomaly;
    out.push(
      `anomaly: ${a.label} ${a.direction}, ${a.vsForecastPct.toFixed(1)}% against the forecast, severity ${a.severity.toFixed(2)}: ${placeText(a, a.zone)}`,
    );
  }
  out.push(`participants: ${s.participants.map(p => `${p.name}${p.role ? ` (${p.role})` : ''}`).join(', ') || 'none'}`);
  const ids = new Map(s.evidence.map((e, i) => [e.id, `E${i + 1}`]));
  out.push('', `Hypotheses (${s.hypotheses.length})`);
  for (const h of s.hypotheses) {
    out.push(`  [${h.status}] ${h.text.split(/\r?\n/)[0]}  (${who(h)})`);
    out.push(...block(h.text, '      ').slice(1));
    if (h.reason) out.push(`      why: ${h.reason}`);
    if (h.evidence.length) out.push(`      evidence: ${h.evidence.map(id => ids.get(id) ?? id).join(', ')}`);
  }
  out.push('', `Evidence (${s.evidence.length})`);
  s.evidence.forEach((e, i) => out.push(`  E${i + 1} ${e.body.title}: ${evidenceText(e.body)}  (${who(e)})`));
  out.push('', `Notes (${s.notes.length})`);
  for (const n of s.notes) out.push(`  ${who(n)}:`, ...block(n.text, '    '));
  out.push('', `Questions (${s.questions.length})`);
  for (const q of s.questions) {
    out.push(`  ${q.answers.length ? 'answered' : 'open'}: ${q.text}  (${who(q)})`);
    for (const a of q.answers) out.push(`    -> ${a.text}  (${who(a)})`);
  }
  out.push('', `Action items (${s.actions.length})`);
  for (const a of s.actions) out.push(`  [${a.state}] ${a.text}${a.owner ? ` (owner: ${a.owner})` : ''}`);
  if (s.closed) {
    out.push(
      '',
      `Closed by ${who(s.closed)}`,
      '  Summary:',
      ...block(s.closed.summary, '    '),
      '  Root cause:',
      ...block(s.closed.rootCause, '    '),
      '  Decision:',
      ...block(s.closed.decision, '    '),
    );
  }
  if (s.findings.length || s.commits.length) {
    out.push('', `Findings and commits (${s.findings.length + s.commits.length})`);
    for (const f of s.findings) out.push(`  ${f.kind === 'adr' ? 'decision record' : 'post-mortem'}: ${f.path}  (${who(f)})`);
    for (const c of s.commits)
      out.push(
        `  commit ${c.hash.slice(0, 12)} ${c.subject}  (linked by ${c.link === 'manual' ? 'hand' : c.link === 'log' ? 'its change to the log' : 'its trailer'}, ${who(c)})`,
      );
  }
  const foreign = s.timeline.filter(t => 'foreign' in t).length;
  if (foreign) out.push('', `${foreign} event${foreign === 1 ? '' : 's'} kept for a newer Calibrate (not shown: see --json)`);
  if (s.problems.length) {
    out.push('', `Problems (${s.problems.length})`);
    for (const p of s.problems) out.push(`${file}:${p.line}: ${p.message}`);
  }
  return out.map(printable).join('\n') + '\n';
}

// ---- the commands --------------------------------------------------------------------------------

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/**
 * Each person's history, one block per person: the rungs of the learning ladder, from the logs; with
 * `progress` (issue 16), their level on the hand-off ladder and what the next step asks for.
 */
export function peopleText(history: readonly PersonHistory[], progress?: readonly PersonProgress[]): string {
  if (!history.length) return 'No one has written in an investigation yet.\n';
  const rung = (what: string, names: readonly string[]) => `  ${what.padEnd(9)} ${names.length}${names.length ? `: ${names.join(', ')}` : ''}`;
  const ladderLines = (person: string) => {
    const p = progress?.find(x => x.person === person);
    return p ? [`  ${'level'.padEnd(9)} ${p.level}`, `  ${'next'.padEnd(9)} ${nextStepText(p, person)}`] : [];
  };
  return (
    history
      .flatMap(h => [
        h.person,
        rung('shadowed', h.shadowed),
        rung('drafted', h.drafted),
        rung('led', h.led),
        rung('led solo', h.ledSolo),
        ...ladderLines(h.person),
      ])
      .map(printable)
      .join('\n') + '\n'
  );
}

/** The ladder's thresholds from .calibrate/report.yaml's `ladder:` (the defaults without one), or why they cannot be read. */
async function readLadder(root: string): Promise<LadderThresholds | { readonly problem: string }> {
  let text: string;
  try {
    text = await readWorkspaceText(root, REPORT_CONFIG, { what: 'the report config', maxBytes: MAX_YAML_BYTES });
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal === 'missing') return DEFAULT_LADDER;
    if (e instanceof WorkspaceFileError) return { problem: `${REPORT_CONFIG}: ${e.message}` };
    throw e;
  }
  try {
    return parseLadderConfig(text, REPORT_CONFIG);
  } catch (e) {
    if (e instanceof InputError) return { problem: e.message };
    throw e;
  }
}
const REPORT_CONFIG = '.calibrate/report.yaml';

/** `list`, `show` or `people`: 0 done, 1 a log or the folder of logs cannot be read. */
export async function investigationCommand(
  cmd: { readonly kind: 'investigationList' | 'investigationShow' | 'investigationPeople'; readonly json: boolean; readonly file?: string },
  root: string,
  cwd: string,
  now: number,
): Promise<CommandOutput> {
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  if (cmd.kind === 'investigationPeople') {
    const { logs, problems } = await readLogs(root);
    const stderr = problems.map(p => `${printable(p.file)}: error: ${printable(p.text)}\n`).join('');
    const invs = logs.map(l => ({ name: l.name, state: l.state }));
    const history = peopleHistory(invs);
    // The hand-off ladder (issue 16), with the team's thresholds; a bad `ladder:` is said, and no levels are shown.
    const thresholds = await readLadder(root);
    const progress = 'problem' in thresholds ? undefined : ladder(invs, thresholds);
    const ladderErr = 'problem' in thresholds ? `calibrate: ${printable(thresholds.problem)}\n` : '';
    const people = history.map(h => {
      const p = progress?.find(x => x.person === h.person);
      return p ? { ...h, level: p.level, ...(p.next ? { next: { ...p.next, text: nextStepText(p, h.person) } } : {}) } : h;
    });
    return {
      stdout: cmd.json ? json({ version: 1, people }) : peopleText(history, progress),
      stderr: stderr + ladderErr,
      code: problems.length || ladderErr ? 1 : 0,
    };
  }
  if (cmd.kind === 'investigationList') {
    const { logs, problems } = await readLogs(root);
    // A log that cannot be read at all is not listed: say so, and fail, so a script notices.
    const stderr = problems.map(p => `${printable(p.file)}: error: ${printable(p.text)}\n`).join('');
    const entries = listEntries(logs);
    return { stdout: cmd.json ? json(listJson(entries, now)) : listText(entries, now), stderr, code: problems.length ? 1 : 0 };
  }
  try {
    const { shown, text } = await readLogFile(cmd.file!, cwd, root);
    const state = foldLog(text);
    return { stdout: cmd.json ? json(showJson(shown, state)) : showText(shown, state), stderr: '', code: 0 };
  } catch (e) {
    if (!(e instanceof LogReadError) && !(e instanceof Error && 'code' in e)) throw e;
    return { stdout: '', stderr: `calibrate: ${printable(e.message)}\n`, code: 1 };
  }
}
