// A small investigation log with one of everything the view draws, folded by the model itself: an
// anomaly, hypotheses (one supported with evidence), chart/table/explanation/context evidence, a
// question with an answer, an action item, a verdict, a close, an event from a newer Calibrate and
// a broken line. Shared by the protocol and the view tests.
import { eventLine, foldLog, newEvent, type EventData, type EventType, type InvestigationState } from '../../../src/core/investigation';

const HOUR = 3_600_000;
export const T0 = Date.UTC(2026, 10, 24, 12);

export const PLACE = { metric: 'orders', slice: { platform: 'ios' }, start: T0, end: T0 + 3 * HOUR };

const series = (n: number) => {
  const x = Array.from({ length: n }, (_, i) => T0 - 6 * HOUR + i * HOUR);
  const expected = x.map((_, i) => 100 + 10 * Math.sin(i / 3));
  return {
    x,
    actual: expected.map((e, i) => (i >= 6 && i < 9 ? e * 0.6 : i === 2 ? null : e + 3)),
    expected,
    lower: expected.map(e => e - 12),
    upper: expected.map(e => e + 12),
  };
};

/** Writes events as `author`, with deterministic ids and times. */
export class LogWriter {
  private n = 0;
  private clock = 0;
  readonly lines: string[] = [];
  constructor(public author = 'Priya Raman') {}
  add<T extends EventType>(type: T, data: EventData[T], author = this.author): string {
    this.n++;
    const id = `ev${String(this.n).padStart(6, '0')}`;
    const e = newEvent({ author, now: () => T0 + this.n * 60_000, newId: () => id }, this.clock++, type, data);
    this.lines.push(eventLine(e));
    return id;
  }
  raw(line: string): void {
    this.lines.push(line.endsWith('\n') ? line : `${line}\n`);
  }
  get text(): string {
    return this.lines.join('');
  }
}

export function sampleLog(): LogWriter {
  const w = new LogWriter();
  w.add('opened', {
    title: 'iOS orders drop after ios-v7.4.0',
    origin: 'anomaly',
    anomaly: {
      ...PLACE,
      label: 'Orders',
      direction: 'down',
      severity: 4.2,
      vsForecastPct: -38.5,
      zone: 'Europe/Berlin',
      series: series(15),
      explanations: [{ title: 'Deploy ios-v7.4.0', confidence: 0.82 }],
      configVersion: 'cfg-1a2b3c',
    },
  });
  w.add('role', { person: 'Priya Raman', role: 'lead' });
  const chart = w.add('evidence', { kind: 'chart', title: 'Orders on iOS', place: PLACE, zone: 'Europe/Berlin', series: series(15) });
  w.add('evidence', {
    kind: 'table',
    title: 'Where it dropped',
    place: PLACE,
    columns: ['country', 'actual', 'expected'],
    rows: [
      ['DE', 120, 200],
      ['FR', 80, null],
    ],
  });
  w.add('evidence', { kind: 'explanation', title: 'Deploy ios-v7.4.0', place: PLACE, confidence: 0.82, evidence: ['iOS only', 'started at the deploy'] });
  w.add('evidence', { kind: 'context', title: 'Deploy ios-v7.4.0', contextKind: 'deploy', start: T0 - HOUR, detail: 'release train 7.4' });
  const h1 = w.add('hypothesis', { text: 'The **deep links** broke in 7.4.0' }, 'Sam Ortiz');
  w.add('hypothesis', { text: 'A payment provider outage' }, 'Sam Ortiz');
  w.add('hypothesisStatus', { hypothesis: h1, status: 'supported', evidence: [chart], reason: 'Only iOS, from the deploy hour' });
  const q = w.add('question', { text: 'Did Android see it?' }, 'Sam Ortiz');
  w.add('answer', { question: q, text: 'No: flat on Android' });
  w.add('question', { text: 'Is the fix released?' });
  w.add('action', { text: 'Roll back 7.4.0', owner: 'Priya Raman' });
  w.add('note', { text: 'See [the runbook](https://example.com/runbook) and `links.ts`' });
  w.add('verdict', { verdict: 'real', reason: 'A bug in the release' });
  w.add('finding', { kind: 'postmortem', path: 'docs/postmortems/2026-11-24-orders-ios.md', title: 'Orders on iOS: the deep links broke' });
  w.add('commit', {
    hash: '0123456789abcdef0123456789abcdef01234567',
    subject: 'Fix the iOS deep links',
    link: 'trailer',
    committedAt: '2026-11-24T15:02:11.000Z',
  });
  // An event from a newer Calibrate, and a broken line: kept, shown, not folded.
  w.raw(JSON.stringify({ v: 2, id: 'future0001', at: '2026-11-24T13:30:00Z', clock: 99, author: 'Ana', type: 'reaction', data: { emoji: '+1' } }));
  w.raw('{"v":1, this is not json');
  return w;
}

export function sampleState(): InvestigationState {
  return foldLog(sampleLog().text);
}

/** A log of `n` events (notes, hypotheses, statuses), for the 10,000-event checks. */
export function longState(n: number): InvestigationState {
  const w = new LogWriter();
  w.add('opened', { title: 'A long one', origin: 'blank' });
  let h = '';
  for (let i = 1; i < n; i++) {
    if (i % 10 === 1) h = w.add('hypothesis', { text: `Hypothesis ${i}` });
    else if (i % 10 === 5) w.add('hypothesisStatus', { hypothesis: h, status: 'rejected', evidence: [] });
    else w.add('note', { text: `Note ${i}: *checked* the [dashboard](https://example.com/${i})` }, i % 3 ? 'Sam Ortiz' : 'Priya Raman');
  }
  return foldLog(w.text);
}
