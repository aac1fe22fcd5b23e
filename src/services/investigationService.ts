// The investigations of one workspace folder: the logs under .calibrate/investigations/, read,
// folded, watched, and appended to. Every surface (the tree, the investigation view, the report's
// marks, triage) reads from here. No vscode: the file system is a port (investigationStore.ts binds
// it to Node and a FileSystemWatcher), so this is unit-tested with a fake store. See ADR 0015.
import {
  dataProblem,
  eventLine,
  fold,
  foldLog,
  logName,
  newEvent,
  parseGrowing,
  type EventData,
  type EventSource,
  type EventType,
  type InvestigationEvent,
} from '../core/investigation';
import type { Investigation } from '../core/investigation/summary';
import type { InvestigationState } from '../core/investigation/fold';

/** The folder's log files, as the service needs them. Names are file names without .jsonl. */
export interface LogStore {
  /** The names of the logs there are now. */
  list(): Promise<string[]>;
  /** A log's text, or undefined when it does not exist (deleted). */
  read(name: string): Promise<string | undefined>;
  /**
   * Append one whole line (ending in a newline) atomically: another writer's line lands before or
   * after it, never inside it. Starts a new line first if the file does not end in one.
   * `create`: the file must not exist yet (a new investigation); throws if it does.
   */
  append(name: string, line: string, opts?: { readonly create?: boolean }): Promise<void>;
  /** Calls back with a log's name when any log changes, appears or disappears (another window, git, a hand edit). */
  watch(changed: (name: string) => void): { dispose(): void };
}

export interface InvestigationServiceDeps {
  readonly store: LogStore;
  readonly events: EventSource;
  /** The folder's local date (yyyy-MM-dd) at an instant, for file names: the report zone's. */
  readonly dateOf: (ms: number) => string;
  /** Called when the first log of the folder is created (the .gitattributes union merge: ADR 0015). */
  readonly onFirstLog?: () => Promise<void>;
  /** Resolves when the author's name is known (git's user.name is read asynchronously): nothing is written before. */
  readonly ready?: () => Promise<void>;
}

/** Refused: the event is not valid, or the log is gone. The message says why, for the user. */
export class AppendRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppendRefused';
  }
}

type Listener = (name: string | undefined) => void;

export class InvestigationService {
  private readonly states = new Map<string, InvestigationState>();
  private readonly listeners = new Set<Listener>();
  private loaded: Promise<void> | undefined;
  private loadedAll = false;
  private readonly watcher: { dispose(): void };
  /** Reads in flight per log: a change during a read reads again after it. */
  private readonly reading = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** Each log's parse so far: an append parses only its new lines (parseGrowing). */
  private readonly parses = new Map<string, Parameters<typeof parseGrowing>[1]>();

  constructor(private readonly deps: InvestigationServiceDeps) {
    this.watcher = deps.store.watch(name => void this.reload(name));
  }

  /** Every investigation of the folder, folded (reads them all the first time). */
  async all(): Promise<Investigation[]> {
    await (this.loaded ??= this.loadAll());
    return [...this.states].map(([name, state]) => ({ name, state })).sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  }

  /** Every investigation read so far, without reading (empty before the first all()). */
  allKnown(): Investigation[] {
    return [...this.states].map(([name, state]) => ({ name, state })).sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  }

  /** True once all() has read the folder's logs. */
  get isLoaded(): boolean {
    return this.loadedAll;
  }

  /** One investigation's state, or undefined when its log does not exist. */
  async get(name: string): Promise<InvestigationState | undefined> {
    await (this.loaded ??= this.loadAll());
    return this.states.get(name);
  }

  /** Known now, without reading (undefined before the first read or when gone). */
  peek(name: string): InvestigationState | undefined {
    return this.states.get(name);
  }

  /** `name`: the one log that changed (undefined: the list changed). */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The name a start of `title` would take now (from the logs known): a view can open on it before the log is written. */
  nameFor(title: string): string {
    const taken = new Set(this.states.keys());
    return logName(title, this.deps.dateOf(this.deps.events.now()), n => taken.has(n));
  }

  /**
   * Start an investigation: a new log whose first event is `opened`. Returns its name: `preferred`
   * (from nameFor) unless another window took it meanwhile.
   */
  async start(data: EventData['opened'], preferred?: string): Promise<string> {
    const why = dataProblem('opened', data);
    if (why) throw new AppendRefused(`The investigation cannot be started: ${why}.`);
    await this.deps.ready?.();
    const all = await this.all();
    const taken = new Set(all.map(i => i.name));
    const first = all.length === 0;
    const event = newEvent(this.deps.events, 0, 'opened', data);
    for (let attempt = 0; ; attempt++) {
      const name = preferred && !taken.has(preferred) ? preferred : logName(data.title, this.deps.dateOf(this.deps.events.now()), n => taken.has(n));
      try {
        await this.deps.store.append(name, eventLine(event), { create: true });
        if (first) await this.deps.onFirstLog?.();
        await this.reload(name);
        return name;
      } catch (e) {
        // Another window took the name between our list and our create: take the next.
        if (attempt < 5 && isExists(e)) {
          taken.add(name);
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * Append one event to a log, after everything in it (its Lamport clock), and fold it in. `as`: the
   * author when it is not this window's user (a Live Share guest's finding, written here: ADR 0028).
   */
  async append<T extends EventType>(name: string, type: T, data: EventData[T], as?: string): Promise<InvestigationEvent> {
    const why = dataProblem(type, data);
    if (why) throw new AppendRefused(`Not written: ${why}.`);
    await this.deps.ready?.();
    // The clock comes from the file as it is now, not from a state that may be behind another window's appends.
    const text = await this.deps.store.read(name);
    if (text === undefined) throw new AppendRefused(`The investigation "${name}" no longer exists: its log was deleted or moved. Nothing was written.`);
    const source = as === undefined ? this.deps.events : { ...this.deps.events, author: as };
    const event = newEvent(source, this.parse(name, text).maxClock, type, data);
    await this.deps.store.append(name, eventLine(event));
    await this.reload(name);
    return event;
  }

  dispose(): void {
    this.watcher.dispose();
    this.listeners.clear();
  }

  private async loadAll(): Promise<void> {
    const names = await this.deps.store.list();
    await Promise.all(names.map(n => this.read(n)));
    this.loadedAll = true;
  }

  /** Read a log again (its watcher fired, or we appended), then tell the listeners. */
  private reload(name: string): Promise<void> {
    const inFlight = this.reading.get(name);
    if (inFlight) {
      this.again.add(name);
      return inFlight;
    }
    const p = (async () => {
      try {
        const before = this.states.has(name);
        do {
          this.again.delete(name);
          await this.read(name);
        } while (this.again.has(name));
        const listChanged = before !== this.states.has(name);
        for (const l of [...this.listeners]) l(name);
        if (listChanged) for (const l of [...this.listeners]) l(undefined);
      } finally {
        this.reading.delete(name);
      }
    })();
    this.reading.set(name, p);
    return p;
  }

  /** Read and fold one log. A log that cannot be read (too large, not a file) is listed with that problem, never dropped silently. */
  private async read(name: string): Promise<void> {
    let text: string | undefined;
    try {
      text = await this.deps.store.read(name);
    } catch (e) {
      const folded = foldLog('');
      this.states.set(name, { ...folded, problems: [{ line: 0, message: e instanceof Error ? e.message : String(e) }] });
      return;
    }
    if (text === undefined) {
      this.states.delete(name);
      this.parses.delete(name);
    } else this.states.set(name, fold(this.parse(name, text)));
  }

  private parse(name: string, text: string) {
    const { parsed, cache } = parseGrowing(text, this.parses.get(name));
    this.parses.set(name, cache);
    return parsed;
  }
}

function isExists(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'EEXIST';
}
