// The weekly review's re-fit (issue 16), as a change to the report config's text: the
// `explanationCalibration:` block set to the proposed constants, every other line kept as written
// (comments, order, quoting). The editor shows this text in a diff, and applies it only when the
// user says so. Pure: no vscode, no I/O.
import type { CalibrationConstants } from './calibration';

const KEY = 'explanationCalibration';

/** The config text with `explanationCalibration` set to `c`: its block replaced where it is, else added at the end. */
export function withExplanationCalibration(configText: string, c: CalibrationConstants, note?: string): string {
  const nl = configText.includes('\r\n') ? '\r\n' : '\n';
  const lines = configText.split(/\r?\n/);
  const block = [
    ...(note ? [`# ${note.replace(/\s+/g, ' ').trim()}`] : []),
    `${KEY}:`,
    `  temperature: ${round(c.temperature)}`,
    `  unexplainedScore: ${round(c.unexplainedScore)}`,
  ];
  const at = lines.findIndex(l => new RegExp(`^${KEY}\\s*:`).test(l));
  if (at >= 0) {
    // The block: the key's line, then every indented, blank or comment line under it up to the next top-level line.
    let end = at + 1;
    while (end < lines.length && (/^\s+\S/.test(lines[end]!) || lines[end] === '')) end++;
    while (end > at + 1 && lines[end - 1] === '') end--; // blank lines after the block stay where they were
    // A comment we wrote above it last time is replaced too, not stacked.
    const start = at > 0 && note && /^# /.test(lines[at - 1]!) && lines[at - 1]!.includes('weekly calibration review') ? at - 1 : at;
    lines.splice(start, end - start, ...block);
    return lines.join(nl);
  }
  const body = lines.at(-1) === '' ? lines.slice(0, -1) : lines;
  return [...body, ...(body.length && body.at(-1) !== '' ? [''] : []), ...block, ''].join(nl);
}

/** Three decimals: the constants' precision is the fit's, not the float's. */
const round = (v: number) => String(Math.round(v * 1000) / 1000);
