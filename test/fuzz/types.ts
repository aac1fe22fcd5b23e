// Shared shapes of the fuzz harness: a target is a generator (parent side) plus a runner (child side).
import type fc from 'fast-check';

/** How the child classified one input's run. */
export type Outcome =
  | { readonly kind: 'ok' }
  /** A domain error (InputError, ProtocolError, a documented RangeError...) with its message. */
  | { readonly kind: 'domain'; readonly messages: readonly string[] }
  /** Anything else: an unexpected exception or a broken output property. */
  | { readonly kind: 'crash'; readonly message: string; readonly stack?: string };

export interface FuzzTarget<I = unknown> {
  readonly name: string;
  /** Inputs must survive Node's 'advanced' IPC serialization (structured clone): no functions. */
  readonly arbitrary: () => fc.Arbitrary<I>;
  /** Runs in the worker. Returns the domain messages produced (returned or thrown), or throws for a crash. */
  readonly run: (input: I) => Promise<readonly string[]> | readonly string[];
  /** Whether a domain message must name a file:line ("file:12:"). */
  readonly wantsLine?: boolean;
  /** Messages about the whole file that may go without a line (e.g. "the file is empty"). */
  readonly noLineOk?: RegExp;
  /** Relative cost, to split the budget (1 = cheap parser input). */
  readonly cost?: number;
  /** Per-input wall-clock limit; default the harness's. */
  readonly timeoutMs?: number;
  /** Text shown for an input in reports (default: JSON, truncated). */
  readonly preview?: (input: I) => string;
}

/** An exception that the target declares a crash: a property of the output was broken. */
export class PropertyViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyViolation';
  }
}

/** A target of any input type, as the registry and the harness hold them (inputs stay opaque there). */
export type AnyTarget = FuzzTarget<never>;
