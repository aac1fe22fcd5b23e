// "Expected" marks on the week's context items: anyone reading the report can say a holiday, event,
// deploy or clock change was expected (so it is not the surprise behind an anomaly). The session's
// marks are kept in memory here, per workspace folder; loggedContextMarks.ts also records them in
// the investigation being worked on. No vscode: the panel passes the folder's URI as a string.
import { contextKey } from '../messaging/protocol';
import type { ContextItem, ContextKind } from '../core/report/triage';

/** One mark: which item (by its contextKey, and what it was for the reader), and when it was made. */
export interface ContextMark {
  readonly key: string;
  readonly kind: ContextKind;
  readonly title: string;
  readonly start: number;
  /** UTC ms. */
  readonly markedAt: number;
}

/** Where the marks are recorded. The panel records through it and reads it back when it posts a report. */
export interface ContextMarks {
  /** Record that `item` was expected (`expected`: true), or withdraw that mark (false). */
  mark(folder: string, item: ContextItem, expected: boolean): Promise<void>;
  /** The keys of the folder's marked items, now. */
  expectedKeys(folder: string): readonly string[];
}

/** The marks in memory, for the session (loggedContextMarks.ts records them in the investigation log too). */
export class InMemoryContextMarks implements ContextMarks {
  private readonly byFolder = new Map<string, Map<string, ContextMark>>();

  constructor(private readonly clock: () => number = Date.now) {}

  async mark(folder: string, item: ContextItem, expected: boolean): Promise<void> {
    const key = contextKey(item);
    let marks = this.byFolder.get(folder);
    if (!expected) {
      marks?.delete(key);
      return;
    }
    if (!marks) this.byFolder.set(folder, (marks = new Map()));
    if (!marks.has(key)) marks.set(key, { key, kind: item.kind, title: item.title, start: item.start, markedAt: this.clock() });
  }

  expectedKeys(folder: string): readonly string[] {
    return [...(this.byFolder.get(folder)?.keys() ?? [])];
  }

  /** The folder's marks, oldest first. */
  marks(folder: string): readonly ContextMark[] {
    return [...(this.byFolder.get(folder)?.values() ?? [])];
  }
}
