// The fuzz worker: a child process that runs one input at a time and replies over IPC. The parent
// (harness.ts) owns the clock: an input that loops forever is killed from outside, with the child.
import { TARGETS } from './targets';
import type { Outcome } from './types';

interface Request {
  readonly id: number;
  readonly target: string;
  readonly input: unknown;
}

const byName = new Map(TARGETS.map(t => [t.name, t]));

function describe(e: unknown): Outcome {
  if (e instanceof Error) return { kind: 'crash', message: `${e.name}: ${e.message}`.slice(0, 2000), stack: e.stack?.split('\n').slice(0, 8).join('\n') };
  return { kind: 'crash', message: `non-Error thrown: ${String(e).slice(0, 500)}` };
}

process.on('message', (req: Request) => {
  void (async () => {
    let outcome: Outcome;
    try {
      const t = byName.get(req.target);
      if (!t) throw new Error(`unknown fuzz target ${req.target}`);
      const messages = await t.run(req.input as never);
      outcome = messages.length ? { kind: 'domain', messages } : { kind: 'ok' };
    } catch (e) {
      outcome = describe(e);
    }
    process.send!({ id: req.id, outcome });
  })();
});
process.send!({ ready: true });
