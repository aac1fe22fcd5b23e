// The command line: `calibrate check [--folder DIR] [--config PATH] [--max-csv-mb N]`, and help.
import { parseArgs } from 'node:util';
import { posix } from 'node:path';

export const USAGE = `Usage: calibrate <command> [options]

Commands:
  check    Validate a workspace's report config, CSV data, events and calendars

Options:
  -h, --help   Show help (also: calibrate check --help)
`;

export const CHECK_USAGE = `Usage: calibrate check [--folder DIR] [--config PATH] [--max-csv-mb N]

Validate the Calibrate inputs of a workspace folder: the report config, the CSV
source it names, .calibrate/events.yaml and every .ics in .calibrate/ and
.calibrate/calendars/. Prints each problem as "file:line: error|warning: message",
then a summary.

Options:
  --folder DIR      The workspace folder (default: the current directory)
  --config PATH     The report config, relative to the folder (default: .calibrate/report.yaml)
  --max-csv-mb N    Refuse a CSV larger than N MB (default: 200, as calibrate.maxCsvSizeMB)
  -h, --help        Show this help

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or the check could not run.
`;

export type Command =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'usage'; readonly problem: string; readonly text: string }
  | { readonly kind: 'check'; readonly folder: string; readonly config: string; readonly maxCsvMB: number };

export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'usage', problem: 'no command given', text: USAGE };
  if (command === '-h' || command === '--help' || command === 'help') return { kind: 'help', text: USAGE };
  if (command !== 'check') return { kind: 'usage', problem: `unknown command ${JSON.stringify(command)}`, text: USAGE };
  let values;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: { folder: { type: 'string' }, config: { type: 'string' }, 'max-csv-mb': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { kind: 'usage', problem: (e as Error).message, text: CHECK_USAGE };
  }
  if (values.help) return { kind: 'help', text: CHECK_USAGE };
  const bad = (problem: string): Command => ({ kind: 'usage', problem, text: CHECK_USAGE });
  if (values.folder === '') return bad('--folder needs a directory');
  if (values.config === '') return bad('--config needs a path');
  // The config is read through safeFiles, which refuses these anyway: say so as a usage mistake.
  const config = posix.normalize((values.config ?? '.calibrate/report.yaml').replace(/\\/g, '/'));
  if (posix.isAbsolute(config) || /^[A-Za-z]:/.test(config) || config.split('/').includes('..')) {
    return bad(`--config must be a path relative to the folder, inside it (got ${JSON.stringify(values.config)})`);
  }
  const mb = values['max-csv-mb'] === undefined ? 200 : Number(values['max-csv-mb']);
  if (!(Number.isFinite(mb) && mb > 0)) return bad(`--max-csv-mb needs a positive number of megabytes (got ${JSON.stringify(values['max-csv-mb'])})`);
  return { kind: 'check', folder: values.folder ?? '.', config, maxCsvMB: mb };
}
