// `calibrate`: the command line over the extension's core, for CI jobs and pre-commit checks.
// Bundled by scripts/build.mjs to dist/cli.js (Node, with a shebang); see docs/cli.md.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseCommand } from './args';
import { check } from './check';
import { drillCommand } from './drill';
import { findingCommand } from './finding';
import { investigationCommand } from './investigation';
import { formatProblem, printable, rowProblemsNote, sortProblems, summary } from './problems';
import { place, splitPlace } from '../core/types';
import { buildReport, envCredentials } from './report';
import type { PrometheusAuth } from '../sources/prometheus';
import { reportJson, reportText } from './reportFormat';
import { ReportLoadError } from '../report/reportContext';

/** https://no-color.org: any non-empty NO_COLOR turns colour off; colour only goes to a terminal. */
function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR;
}

async function main(argv: readonly string[]): Promise<number> {
  const cmd = parseCommand(argv);
  if (cmd.kind === 'help') {
    process.stdout.write(cmd.text);
    return 0;
  }
  if (cmd.kind === 'usage') {
    process.stderr.write(`calibrate: ${cmd.problem}\n\n${cmd.text}`);
    return 2;
  }
  if (cmd.kind === 'drillNew' || cmd.kind === 'drillReveal') {
    const r = await drillCommand(cmd, process.cwd(), Date.now());
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  }
  const root = resolve(cmd.folder);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) {
    process.stderr.write(`calibrate: --folder ${JSON.stringify(cmd.folder)} is not a directory\n`);
    return 2;
  }
  if (cmd.kind === 'investigationList' || cmd.kind === 'investigationShow' || cmd.kind === 'investigationPeople') {
    const r = await investigationCommand(cmd, root, process.cwd(), Date.now());
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  }
  if (cmd.kind === 'finding') {
    const r = await findingCommand(cmd, root, process.cwd(), Date.now());
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  }
  if (cmd.kind === 'report') {
    let built;
    try {
      built = await buildReport({
        root,
        folderName: cmd.folder,
        configPath: cmd.config,
        maxCsvBytes: cmd.maxCsvMB * 1024 * 1024,
        now: Date.now(),
        git: cmd.git,
        ...withAuth(),
      });
    } catch (e) {
      if (!(e instanceof ReportLoadError)) {
        process.stderr.write(`calibrate: the report could not be built: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        return 1;
      }
      // As `calibrate check` prints a problem: file:line:column: error: message (the message names the place too).
      const { file, line, message } = e.problem;
      const split = splitPlace(message, file);
      const at = split.place ?? (file !== undefined ? place(file, line, e.problem.column) : undefined);
      process.stderr.write(`${at !== undefined ? `${printable(at)}: ` : ''}error: ${printable(split.text)}\n`);
      return 1;
    }
    // Rows left as gaps: the report is built, but its reader should know some of its cells are not data.
    const rows = built.table.dataset.rowProblems;
    if (rows) process.stderr.write(rowProblemsNote(rows, built.table.dataset.source, useColour(process.stderr)));
    process.stdout.write(
      cmd.json ? `${JSON.stringify(reportJson(built.table, built.analysis), null, 2)}\n` : reportText(built.table, built.analysis, useColour()),
    );
    return 0;
  }
  const { problems, files } = await check({
    root,
    configPath: cmd.config,
    maxCsvBytes: cmd.maxCsvMB * 1024 * 1024,
    now: Date.now(),
    probe: cmd.probe,
    ...withAuth(),
  });
  const colour = useColour();
  const lines = sortProblems(problems, files).map(p => formatProblem(p, colour));
  process.stdout.write([...lines, summary(problems, files.length)].join('\n') + '\n');
  return problems.some(p => p.severity === 'error') ? 1 : 0;
}

/** The environment's credentials for a Prometheus source (never printed). */
function withAuth(): { auth?: PrometheusAuth } {
  const auth = envCredentials();
  return auth ? { auth } : {};
}

main(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not a problem in the workspace: exit 2 so CI does not read it as "inputs are wrong".
    process.stderr.write(`calibrate: the command could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
