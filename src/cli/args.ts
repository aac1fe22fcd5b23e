// The command line: `calibrate check [--folder DIR] [--config PATH] [--max-csv-mb N]`,
// `calibrate report [--folder DIR] [--json] [--config PATH] [--max-csv-mb N] [--no-git]`,
// `calibrate investigation list|show`, `calibrate finding adr|postmortem`, and help.
import { parseArgs } from 'node:util';
import { posix } from 'node:path';
import { parseDrill, type DrillCommand } from './drill';

export const USAGE = `Usage: calibrate <command> [options]

Commands:
  check    Validate a workspace's report config, CSV data, events and calendars
  report   Print the metrics report: the last 24 hours, anomalies and their likely causes
  investigation list|show|people
           List the folder's investigations, show one's folded state, or each
           person's history (shadowed, drafted, led, led solo)
  finding adr|postmortem INVESTIGATION
           Write an ADR or a post-mortem from an investigation, never
           overwriting a file
  drill new|reveal
           Prepare a drill (one anomaly hidden in a copy of the data, its
           truth kept apart), or score one after the learner's verdict

Options:
  -h, --help   Show help (also: calibrate check --help, calibrate report --help,
               calibrate investigation --help, calibrate finding --help)
`;

export const CHECK_USAGE = `Usage: calibrate check [--folder DIR] [--config PATH] [--max-csv-mb N] [--probe]

Validate the Calibrate inputs of a workspace folder: the report config, the CSV
source it names, .calibrate/events.yaml, every .ics in .calibrate/ and
.calibrate/calendars/, and every investigation log in .calibrate/investigations/. Prints each problem as "file:line: error|warning: message",
then a summary.

Options:
  --folder DIR      The workspace folder (default: the current directory)
  --config PATH     The report config, relative to the folder (default: .calibrate/report.yaml)
  --max-csv-mb N    Refuse a CSV larger than N MB (default: 200, as calibrate.maxCsvSizeMB)
  --probe           With a Prometheus source, also fetch its data and check it (by
                    default its server is not contacted). Credentials come from
                    CALIBRATE_PROMETHEUS_TOKEN, or CALIBRATE_PROMETHEUS_USER and
                    CALIBRATE_PROMETHEUS_PASSWORD
  -h, --help        Show this help

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or the check could not run.
`;

export const REPORT_USAGE = `Usage: calibrate report [--folder DIR] [--json] [--config PATH] [--max-csv-mb N] [--no-git]

Build the metrics report of a workspace folder as the extension does: the last 24
complete hours of each metric against the same hours a week earlier, then the
anomalies (hours outside the forecast band) with their likely explanations and
the slices that explain them.

Options:
  --folder DIR      The workspace folder (default: the current directory)
  --json            Print the report as JSON (format version 1, see docs/cli.md)
  --config PATH     The report config, relative to the folder (default: .calibrate/report.yaml)
  --max-csv-mb N    Refuse a CSV larger than N MB (default: 200, as calibrate.maxCsvSizeMB)
  --no-git          Do not read deploys from git (by default tags and merges of the
                    folder's repository are read, as in a trusted workspace)
  -h, --help        Show this help

A Prometheus source is fetched with the credentials of CALIBRATE_PROMETHEUS_TOKEN
(a bearer token), or CALIBRATE_PROMETHEUS_USER and CALIBRATE_PROMETHEUS_PASSWORD.

Exit codes: 0 the report was built, 1 it could not be built (the message names the
file to fix), 2 usage error.
`;

export const INVESTIGATION_USAGE = `Usage: calibrate investigation list [--folder DIR] [--json]
       calibrate investigation show FILE [--folder DIR] [--json]
       calibrate investigation people [--folder DIR] [--json]

list   The investigations of the folder (.calibrate/investigations/*.jsonl), newest
       first: name, title, status, verdict, the anomaly's metric and window,
       participants, age and the number of problems in the log.
show   One investigation's folded state: status, verdict, hypotheses with their
       evidence, evidence, notes, questions, action items, the close, then the
       log's problems as FILE:LINE: message. FILE is a path, or a name as list prints it.
people Each person's history, derived from the logs: the investigations they
       shadowed (learner or observer while someone else led), drafted a hypothesis
       in for review, led, and led solo (to the close, every decision their own).

Options:
  --folder DIR      The workspace folder (default: the current directory)
  --json            Print JSON (format version 1, see docs/cli.md)
  -h, --help        Show this help

Exit codes: 0 listed or shown (problems in a log do not change it: calibrate check
fails on them), 1 a log or the folder of logs cannot be read, 2 usage error.
`;

export const FINDING_USAGE = `Usage: calibrate finding adr INVESTIGATION [--out DIR] [--folder DIR] [--title TEXT] [--supersedes N]
       calibrate finding postmortem INVESTIGATION [--out DIR] [--folder DIR]

adr         An architecture decision record (MADR 4.0) from the investigation: in
            the team's ADR folder (.adr-dir, .log4brains.yml, an existing
            docs/adr, docs/decisions or doc/adr, else docs/adr), numbered after
            the highest there, in the folder's file-name style. With
            --supersedes N, it links to ADR N of that folder; ADR N is not
            changed: its path and the change that marks it superseded (a
            unified diff, for git apply) are printed after the new ADR's path.
postmortem  A blameless post-mortem, <name>.md with its charts in images/*.svg,
            in docs/postmortems/.

INVESTIGATION is a log path, or a name as \`calibrate investigation list\` prints it.
An existing file is never overwritten. Prints the path of each file written.

Options:
  --out DIR         Write there instead (from the current directory)
  --folder DIR      The workspace folder (default: the current directory)
  --title TEXT      The ADR's title (default: the close's decision, else the
                    investigation's title)
  --supersedes N    The number of the ADR this one replaces (any padding)
  -h, --help        Show this help

Exit codes: 0 written, 1 the log cannot be read or a file exists or cannot be
written (nothing is overwritten), 2 usage error.
`;

export type Command =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'usage'; readonly problem: string; readonly text: string }
  | { readonly kind: 'check'; readonly folder: string; readonly config: string; readonly maxCsvMB: number; readonly probe: boolean }
  | { readonly kind: 'report'; readonly folder: string; readonly config: string; readonly maxCsvMB: number; readonly json: boolean; readonly git: boolean }
  | { readonly kind: 'investigationList'; readonly folder: string; readonly json: boolean }
  | { readonly kind: 'investigationShow'; readonly folder: string; readonly file: string; readonly json: boolean }
  | { readonly kind: 'investigationPeople'; readonly folder: string; readonly json: boolean }
  | DrillCommand
  | {
      readonly kind: 'finding';
      readonly finding: 'adr' | 'postmortem';
      readonly folder: string;
      readonly investigation: string;
      readonly out?: string;
      readonly title?: string;
      readonly supersedes?: number;
    };

export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'usage', problem: 'no command given', text: USAGE };
  if (command === '-h' || command === '--help' || command === 'help') return { kind: 'help', text: USAGE };
  if (command === 'investigation') return parseInvestigation(rest);
  if (command === 'finding') return parseFinding(rest);
  if (command === 'drill') return parseDrill(rest);
  if (command !== 'check' && command !== 'report') return { kind: 'usage', problem: `unknown command ${JSON.stringify(command)}`, text: USAGE };
  const report = command === 'report';
  const usage = report ? REPORT_USAGE : CHECK_USAGE;
  let values;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        folder: { type: 'string' },
        config: { type: 'string' },
        'max-csv-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...(report ? ({ json: { type: 'boolean' }, 'no-git': { type: 'boolean' } } as const) : ({ probe: { type: 'boolean' } } as const)),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { kind: 'usage', problem: (e as Error).message, text: usage };
  }
  if (values.help) return { kind: 'help', text: usage };
  const bad = (problem: string): Command => ({ kind: 'usage', problem, text: usage });
  if (values.folder === '') return bad('--folder needs a directory');
  if (values.config === '') return bad('--config needs a path');
  // The config is read through safeFiles, which refuses these anyway: say so as a usage mistake.
  const config = posix.normalize((values.config ?? '.calibrate/report.yaml').replace(/\\/g, '/'));
  if (posix.isAbsolute(config) || /^[A-Za-z]:/.test(config) || config.split('/').includes('..')) {
    return bad(`--config must be a path relative to the folder, inside it (got ${JSON.stringify(values.config)})`);
  }
  const mb = values['max-csv-mb'] === undefined ? 200 : Number(values['max-csv-mb']);
  if (!(Number.isFinite(mb) && mb > 0)) return bad(`--max-csv-mb needs a positive number of megabytes (got ${JSON.stringify(values['max-csv-mb'])})`);
  const common = { folder: values.folder ?? '.', config, maxCsvMB: mb };
  if (!report) return { kind: 'check', ...common, probe: !!(values as { probe?: boolean }).probe };
  const flags = values as { json?: boolean; 'no-git'?: boolean };
  return { kind: 'report', ...common, json: !!flags.json, git: !flags['no-git'] };
}

function parseInvestigation(argv: readonly string[]): Command {
  const bad = (problem: string): Command => ({ kind: 'usage', problem, text: INVESTIGATION_USAGE });
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: { folder: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (e) {
    return bad((e as Error).message);
  }
  if (values.help) return { kind: 'help', text: INVESTIGATION_USAGE };
  if (values.folder === '') return bad('--folder needs a directory');
  const [sub, ...args] = positionals;
  const common = { folder: values.folder ?? '.', json: !!values.json };
  if (sub === 'list') return args.length ? bad(`list takes no file (got ${JSON.stringify(args[0])})`) : { kind: 'investigationList', ...common };
  if (sub === 'people') return args.length ? bad(`people takes no file (got ${JSON.stringify(args[0])})`) : { kind: 'investigationPeople', ...common };
  if (sub === 'show') {
    if (args.length !== 1 || args[0] === '') return bad('show needs one FILE: a log path, or a name as `calibrate investigation list` prints it');
    return { kind: 'investigationShow', ...common, file: args[0]! };
  }
  return bad(sub === undefined ? 'investigation needs list, show or people' : `unknown investigation command ${JSON.stringify(sub)}`);
}

function parseFinding(argv: readonly string[]): Command {
  const bad = (problem: string): Command => ({ kind: 'usage', problem, text: FINDING_USAGE });
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        folder: { type: 'string' },
        out: { type: 'string' },
        title: { type: 'string' },
        supersedes: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (e) {
    return bad((e as Error).message);
  }
  if (values.help) return { kind: 'help', text: FINDING_USAGE };
  const [sub, ...args] = positionals;
  if (sub !== 'adr' && sub !== 'postmortem') return bad(sub === undefined ? 'finding needs adr or postmortem' : `unknown finding ${JSON.stringify(sub)}`);
  if (args.length !== 1 || args[0] === '') return bad(`${sub} needs one INVESTIGATION: a log path, or a name as \`calibrate investigation list\` prints it`);
  if (values.folder === '') return bad('--folder needs a directory');
  if (values.out === '') return bad('--out needs a directory');
  if (values.title !== undefined && !values.title.trim()) return bad('--title needs text');
  if (sub === 'postmortem' && values.title !== undefined) return bad('--title is for adr only: a post-mortem is titled by its investigation');
  if (sub === 'postmortem' && values.supersedes !== undefined) return bad('--supersedes is for adr only: a post-mortem replaces no other');
  const supersedes = values.supersedes !== undefined && /^\d{1,9}$/.test(values.supersedes.trim()) ? Number(values.supersedes.trim()) : undefined;
  if (values.supersedes !== undefined && supersedes === undefined)
    return bad(`--supersedes needs an ADR number, as in 3 or 0003 (got ${JSON.stringify(values.supersedes)})`);
  return {
    kind: 'finding',
    finding: sub,
    folder: values.folder ?? '.',
    investigation: args[0]!,
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(supersedes !== undefined ? { supersedes } : {}),
  };
}
