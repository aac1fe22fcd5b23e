// "Expected" marks recorded in the investigation log (issue 11): a mark made while an investigation
// is being worked on (the one last started or opened in the folder) is a contextMark event in its
// log, with who and when, so it outlives the session and reaches the pair and the review. Without
// one, the mark is kept for the session, as before. The report shows the union: the session's marks
// and the latest mark of each item in any of the folder's logs. No vscode.
import type { ContextItem } from '../core/report/triage';
import type { Investigation } from '../core/investigation';
import { contextKey } from '../messaging/protocol';
import { InMemoryContextMarks, type ContextMarks } from './contextMarks';

export interface MarkLogs {
  /** The folder's investigations, as known now. */
  known(folder: string): readonly Investigation[];
  /** The investigation the folder is working on, if any. */
  workingOn(folder: string): string | undefined;
  /** Append a contextMark event to that log. */
  record(folder: string, name: string, mark: { key: string; contextKind: ContextItem['kind']; title: string; start: number; expected: boolean }): Promise<void>;
}

export class LoggedContextMarks implements ContextMarks {
  private readonly session: InMemoryContextMarks;

  constructor(
    private readonly logs: MarkLogs,
    clock: () => number = Date.now,
  ) {
    this.session = new InMemoryContextMarks(clock);
  }

  async mark(folder: string, item: ContextItem, expected: boolean): Promise<void> {
    const name = this.logs.workingOn(folder);
    if (name)
      await this.logs.record(folder, name, { key: contextKey(item), contextKind: item.kind, title: item.title.slice(0, 300), start: item.start, expected });
    await this.session.mark(folder, item, expected);
  }

  expectedKeys(folder: string): readonly string[] {
    const keys = new Set(this.session.expectedKeys(folder));
    // Each log's latest mark of an item; across logs, the latest by time.
    const latest = new Map<string, { at: string; expected: boolean }>();
    for (const inv of this.logs.known(folder))
      for (const m of inv.state.contextMarks) {
        const seen = latest.get(m.key);
        if (!seen || m.at > seen.at) latest.set(m.key, { at: m.at, expected: m.expected });
      }
    for (const [key, m] of latest) if (m.expected) keys.add(key);
    return [...keys];
  }
}
