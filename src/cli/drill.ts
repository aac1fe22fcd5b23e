// `calibrate drill new|reveal` (issue 16, ADR 0021): a team lead prepares a drill from the terminal
// and scores it after. `new` writes a drill workspace (the workspace's data, or the demo's, with one
// anomaly hidden) into --out, and its hidden truth into --truth-dir, outside it; the learner opens
// --out in VS Code and works the normal way. `reveal` scores the learner's investigations there
// against the truth and appends the `drill revealed` event to the drill's record.
import { execFile } from 'node:child_process';
import { homedir, userInfo } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DRILL_DIFFICULTIES, type DrillDifficulty } from '../core/investigation';
import { DRILL_KINDS, type DrillKind } from '../core/learning/drill';
import {
  demoSource,
  DrillRefusal,
  ensureEmpty,
  newDrillId,
  prepareDrill,
  randomSeed,
  revealDrill,
  workspaceSource,
  writeDrillWorkspace,
  writeTruth,
} from '../learning/drills';

export const DRILL_USAGE = `Usage: calibrate drill new --out DIR [--difficulty easy|medium|hard] [--seed N] [--from-demo]
                          [--kind KIND] [--folder DIR] [--config PATH] [--truth-dir DIR] [--author NAME]
       calibrate drill reveal DIR|INVESTIGATION --truth FILE [--author NAME] [--json]

new     Write a drill workspace into DIR (new or empty): a copy of the folder's report
        data (or, with --from-demo, the demo's) with one synthetic anomaly hidden in
        the report's last 24 hours, its config, events and a git history of its
        deploys. The hidden truth goes to --truth-dir (default ~/.calibrate/drills),
        never into DIR. Give DIR to the learner: they open it in VS Code, triage,
        investigate and give a verdict.
reveal  Score the drill in DIR (or the drill of the investigation log
        INVESTIGATION) against its truth: found, cause kind, slice F1, window
        overlap, minutes to the first correct hypothesis, passed. Appends the
        score to the drill's record in DIR and prints it (markdown, or --json).

Options:
  --out DIR          Where to write the drill workspace
  --difficulty D     easy (default), medium or hard
  --seed N           The injection's seed (default: random); same seed, same drill
  --from-demo        Drill on the demo's data instead of the folder's
  --kind KIND        One of ${DRILL_KINDS.join(', ')} (default: by the seed)
  --folder DIR       The workspace folder whose data is copied (default: the current directory)
  --config PATH      Its report config, relative to the folder (default: .calibrate/report.yaml)
  --truth-dir DIR    Where the hidden truth is written (default: ~/.calibrate/drills)
  --truth FILE       The hidden truth to score against (reveal)
  --author NAME      Who writes the drill's events (default: git's user.name, else the OS user)
  --json             Print the score as JSON (reveal)
  -h, --help         Show this help

Exit codes: 0 written or scored, 1 refused (no data, too little history, a truth
missing or edited, no verdict yet; nothing is changed), 2 usage error.
`;

export type DrillCommand =
  | {
      readonly kind: 'drillNew';
      readonly out: string;
      readonly difficulty: DrillDifficulty;
      readonly seed?: number;
      readonly fromDemo: boolean;
      readonly drillKind?: DrillKind;
      readonly folder: string;
      readonly config: string;
      readonly truthDir?: string;
      readonly author?: string;
    }
  | { readonly kind: 'drillReveal'; readonly target: string; readonly truth: string; readonly author?: string; readonly json: boolean };

type Parsed = DrillCommand | { readonly kind: 'help'; readonly text: string } | { readonly kind: 'usage'; readonly problem: string; readonly text: string };

/** `calibrate drill …` after the word `drill`. */
export function parseDrill(argv: readonly string[]): Parsed {
  const bad = (problem: string): Parsed => ({ kind: 'usage', problem, text: DRILL_USAGE });
  const [sub, ...rest] = argv;
  if (sub === '-h' || sub === '--help' || sub === 'help') return { kind: 'help', text: DRILL_USAGE };
  if (sub !== 'new' && sub !== 'reveal') return bad(sub === undefined ? 'drill needs new or reveal' : `unknown drill command ${JSON.stringify(sub)}`);
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        difficulty: { type: 'string' },
        seed: { type: 'string' },
        'from-demo': { type: 'boolean' },
        kind: { type: 'string' },
        folder: { type: 'string' },
        config: { type: 'string' },
        'truth-dir': { type: 'string' },
        truth: { type: 'string' },
        author: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return bad((e as Error).message);
  }
  if (values.help) return { kind: 'help', text: DRILL_USAGE };
  const author = typeof values.author === 'string' && values.author.trim() ? { author: values.author.trim().slice(0, 100) } : {};
  if (sub === 'reveal') {
    if (positionals.length !== 1) return bad('drill reveal needs one drill folder or investigation log');
    if (typeof values.truth !== 'string' || !values.truth) return bad('drill reveal needs --truth FILE, the hidden truth the drill was started with');
    return { kind: 'drillReveal', target: positionals[0]!, truth: values.truth, json: values.json === true, ...author };
  }
  if (positionals.length) return bad(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (typeof values.out !== 'string' || !values.out) return bad('drill new needs --out DIR, the folder to write the drill into');
  const difficulty = (values.difficulty ?? 'easy') as DrillDifficulty;
  if (!DRILL_DIFFICULTIES.includes(difficulty)) return bad(`--difficulty must be ${DRILL_DIFFICULTIES.join(', ')}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0 && seed < 2 ** 32)) return bad('--seed must be a whole number from 0 to 4294967295');
  const drillKind = values.kind as DrillKind | undefined;
  if (drillKind !== undefined && !DRILL_KINDS.includes(drillKind)) return bad(`--kind must be one of ${DRILL_KINDS.join(', ')}`);
  return {
    kind: 'drillNew',
    out: values.out,
    difficulty,
    ...(seed !== undefined ? { seed } : {}),
    fromDemo: values['from-demo'] === true,
    ...(drillKind ? { drillKind } : {}),
    folder: typeof values.folder === 'string' ? values.folder : '.',
    config: typeof values.config === 'string' ? values.config : '.calibrate/report.yaml',
    ...(typeof values['truth-dir'] === 'string' ? { truthDir: values['truth-dir'] } : {}),
    ...author,
  };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** git's user.name in `cwd`, else the OS user: who writes the drill's events. */
function defaultAuthor(cwd: string): Promise<string> {
  return new Promise(resolve =>
    execFile('git', ['config', 'user.name'], { cwd, timeout: 2000 }, (err, out) =>
      resolve((!err && out.trim().slice(0, 100)) || userInfo().username || 'someone'),
    ),
  );
}

export async function drillCommand(cmd: DrillCommand, cwd: string, now: number): Promise<CliResult> {
  const fail = (e: unknown): CliResult => {
    if (e instanceof DrillRefusal) return { code: 1, stdout: '', stderr: `calibrate: ${e.message}\n` };
    return { code: 1, stdout: '', stderr: `calibrate: ${e instanceof Error ? e.message : String(e)}\n` };
  };
  const author = cmd.author ?? (await defaultAuthor(cwd));
  if (cmd.kind === 'drillReveal') {
    const target = path.resolve(cwd, cmd.target);
    // A log path: its drill workspace is the folder that holds .calibrate/investigations/.
    const dir = target.endsWith('.jsonl') ? path.resolve(path.dirname(target), '..', '..') : target;
    try {
      const r = await revealDrill(dir, path.resolve(cwd, cmd.truth), { author, now });
      const json = { version: 1, drillId: r.truth.drillId, record: r.record, score: r.result.score, truth: r.truth };
      return { code: 0, stdout: cmd.json ? `${JSON.stringify(json, null, 2)}\n` : r.markdown, stderr: '' };
    } catch (e) {
      return fail(e);
    }
  }
  const drillId = newDrillId(now);
  const seed = cmd.seed ?? randomSeed();
  const out = path.resolve(cwd, cmd.out);
  const truthFile = path.join(path.resolve(cwd, cmd.truthDir ?? path.join(homedir(), '.calibrate', 'drills')), `${drillId}.json`);
  // The truth's folder must not be inside the drill: the learner would see it.
  if (!path.relative(out, truthFile).startsWith('..'))
    return fail(new DrillRefusal(`--truth-dir must be outside --out: the learner would find the truth in ${out}`));
  try {
    const source = cmd.fromDemo ? demoSource() : await workspaceSource(path.resolve(cwd, cmd.folder), cmd.config, 200 * 1024 * 1024);
    const drill = prepareDrill(source, { drillId, seed, difficulty: cmd.difficulty, now, ...(cmd.drillKind ? { kind: cmd.drillKind } : {}) });
    await ensureEmpty(out);
    await writeTruth(truthFile, drill);
    const written = await writeDrillWorkspace(out, drill, { author, now });
    return {
      code: 0,
      stdout: [
        `Drill ${drillId} (${cmd.difficulty}, seed ${seed}) written to ${out}`,
        `Its hidden truth: ${truthFile} (keep it from the learner)`,
        `The drill's record: ${path.join(out, '.calibrate', 'investigations', `${written.log}.jsonl`)}`,
        `Reveal it after the learner's verdict: calibrate drill reveal ${JSON.stringify(out)} --truth ${JSON.stringify(truthFile)}`,
        '',
      ].join('\n'),
      stderr: written.gitProblem ? `calibrate: warning: ${written.gitProblem}\n` : '',
    };
  } catch (e) {
    return fail(e);
  }
}
