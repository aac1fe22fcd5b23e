// One drain of a folder at a time (the host's inbox and its finding requests): a watcher event, the
// sweep and the start can all ask at once. A call during a drain returns that drain's promise and
// makes it run once more when it ends, so nothing that arrived meanwhile waits for the next event.

/** Runs `once` until no call came in during it; concurrent calls share the run. Results are summed by `add`. */
export class Drainer<T> {
  private running: Promise<T> | undefined;
  private again = false;

  constructor(
    private readonly once: () => Promise<T>,
    private readonly add: (a: T, b: T) => T,
  ) {}

  /** Ask for one more pass, as a call during a drain does (a pass that stopped early, with work left). */
  more(): void {
    this.again = true;
  }

  drain(): Promise<T> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run: Promise<T> = (async () => {
      try {
        this.again = false;
        let total: T = await this.once();
        while (this.again) {
          this.again = false;
          total = this.add(total, await this.once());
        }
        return total;
      } finally {
        this.running = undefined;
      }
    })();
    this.running = run;
    return run;
  }
}
