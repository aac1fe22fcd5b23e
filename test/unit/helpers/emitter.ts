// A plain-Node Emitter (the report service's event port) for tests: vscode.EventEmitter's shape.
import type { Emitter } from '../../../src/services/reportService';

export function emitter<T>(): Emitter<T> {
  const listeners = new Set<(v: T) => void>();
  return {
    event: (l: (v: T) => void) => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
    fire: v => listeners.forEach(l => l(v)),
    dispose: () => listeners.clear(),
  } as Emitter<T>;
}
