// Drills on disk (issue 16, ADR 0021), shared by the palette commands (src/commands/startDrill.ts,
// revealDrill.ts) and the command line (src/cli/drill.ts). No vscode.
//
// A drill is a workspace folder of its own: the report config (asOf frozen, source.path pointing at
// the drilled CSV), the drilled data, the events file with the drill's event, the calendars, and a
// git history whose release tags are the deploys (the drill's among them). The editor writes it
// under the workspace's .calibrate/drills/<id>/ (git-ignored) and opens its report in the normal
// panel; the CLI writes it where the lead says. The learner's investigations land in its own
// .calibrate/investigations/, beside the drill's record: an investigation with the `drill started`
// event. The hidden truth is written elsewhere (the extension's global storage, or --truth-dir),
// with its SHA-256 in that event.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { isMap, isSeq, parseDocument } from 'yaml';
import { parseReportConfig, type ReportConfig } from '../core/config/reportConfig';
import { INVESTIGATIONS_DIR } from '../core/investigation/log';
import { generateDemo } from '../core/demo';
import { ensureSelfIgnored } from '../workspace/selfIgnored';
import { eventLine, foldLog, logName, newEvent, type DrillDifficulty, type EventSource, type InvestigationState } from '../core/investigation';
import {
  datasetCsv,
  drillClock,
  drillProblem,
  injectDrill,
  KIND_LABELS,
  parseTruth,
  revealProblem,
  scoreDrill,
  truthText,
  type DrillKind,
  type DrillResult,
  type DrillTruth,
  type DrillWork,
} from '../core/learning/drill';
import { parseLongCsv } from '../core/csv';
import type { Dataset } from '../core/types';
import { readCsvSource, readReportConfigText } from '../workspace/reportFiles';
import { readWorkspaceText, WorkspaceFileError } from '../workspace/safeFiles';

const run = promisify(execFile);
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
/** Drill workspaces inside a workspace folder. */
export const DRILLS_DIR = '.calibrate/drills';
const LOGS_DIR = INVESTIGATIONS_DIR;
const DRILL_CSV = 'data/metrics.csv';
const DRILL_CONFIG = '.calibrate/report.yaml';
const EVENTS = '.calibrate/events.yaml';

/** A drill that cannot start or be revealed: the message says why, and nothing was changed. */
export class DrillRefusal extends Error {
  override readonly name = 'DrillRefusal';
}

/** What a drill is made from: the report config, its data, and its context files. */
export interface DrillSource {
  readonly kind: 'demo' | 'workspace';
  readonly configText: string;
  readonly config: ReportConfig;
  readonly dataset: Dataset;
  readonly eventsText?: string;
  /** .ics calendars, by path relative to the folder. */
  readonly calendars: readonly { readonly path: string; readonly text: string }[];
  /** Release tags that were already there (the demo's). */
  readonly deploys: readonly { readonly tag: string; readonly at: string; readonly message: string }[];
}

/**
 * The demo (src/core/demo), cut one week before its report clock: the demo's own story (the iOS
 * incident, the late newsletter) stays out of the drill's last 24 hours, and 6.3 weeks remain.
 */
export function demoSource(seed = 42): DrillSource {
  const demo = generateDemo({ seed });
  const full = parseLongCsv(demo.csv, DRILL_CSV);
  const end = full.end - WEEK;
  const dataset: Dataset = {
    ...full,
    end,
    series: full.series.map(s => ({ ...s, values: s.values.slice(0, Math.max(0, Math.round((end - s.start) / s.step))) })),
    gaps: full.gaps.filter(g => g.from < end),
  };
  const text = demo.files[DRILL_CONFIG]!;
  const config = parseReportConfig(text, DRILL_CONFIG);
  const configText = setConfig(text, { asOf: config.asOf! - WEEK, zone: config.timezone });
  return {
    kind: 'demo',
    configText,
    config: parseReportConfig(configText, DRILL_CONFIG),
    dataset,
    ...(demo.files[EVENTS] !== undefined ? { eventsText: demo.files[EVENTS] } : {}),
    calendars: [],
    deploys: demo.deploys.filter(d => Date.parse(d.at) < end),
  };
}

/** The workspace's own report inputs (a CSV source), read as the report reads them; refused with a reason a person can act on. */
export async function workspaceSource(root: string, configPath: string, maxCsvBytes: number): Promise<DrillSource> {
  let configText: string;
  try {
    configText = await readReportConfigText(root, configPath);
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal === 'missing')
      throw new DrillRefusal(`there is no data here: no report config at ${configPath}. Start the drill on the demo instead`);
    throw new DrillRefusal(`the report config cannot be read: ${(e as Error).message}`);
  }
  let config: ReportConfig;
  let dataset: Dataset;
  try {
    config = parseReportConfig(configText, configPath);
  } catch (e) {
    throw new DrillRefusal(`the report config cannot be used for a drill (drills copy a CSV source): ${(e as Error).message}`);
  }
  try {
    dataset = await readCsvSource(root, config.source.path, maxCsvBytes);
  } catch (e) {
    if (e instanceof WorkspaceFileError && e.refusal === 'missing') throw new DrillRefusal(`there is no data here: ${config.source.path} does not exist`);
    throw new DrillRefusal(`the data cannot be read: ${(e as Error).message}`);
  }
  const read = (rel: string) => readWorkspaceText(root, rel, { what: rel, maxBytes: 2 * 1024 * 1024 }).catch(() => undefined);
  const eventsText = await read(EVENTS);
  const calendars: { path: string; text: string }[] = [];
  for (const dir of ['.calibrate', '.calibrate/calendars']) {
    const names = await fs.readdir(path.join(root, dir)).catch(() => [] as string[]);
    for (const n of names.filter(n => n.toLowerCase().endsWith('.ics')).sort()) {
      const text = await read(`${dir}/${n}`);
      if (text !== undefined) calendars.push({ path: `${dir}/${n}`, text });
    }
  }
  return { kind: 'workspace', configText, config, dataset, ...(eventsText !== undefined ? { eventsText } : {}), calendars, deploys: [] };
}

export interface DrillOptions {
  readonly drillId: string;
  readonly seed: number;
  readonly difficulty: DrillDifficulty;
  readonly kind?: DrillKind;
  /** The real clock (a workspace config without asOf freezes the drill at its data's last settled hour, or now). */
  readonly now: number;
}

/** A drill ready to write: its workspace's files, its deploys, and its truth (text and SHA-256). */
export interface PreparedDrill {
  readonly truth: DrillTruth;
  readonly truthText: string;
  readonly digest: string;
  /** Path relative to the drill workspace -> text. */
  readonly files: Readonly<Record<string, string>>;
  readonly deploys: readonly { readonly tag: string; readonly at: string; readonly message: string }[];
  readonly zone: string;
}

export function prepareDrill(source: DrillSource, opts: DrillOptions): PreparedDrill {
  const problem = drillProblem(source.dataset);
  if (problem) throw new DrillRefusal(problem);
  const { config, dataset } = source;
  const clock = drillClock(config, dataset, opts.now);
  const zones = new Map(config.dimensions.flatMap(d => Object.entries(d.values).map(([v, m]) => [`${d.id}\0${v}`, m.timezone])));
  const drilled = injectDrill({
    dataset,
    drillId: opts.drillId,
    seed: opts.seed,
    difficulty: opts.difficulty,
    source: source.kind,
    window: { from: clock.from, to: clock.to },
    zone: config.timezone,
    zoneOf: (d, v) => zones.get(`${d}\0${v}`),
    ...(opts.kind ? { kind: opts.kind } : {}),
  });
  const text = truthText(drilled.truth);
  const files: Record<string, string> = {
    [DRILL_CONFIG]: setConfig(source.configText, { asOf: clock.asOf, zone: config.timezone, title: `Drill: ${config.title}`, csv: DRILL_CSV }),
    [DRILL_CSV]: datasetCsv(drilled.dataset),
    [EVENTS]: withEvents(source.eventsText, drilled.truth),
    'README.md': readme(drilled.truth.difficulty),
    '.gitignore': '.calibrate/presence/\n',
  };
  for (const c of source.calendars) files[c.path] = c.text;
  const deploys = [...source.deploys, ...drilled.deploys.map(({ tag, at, message }) => ({ tag, at, message }))].sort((a, b) => (a.at < b.at ? -1 : 1));
  return { truth: drilled.truth, truthText: text, digest: sha256(text), files, deploys, zone: config.timezone };
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A drill id: the day and 6 random hex digits (a folder name, and an event id). */
export function newDrillId(now: number): string {
  return `${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
}

/** A random seed, when none is asked for. */
export const randomSeed = (): number => randomBytes(4).readUInt32LE(0);

/** The config with asOf frozen (and the title, the CSV path), comments kept. */
function setConfig(text: string, set: { asOf: number; zone: string; title?: string; csv?: string }): string {
  const doc = parseDocument(text);
  if (set.title) doc.set('title', set.title);
  doc.set('asOf', DateTime.fromMillis(set.asOf, { zone: set.zone }).toISO({ suppressMilliseconds: true }));
  if (set.csv) doc.setIn(['source', 'path'], set.csv);
  return doc.toString();
}

/** The team's events file with the drill's events added (decoys too: they are meant to be seen). */
function withEvents(text: string | undefined, truth: DrillTruth): string {
  const doc = parseDocument(text ?? 'version: 1\nevents: []\n');
  if (!isMap(doc.contents)) return text ?? '';
  if (!isSeq(doc.get('events'))) doc.set('events', doc.createNode([]));
  for (const e of truth.events) {
    doc.addIn(['events'], {
      name: e.name,
      kind: e.kind,
      start: e.start,
      end: e.end,
      zone: e.zone,
      ...(e.countries.length ? { countries: [...e.countries] } : {}),
      ...(e.expectedImpact ? { expectedImpact: e.expectedImpact } : {}),
    });
  }
  return doc.toString();
}

function readme(difficulty: DrillDifficulty): string {
  return `# Calibrate drill (${difficulty})

This folder is a drill: a copy of the report's data with one synthetic anomaly hidden in it. Nothing
here is the team's real data, and nothing here changes it.

1. Open the drill's report (Calibrate: Start Drill opens it), triage, and find what does not belong
   in the last 24 hours. The report may show real anomalies too: the drill scores the one that was
   hidden.
2. Investigate it the normal way: pin the slice you find, write hypotheses, support the one the
   evidence backs, and give your verdict.
3. Run **Calibrate: Reveal Drill** (or \`calibrate drill reveal\`). It scores whether you found it,
   the cause kind, the slice, the window, and how long the first correct hypothesis took.

Say the cause in your supported hypothesis or your verdict's reason. To be explicit, tag it:
${Object.keys(KIND_LABELS)
  .map(k => `\`#cause:${k}\``)
  .join(', ')}, and the slice: \`#slice:country=US&platform=ios\`.
`;
}

/** Refuses a folder that exists with something in it: a drill never writes over anything. */
export async function ensureEmpty(dir: string): Promise<void> {
  const existing = await fs.readdir(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? [] : Promise.reject(e)));
  if (existing.length) throw new DrillRefusal(`${dir} is not empty: a drill is written into a new folder, never over anything`);
}

/** Write the drill workspace into `dir` (new or empty), its git history, and the drill's record. Returns the record's log name. */
export async function writeDrillWorkspace(
  dir: string,
  drill: PreparedDrill,
  record: { readonly author: string; readonly now: number },
): Promise<{ readonly log: string; readonly gitProblem?: string }> {
  await ensureEmpty(dir);
  for (const [rel, text] of Object.entries(drill.files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text, { flag: 'wx' });
  }
  const gitProblem = await deployHistory(dir, drill);
  const log = await writeRecord(dir, drill, record);
  return { log, ...(gitProblem ? { gitProblem } : {}) };
}

/** The drill's record: an investigation in the drill workspace whose `drill started` event carries the truth's digest. */
async function writeRecord(dir: string, drill: PreparedDrill, by: { author: string; now: number }): Promise<string> {
  const logs = path.join(dir, LOGS_DIR);
  await fs.mkdir(logs, { recursive: true });
  const taken = new Set((await fs.readdir(logs)).map(f => f.replace(/\.jsonl$/, '')));
  const title = `Drill ${drill.truth.drillId} (${drill.truth.difficulty}): find what changed in the last 24 hours`;
  const name = logName(title, DateTime.fromMillis(by.now, { zone: drill.zone }).toISODate()!, n => taken.has(n));
  let n = 0;
  const src: EventSource = { author: by.author, now: () => by.now, newId: () => `${drill.truth.drillId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 50)}-e${++n}` };
  const opened = newEvent(src, 0, 'opened', { title, origin: 'blank' });
  const lead = newEvent(src, opened.clock, 'role', { person: by.author, role: 'lead' });
  const started = newEvent(src, lead.clock, 'drill', {
    drillId: drill.truth.drillId,
    phase: 'started',
    difficulty: drill.truth.difficulty,
    truthDigest: drill.digest,
  });
  await fs.writeFile(path.join(logs, `${name}.jsonl`), [opened, lead, started].map(eventLine).join(''), { flag: 'wx' });
  return name;
}

/** A git history whose release tags are the deploys (how the report reads deploys). Missing git: the reason, not a failure. */
async function deployHistory(dir: string, drill: PreparedDrill): Promise<string | undefined> {
  const flags = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false'];
  const git = async (args: string[], date?: number) => {
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
    if (date !== undefined) env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = `${Math.floor(date / 1000)} +0000`;
    await run('git', [...flags, ...args], { cwd: dir, env, timeout: 20_000, windowsHide: true });
  };
  try {
    await git(['init', '-q', '-b', 'main']);
    await git(['config', 'user.name', 'Calibrate Drill']);
    await git(['config', 'user.email', 'drill@calibrate.invalid']);
    await git(['add', '--', ...Object.keys(drill.files)]);
    await git(['commit', '-q', '-m', `Drill ${drill.truth.drillId}`], Date.parse(drill.deploys[0]?.at ?? drill.truth.start) - HOUR);
    for (const d of drill.deploys) {
      await git(['commit', '-q', '--allow-empty', '-m', d.message], Date.parse(d.at));
      await git(['tag', '-a', d.tag, '-m', d.message], Date.parse(d.at));
    }
    return undefined;
  } catch (e) {
    return `no git history, so the report lists no deploys: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

/** Write the truth where the learner's workspace cannot show it; never over another. */
export async function writeTruth(file: string, drill: PreparedDrill): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, drill.truthText, { flag: 'wx', mode: 0o600 });
}

/** The investigations of a drill workspace, folded; and its record (the one with the drill started). */
export async function drillWork(
  dir: string,
): Promise<{ readonly work: DrillWork[]; readonly record?: DrillWork & { readonly state: Required<Pick<InvestigationState, 'drill'>> & InvestigationState } }> {
  const logs = path.join(dir, LOGS_DIR);
  const names = (await fs.readdir(logs).catch(() => [] as string[])).filter(f => f.endsWith('.jsonl')).sort();
  const work: DrillWork[] = [];
  for (const f of names) work.push({ name: f.replace(/\.jsonl$/, ''), state: foldLog(await fs.readFile(path.join(logs, f), 'utf8')) });
  const record = work.find(w => w.state.drill);
  return { work, ...(record ? { record: record as DrillWork & { state: Required<Pick<InvestigationState, 'drill'>> & InvestigationState } } : {}) };
}

export interface RunningDrill {
  readonly drillId: string;
  readonly dir: string;
  readonly startedAt: string;
  readonly difficulty: DrillDifficulty;
}

/** The drill folder `dir` as a running drill, from its record's folded drill; undefined once revealed. */
export function runningDrill(dir: string, drill: NonNullable<InvestigationState['drill']>): RunningDrill | undefined {
  return drill.revealed ? undefined : { drillId: drill.drillId, dir, startedAt: drill.at, difficulty: drill.difficulty };
}

/** The drills under a workspace folder's .calibrate/drills/ that were started and not revealed. */
export async function runningDrills(root: string): Promise<RunningDrill[]> {
  const base = path.join(root, DRILLS_DIR);
  const out: RunningDrill[] = [];
  for (const id of (await fs.readdir(base).catch(() => [] as string[])).sort()) {
    const dir = path.join(base, id);
    const d = (await drillWork(dir)).record?.state.drill;
    const running = d && runningDrill(dir, d);
    if (running) out.push(running);
  }
  return out;
}

/**
 * The drill id when `uri` is a folder directly under `drillsDir` (both URI strings), else undefined:
 * one path segment of a drill id's characters, never `.` or `..`.
 */
export function drillIdIn(drillsDir: string, uri: string): string | undefined {
  if (!uri.startsWith(`${drillsDir}/`)) return undefined;
  const id = uri.slice(drillsDir.length + 1);
  return /^[\w.-]{1,100}$/.test(id) && id !== '.' && id !== '..' ? id : undefined;
}

/** Keep the drills out of the team's git: they are copies of its data, and carry their own git history. */
export async function ignoreDrills(root: string): Promise<void> {
  await fs.mkdir(path.join(root, DRILLS_DIR), { recursive: true });
  await ensureSelfIgnored(path.join(root, DRILLS_DIR), '*\n');
}

export interface Revealed {
  readonly truth: DrillTruth;
  readonly result: DrillResult;
  /** The record's log name (the revealed event was appended to it). */
  readonly record: string;
  readonly markdown: string;
}

/**
 * Score the drill in `dir` against the truth in `truthFile` and append the `drill revealed` event to
 * its record. Refused, with nothing written, when there is no drill, it was revealed already, the
 * truth is missing or was edited, or nobody has given a verdict yet.
 */
export async function revealDrill(dir: string, truthFile: string, by: { readonly author: string; readonly now: number }): Promise<Revealed> {
  const { work, record } = await drillWork(dir);
  if (!record) throw new DrillRefusal(`${dir} holds no drill: no investigation in ${LOGS_DIR} has a drill started`);
  const drill = record.state.drill;
  if (drill.revealed)
    throw new DrillRefusal(
      `drill ${drill.drillId} was revealed already, on ${drill.revealed.at} by ${drill.revealed.by} (${drill.revealed.score.passed ? 'passed' : 'not passed'})`,
    );
  let text: string;
  try {
    text = await fs.readFile(truthFile, 'utf8');
  } catch {
    throw new DrillRefusal(`the drill's hidden truth is missing (${truthFile}): it cannot be scored`);
  }
  if (sha256(text) !== drill.truthDigest)
    throw new DrillRefusal(`the drill's hidden truth was edited (${truthFile} no longer has the SHA-256 the drill started with): it cannot be scored`);
  const truth = parseTruth(text);
  if ('problem' in truth) throw new DrillRefusal(`the drill's hidden truth cannot be read: ${truth.problem}`);
  if (truth.drillId !== drill.drillId) throw new DrillRefusal(`${truthFile} is the truth of drill ${truth.drillId}, not ${drill.drillId}`);
  const why = revealProblem(work);
  if (why) throw new DrillRefusal(why);
  const result = scoreDrill(truth, drill.at, work);
  const src: EventSource = { author: by.author, now: () => by.now, newId: () => `${drill.drillId.slice(0, 50)}-reveal` };
  const event = newEvent(src, record.state.maxClock, 'drill', {
    drillId: drill.drillId,
    phase: 'revealed',
    difficulty: drill.difficulty,
    truthDigest: drill.truthDigest,
    score: result.score,
  });
  // One write with O_APPEND, as every writer of a log does (ADR 0015).
  await fs.appendFile(path.join(dir, LOGS_DIR, `${record.name}.jsonl`), eventLine(event));
  return { truth, result, record: record.name, markdown: revealMarkdown(truth, result, drill.at) };
}

/**
 * The revealed drill's record, copied into the team's own investigations (`<root>/.calibrate/investigations/`),
 * so it is committed with the rest and the ladder and the weekly review count it for everyone. Only
 * the record (its drill events and lead), never the learner's investigation of the synthetic
 * anomaly, which would read as a real one. Written with 'wx': an existing file is never overwritten
 * (undefined then).
 */
export async function publishDrillRecord(dir: string, record: string, root: string): Promise<string | undefined> {
  const to = path.join(root, LOGS_DIR, `${record}.jsonl`);
  const text = await fs.readFile(path.join(dir, LOGS_DIR, `${record}.jsonl`), 'utf8');
  await fs.mkdir(path.dirname(to), { recursive: true });
  try {
    await fs.writeFile(to, text, { flag: 'wx' });
    return to;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw e;
  }
}

const yes = (b: boolean) => (b ? 'yes' : 'no');

/** The reveal, for people: the score, then what was hidden. */
export function revealMarkdown(truth: DrillTruth, r: DrillResult, startedAt: string): string {
  const s = r.score;
  // To the minute, in UTC and saying so: the drill's truth has no zone of its own.
  const local = (t: number | string) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const rows = [
    [
      'Found',
      yes(s.found),
      r.investigation ? `in ${r.investigation}${r.verdict ? `, verdict ${r.verdict}` : ''}` : 'no investigation overlapped the hidden window',
    ],
    ['Cause kind', yes(s.causeKindRight), `named: ${r.namedKind ?? 'none'}; hidden: ${truth.kind} (${KIND_LABELS[truth.kind]})`],
    ['Slice F1', s.sliceF1.toFixed(2), `named: ${r.namedSlices.join('; ') || 'none'}; hidden: ${r.truthSlice}`],
    ['Window overlap', s.windowOverlap.toFixed(2), r.window ? `investigated ${local(r.window.start)} to ${local(r.window.end)}` : ''],
    [
      'First correct hypothesis',
      s.minutesToFirstCorrectHypothesis !== undefined ? `${s.minutesToFirstCorrectHypothesis} min` : 'none',
      `from the drill's start, ${local(startedAt)}`,
    ],
  ];
  return [
    `# Drill ${truth.drillId}: ${s.passed ? 'passed' : 'not passed'}`,
    '',
    `Difficulty ${truth.difficulty}, on ${truth.source === 'demo' ? 'the demo data' : "a copy of the workspace's data"}.`,
    '',
    '| Measure | Score | Detail |',
    '| --- | --- | --- |',
    ...rows.map(r => `| ${r.join(' | ')} |`),
    '',
    '## What was hidden',
    '',
    `${truth.name}: ${KIND_LABELS[truth.kind]}, from ${local(truth.start)} to ${local(truth.end)}, multiplier ${truth.multiplier}.`,
    ...(truth.deploys.length ? ['', ...truth.deploys.map(d => `- Deploy ${d.tag} at ${local(d.at)}${d.decoy ? ' (a decoy: it changed nothing)' : ''}`)] : []),
    ...(truth.events.length ? ['', ...truth.events.map(e => `- Event "${e.name}", ${e.start} to ${e.end} ${e.zone}`)] : []),
    '',
    `A drill passes when it is found, its cause kind is right, the slice F1 is at least 0.5 and at least half of the investigated window lies inside the hidden one (ADR 0021).`,
    '',
  ].join('\n');
}
