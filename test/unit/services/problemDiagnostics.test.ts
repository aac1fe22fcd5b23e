// What the Problems panel shows for a report state: every problem of the report's files at its
// 0-based place, the one problem of a failed load (or all its check found), and a count of the rest.
import assert from 'node:assert/strict';
import { diagnosticsOf } from '../../../src/services/problemDiagnostics';
import type { ReportState } from '../../../src/services/reportService';
import type { ReportSnapshot } from '../../../src/messaging/protocol';
import type { InputProblem } from '../../../src/core/types';

const state = (update: ReportState['update']): ReportState => ({ version: 1, update, digest: 'd', complete: true });
const report = (count: number, listed: InputProblem[]): ReportState =>
  state({ type: 'snapshot', snapshot: { source: 'data/metrics.csv', problems: { count, listed } } as unknown as ReportSnapshot });

describe('services: the report problems as diagnostics', () => {
  it('puts each problem on its file at its line and column (1-based in, 0-based out); a whole-file problem at the top', () => {
    const d = diagnosticsOf(
      report(3, [
        { severity: 'error', file: 'data/metrics.csv', line: 1234, column: 27, text: 'bad value "N/A". Expected a finite decimal number.' },
        { severity: 'warning', file: '.calibrate/report.yaml', line: 14, column: 9, text: 'No data yet.' },
        { severity: 'error', file: '.calibrate/team.ics', text: 'the file holds no calendar.' },
      ]),
    );
    assert.deepEqual(d.get('data/metrics.csv'), [
      { severity: 'error', line: 1233, character: 26, message: 'bad value "N/A". Expected a finite decimal number.' },
    ]);
    assert.deepEqual(d.get('.calibrate/report.yaml'), [{ severity: 'warning', line: 13, character: 8, message: 'No data yet.' }]);
    assert.deepEqual(d.get('.calibrate/team.ics'), [{ severity: 'error', line: 0, character: 0, message: 'the file holds no calendar.' }]);
  });

  it('says how many more there are when the list was capped, on the file with the most', () => {
    const listed: InputProblem[] = Array.from({ length: 3 }, (_, i) => ({ severity: 'error', file: 'data/metrics.csv', line: i + 2, text: 'bad' }));
    const d = diagnosticsOf(report(1003, [{ severity: 'warning', file: 'r.yaml', line: 1, text: 'w' }, ...listed]));
    const more = d.get('data/metrics.csv')!.at(-1)!;
    assert.equal(more.severity, 'information');
    assert.match(more.message, /^999 more problems .* \(the first 4 are\)\. Run `calibrate check` to list them all\.$/);
    assert.equal(d.get('r.yaml')!.length, 1);
  });

  it('a failed load: its one problem at its place, without repeating the place in the text', () => {
    const d = diagnosticsOf(
      state({ type: 'loadError', problem: { message: 'r.yaml:12:5: bad metric id "1x". Expected an id.', file: 'r.yaml', line: 12, column: 5 } }),
    );
    assert.deepEqual([...d], [['r.yaml', [{ severity: 'error', line: 11, character: 4, message: 'bad metric id "1x". Expected an id.' }]]]);
    assert.equal(diagnosticsOf(state({ type: 'loadError', problem: { message: 'no folder' } })).size, 0, 'nowhere to put it');
  });

  it('a failed load with everything the check found: all of it, not only the first', () => {
    const problems = {
      count: 2,
      listed: [
        { severity: 'error' as const, file: 'r.yaml', line: 3, text: 'first' },
        { severity: 'error' as const, file: 'r.yaml', line: 9, text: 'second' },
      ],
    };
    const d = diagnosticsOf(state({ type: 'loadError', problem: { message: 'r.yaml:3: first', file: 'r.yaml', line: 3, problems } }));
    assert.deepEqual(
      d.get('r.yaml')!.map(x => x.message),
      ['first', 'second'],
    );
  });

  it('no state, or a clean report: nothing', () => {
    assert.equal(diagnosticsOf(undefined).size, 0);
    assert.equal(diagnosticsOf(report(0, [])).size, 0);
  });
});
