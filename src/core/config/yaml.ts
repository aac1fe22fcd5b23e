// Reading a user's YAML file (report.yaml, events.yaml) for the core parsers: bounds on size, lines, nesting
// and alias expansion, so hostile input fails fast; errors that name the line and column where the mistake
// is (yamlErrorPos.ts); data as Maps, so no key reaches a prototype.
import { Composer, isAlias, isMap, isNode, isScalar, isSeq, LineCounter, Parser, YAMLParseError, type Document, type ErrorCode, type Node } from 'yaml';
import { InputError } from '../types';
import { errorPos, layoutOf, type Layout, type SourcePos } from './yamlErrorPos';

export type { SourcePos } from './yamlErrorPos';

/** Names that would reach an object's prototype if used as a key: never identifiers. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Config and events files are hand-written: 2 MB is far beyond a real one, and parses in one to two seconds. */
export const MAX_YAML_CHARS = 2 * 1024 * 1024;
/** The yaml library spends microseconds on every line, even a comment: a million short lines took seconds. */
export const MAX_YAML_LINES = 100_000;
/** Values that aliases may add to a document: generous for reuse, and an alias bomb stops at it in linear time. */
export const MAX_ALIAS_VALUES = 250_000;
/** Levels of nesting; real files use under 10. */
export const MAX_NESTING = 64;
/** YAML syntax errors listed: the first ones say what is wrong, and each costs a pass over the text. */
const MAX_SYNTAX_ERRORS = 20;

export interface YamlFile {
  readonly doc: Document.Parsed;
  /** The document as data. Mappings are Maps, so no key (`__proto__` included) can reach a prototype. */
  readonly data: unknown;
  readonly lineOf: (node: unknown) => number | undefined;
  /** Where a node starts, 1-based; undefined for anything that is not a node of the document. */
  readonly posOf: (node: unknown) => SourcePos | undefined;
}

export type YamlRead = { readonly ok: true; readonly yaml: YamlFile } | { readonly ok: false; readonly errors: InputError[] };

export function readYaml(text: string, file: string): YamlRead {
  if (text.length > MAX_YAML_CHARS) {
    const mb = (n: number) => `${Math.round(n / 104_857.6) / 10} MB`;
    return { ok: false, errors: [new InputError(file, undefined, `a file under ${mb(MAX_YAML_CHARS)}`, `the file is ${mb(text.length)}`)] };
  }
  const lineCount = countLines(text);
  if (lineCount > MAX_YAML_LINES) {
    return { ok: false, errors: [new InputError(file, undefined, `a file of at most ${MAX_YAML_LINES} lines`, `the file has ${lineCount} lines`)] };
  }
  const lines = new LineCounter();
  const posOf = (node: unknown): SourcePos | undefined => {
    if (!isNode(node) || !node.range) return undefined;
    const { line, col } = lines.linePos(node.range[0]);
    return { line, column: col };
  };
  const lineOf = (node: unknown): number | undefined => posOf(node)?.line;
  const syntaxErrors = (all: readonly YAMLParseError[], parsed: Document.Parsed | undefined, more: boolean): InputError[] => {
    let layout: Layout | undefined;
    const seen = new Set<string>();
    const errors: InputError[] = [];
    for (const e of all.slice(0, MAX_SYNTAX_ERRORS)) {
      const at = errorPos(e, text, parsed, lines, () => (layout ??= layoutOf(text)));
      // Errors moved to one mistake (an over-indented first line trips the lines after it) are listed once.
      const place = `${at.line}:${at.column}`;
      if (seen.has(place) && at.line !== lines.linePos(e.pos[0]).line) continue;
      seen.add(place);
      errors.push(new InputError(file, at.line, 'valid YAML', e.message.split('\n')[0] ?? 'YAML error', at.column));
    }
    if (more || all.length > MAX_SYNTAX_ERRORS)
      errors.push(new InputError(file, errors.at(-1)?.line, 'valid YAML', `more YAML errors after this line, not listed (the first ${errors.length} are)`));
    return errors;
  };
  let doc: Document.Parsed;
  try {
    doc = parse(text, lines);
  } catch (e) {
    if (e instanceof TooManyErrors) return { ok: false, errors: syntaxErrors(e.errors, undefined, true) };
    if (!(e instanceof TooDeep)) throw e;
    const { line, col } = lines.linePos(e.offset);
    return { ok: false, errors: [new InputError(file, line, `at most ${MAX_NESTING} levels of nesting`, 'the document is nested too deeply', col)] };
  }
  if (doc.errors.length) return { ok: false, errors: syntaxErrors(doc.errors, doc, false) };
  let firstAlias: Node | undefined;
  try {
    firstAlias = checkNodes(doc, file, posOf);
    // The library's alias count multiplies along nested reuse and over-counts; checkNodes counts exactly,
    // so the library's bound is only a backstop, set looser.
    return { ok: true, yaml: { doc, lineOf, posOf, data: doc.toJS({ mapAsMap: true, maxAliasCount: 10 * MAX_ALIAS_VALUES }) } };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, errors: [e] };
    // A backstop: checkNodes should have caught every alias problem with its own line.
    const at = posOf(firstAlias);
    return { ok: false, errors: [new InputError(file, at?.line, 'valid YAML', e instanceof Error ? e.message : String(e), at?.column)] };
  }
}

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('nested too deeply');
  }
}

class TooManyErrors extends Error {
  constructor(readonly errors: YAMLParseError[]) {
    super('too many YAML errors');
  }
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

type ErrorSink = (source: unknown, code: ErrorCode, message: string, warning?: boolean) => void;

/**
 * Stop composing after the first errors: a broken file can hold hundreds of thousands of them, each an Error
 * with a stack trace (seconds for 200 KB). onError is the Composer's private error sink; should a yaml
 * release rename it, this does nothing and broken files are only slower.
 */
function stopAfterFirstErrors(composer: Composer): void {
  const c = composer as unknown as { onError?: ErrorSink };
  const sink = c.onError;
  if (typeof sink !== 'function') return;
  const first: YAMLParseError[] = [];
  c.onError = (source, code, message, warning) => {
    sink(source, code, message, warning);
    if (warning) return;
    const at = typeof source === 'number' ? source : Array.isArray(source) ? Number(source[0]) : Number((source as { offset?: number }).offset ?? 0);
    first.push(new YAMLParseError([at, at + 1], code, message));
    if (first.length > MAX_SYNTAX_ERRORS) throw new TooManyErrors(first);
  };
}

/**
 * The yaml library composes nested values by recursion and relies on catching the stack overflow; deep in
 * a document that overflow can instead kill the process (V8 fails to compile a regexp). So nesting is
 * bounded while the tokens are read, before anything is composed. (Its stack holds the document too.)
 */
class DepthGuardParser extends Parser {
  override *next(source: string) {
    yield* super.next(source);
    if (this.stack.length > MAX_NESTING + 2) throw new TooDeep(this.offset);
  }
}

/**
 * yaml's parseDocument with DepthGuardParser. schema 'core' even under a `%YAML 1.1` directive: values are
 * only mappings, lists, text, numbers, booleans and null (no dates, sets or binary). uniqueKeys: false because
 * the library's duplicate check is quadratic in a mapping's size (seconds for 10 000 dimension values);
 * checkNodes does it with a Set. merge: `<<: *base` reuses a mapping with changes. logLevel: the core never
 * writes to the console.
 */
function parse(text: string, lines: LineCounter): Document.Parsed {
  const composer = new Composer({ schema: 'core', uniqueKeys: false, merge: true, logLevel: 'error' });
  stopAfterFirstErrors(composer);
  let doc: Document.Parsed | undefined;
  for (const d of composer.compose(new DepthGuardParser(lines.addNewLine).parse(text), true, text.length)) {
    if (!doc) doc = d;
    else {
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'the file holds a second YAML document (after `---`)'));
      break;
    }
  }
  return doc as Document.Parsed; // compose(…, true) always yields a document
}

/** How a YAML value reads in a message: "a mapping", "the number 3", "the text "abc"". */
export function yamlType(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (v instanceof Map) return 'a mapping';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  return `a ${typeof v}`;
}

/**
 * One pass over the nodes, before any alias is resolved: keys unique (as the strings they become) and
 * plain, every alias after its anchor and outside it, merges of mappings, and the values aliases add bounded.
 * Returns the first alias, if any; throws an InputError naming the line.
 */
function checkNodes(doc: Document.Parsed, file: string, posOf: (n: unknown) => SourcePos | undefined): Node | undefined {
  const anchors = new Map<string, Node>(); // the latest anchor of each name, in document order
  const sizes = new Map<Node, number>(); // values in each finished anchored node, aliases expanded
  const open = new Set<Node>(); // anchored nodes being walked
  let added = 0;
  let first: Node | undefined;
  const problem = (node: unknown, expected: string, detail: string) => new InputError(file, posOf(node)?.line, expected, detail, posOf(node)?.column);
  const target = (node: unknown): unknown => (isAlias(node) ? anchors.get(node.source) : node);
  const walk = (node: unknown): number => {
    // recursion bounded by MAX_NESTING: aliases are not followed
    if (isAlias(node)) {
      first ??= node;
      const to = anchors.get(node.source);
      if (!to) throw problem(node, `an anchor &${node.source} above the alias`, `the alias *${node.source} has no anchor`);
      if (open.has(to)) throw problem(node, 'an alias outside the value it names', `the alias *${node.source} is inside its own anchor`);
      added += sizes.get(to) ?? 1;
      if (added > MAX_ALIAS_VALUES) throw problem(node, `aliases that add at most ${MAX_ALIAS_VALUES} values`, 'the aliases expand the document too far');
      return sizes.get(to) ?? 1;
    }
    if (!isNode(node)) return 0;
    if (node.anchor) {
      anchors.set(node.anchor, node);
      open.add(node);
    }
    let n = 1;
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        n += walk(pair.key) + walk(pair.value);
        const key = target(pair.key);
        if (key !== null && key !== undefined && !isScalar(key)) throw problem(pair.key, 'a plain key', 'a key is a mapping or list');
        const name = isScalar(key) ? key.value : null;
        if (typeof name === 'symbol') {
          // a `<<` merge key: several are allowed, each merging mappings
          const v = target(pair.value);
          const maps = isSeq(v) ? v.items.map(target) : [v];
          if (!maps.every(isMap))
            throw problem(
              pair.value ?? pair.key,
              'a mapping, an alias of one, or a list of them after `<<`',
              'a merge (`<<`) of something that is not a mapping',
            );
        } else {
          const s = String(name ?? ''); // the key as toJS makes it: `1` and "1" are the same key
          if (keys.has(s)) throw problem(pair.key, 'each key once in a mapping', `the key ${JSON.stringify(s)} appears twice`);
          keys.add(s);
        }
      }
    } else if (isSeq(node)) {
      for (const item of node.items) n += walk(item);
    }
    if (node.anchor) {
      open.delete(node);
      sizes.set(node, n);
    }
    return n;
  };
  walk(doc.contents);
  return first;
}
