// Stack traces of instrumented files keep the original columns. The instrumenter only inserts text and
// never moves a line, but tokens after an insertion on the same line move right. Each module's table
// says where text was inserted; Error.prepareStackTrace (Node's default formatter, or the program's own)
// receives call sites whose columns are mapped back, for instrumented files only: no source maps are
// turned on and nothing changes for any other file.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OwnError } from '../node-originals.js';
import { showsTextOf } from './function-to-string.js';

/** file (path and file: URL) → the table's encoded shifts, parsed on first use. */
const encodedShifts = new Map<string, string>();
const parsedShifts = new Map<string, Map<number, number[]>>();
/**
 * file → the table's position overrides: a stack position inside inserted text that a plain run shows
 * elsewhere than where the text was inserted (`yield* a.b()` shows at `b`, maybe on a later line).
 */
const encodedOverrides = new Map<string, string>();
const parsedOverrides = new Map<string, Map<string, [number, number]>>();
/**
 * file → inserted texts (by line and generated column, as in the shifts) whose positions all show at one
 * original position other than where they were inserted: where a plain run shows a throw that has no
 * position of its own (`return missing()` shows at `return`; the instrumenter's plain-positions.ts).
 */
const encodedRanges = new Map<string, string>();
const parsedRanges = new Map<string, Map<string, [number, number]>>();

/**
 * file → columns that come before the instrumented text on its first line, when the file's code runs
 * inside a wrapper someone else put on that line (jest's module wrapper; see hooks/vm-hook.ts): V8's
 * columns there count the wrapper, the table's shifts do not.
 */
const firstLineOffsets = new Map<string, number>();

/** The offset the file's code runs with now (0: none); the last registration wins. */
export function registerFirstLineOffset(file: string, offset: number): void {
  if (file === '') return;
  const names = [file];
  try {
    if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) names.push(pathToFileURL(file).href);
  } catch {
    // not a path: only the name as given
  }
  for (const name of names) {
    if (offset > 0) firstLineOffsets.set(name, offset);
    else firstLineOffsets.delete(name);
  }
}

/**
 * A file instrumented again (loaded once more, maybe another way: as CommonJS by `require` and as a
 * module by vitest) has the table of its latest instrumentation: the code that runs from now on.
 */
export function registerColumnShifts(file: string, encoded: unknown, overrides?: unknown, markedDigest?: unknown, ranges?: unknown): void {
  if (file === '') return;
  if (typeof encoded === 'string' && encoded !== '') registerUnderBothNames(encodedShifts, parsedShifts, file, encoded);
  if (typeof overrides === 'string' && overrides !== '') registerUnderBothNames(encodedOverrides, parsedOverrides, file, overrides);
  if (typeof ranges === 'string' && ranges !== '') registerUnderBothNames(encodedRanges, parsedRanges, file, ranges);
  else if (encodedRanges.size > 0) for (const name of namesOf(file)) encodedRanges.delete(name), parsedRanges.delete(name);
  if (typeof markedDigest === 'string' && markedDigest !== '') registerUnderBothNames(markedDigests, noParsedForm, file, markedDigest);
  else if (markedDigests.size > 0) for (const name of namesOf(file)) markedDigests.delete(name);
}

/**
 * file → the digest of its source, for files whose lines with inserted text carry Node's
 * no-exception-line mark (the instrumenter's exception-line.ts; see process/exception-line.ts).
 */
const markedDigests = new Map<string, string>();
const noParsedForm = new Map<string, unknown>();

/** The digest of the marked file V8 names so, or undefined when its lines are not marked. */
export function markedSourceDigest(name: string): string | undefined {
  return markedDigests.get(tableName(name));
}

function registerUnderBothNames(map: Map<string, string>, parsed: Map<string, unknown>, file: string, encoded: string): void {
  for (const name of namesOf(file)) {
    if (map.get(name) === encoded) continue;
    map.set(name, encoded);
    parsed.delete(name);
  }
}

/** The names V8 may give a file's frames: the name as given and, for a path or a plain file: URL, the other form. */
function namesOf(file: string): string[] {
  const names = [file];
  try {
    // A URL with a query or fragment names a module of its own (another loader's wrapper of the file):
    // the file's path names the file's module, whose table this is not.
    if (file.startsWith('file:') && !/[?#]/.test(file)) names.push(fileURLToPath(file));
    else if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) names.push(pathToFileURL(file).href);
  } catch {
    // not a path or URL: only the name as given
  }
  return names;
}

/** `line:column` (1-based line, 0-based generated column) → [original line, original 1-based column]. */
function overridesOf(file: string, built: BuiltFile | undefined): Map<string, [number, number]> | undefined {
  return parsedTriples(encodedOverrides, parsedOverrides, file, built);
}

/** The same for the inserted texts shown elsewhere, by the generated column where each starts. */
function rangesOf(file: string, built: BuiltFile | undefined): Map<string, [number, number]> | undefined {
  return parsedTriples(encodedRanges, parsedRanges, file, built);
}

function parsedTriples(
  encodedMap: Map<string, string>,
  parsedMap: Map<string, Map<string, [number, number]>>,
  file: string,
  built: BuiltFile | undefined,
): Map<string, [number, number]> | undefined {
  let parsed = parsedMap.get(file);
  if (parsed) return parsed;
  const encoded = encodedMap.get(file) ?? (built === undefined ? undefined : encodedMap.get(built.recorded));
  if (encoded === undefined) return undefined;
  parsed = new Map();
  for (const entry of encoded.split('|')) {
    const colon = entry.indexOf(':');
    const line = Number(entry.slice(0, colon));
    const numbers = entry.slice(colon + 1).split(',').map(Number);
    for (let i = 0; i + 2 < numbers.length; i += 3) parsed.set(`${line}:${numbers[i]}`, [numbers[i + 1]!, numbers[i + 2]! + 1]);
  }
  parsedMap.set(file, parsed);
  return parsed;
}

/** The original position of a generated one that the table overrides, if it does. */
function overriddenPosition(file: string, line: number, column: number): [number, number] | undefined {
  if (encodedOverrides.size === 0 && encodedRanges.size === 0) return undefined;
  const built = builtFileOf(file);
  // A built file's loading statement was inserted after the table was made.
  const tableColumn = (generated: number): number =>
    built !== undefined && line === built.line && generated >= built.column + built.length ? generated - built.length : generated;
  const exact = overridesOf(file, built)?.get(`${line}:${tableColumn(column - 1)}`);
  if (exact !== undefined) return exact;
  const ranges = rangesOf(file, built);
  if (ranges === undefined) return undefined;
  const start = insertionStart(shiftsOf(file)?.get(line), column - 1);
  return start === undefined ? undefined : ranges.get(`${line}:${tableColumn(start)}`);
}

/** The generated column where the inserted text holding `generated` starts, if it is in one. */
function insertionStart(shifts: readonly number[] | undefined, generated: number): number | undefined {
  if (shifts === undefined) return undefined;
  for (let i = 0; i < shifts.length; i += 2) {
    const at = shifts[i]!;
    if (generated < at) return undefined;
    if (generated < at + shifts[i + 1]!) return at;
  }
  return undefined;
}

/**
 * Files of a pre-instrumented build (`breadcrumb build`) run from another path than the one their table
 * names (the source's, at build time), and carry one more insertion: the statement that loads the
 * build's runtime. Each such file registers itself here, in a map shared by every copy of this module
 * (the build's runtime, or the one `breadcrumb run` preloads).
 */
export const BUILT_FILES_KEY = Symbol.for('breadcrumb.builtFiles');
export interface BuiltFile {
  /** The file its table names. */
  recorded: string;
  /** The runtime's loading statement: 1-based line, 0-based generated column, length. */
  line: number;
  column: number;
  length: number;
}
type BuiltFilesHolder = { [BUILT_FILES_KEY]?: Map<string, BuiltFile> };

function builtFileOf(file: string): BuiltFile | undefined {
  const built = (globalThis as BuiltFilesHolder)[BUILT_FILES_KEY];
  if (built === undefined) return undefined;
  return built.get(file) ?? (file.startsWith('file:') ? built.get(safeFileUrlToPath(file)) : built.get(pathToFileURL(file).href));
}

function safeFileUrlToPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}

function shiftsOf(file: string): Map<number, number[]> | undefined {
  let parsed = parsedShifts.get(file);
  if (parsed) return parsed;
  const built = builtFileOf(file);
  const encoded = encodedShifts.get(file) ?? (built === undefined ? undefined : encodedShifts.get(built.recorded));
  if (encoded === undefined && built === undefined) return undefined;
  parsed = new Map();
  for (const entry of (encoded ?? '').split('|')) {
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    parsed.set(Number(entry.slice(0, colon)), entry.slice(colon + 1).split(',').map(Number));
  }
  if (built !== undefined) addInsertion(parsed, built);
  // A built file's table may register after its first stack trace: cache only once it is known.
  if (encoded !== undefined) parsedShifts.set(file, parsed);
  return parsed;
}

/** Adds one insertion to a line's [at, length] pairs (generated columns, ascending). */
function addInsertion(shifts: Map<number, number[]>, built: BuiltFile): void {
  const pairs = shifts.get(built.line) ?? [];
  const merged: number[] = [];
  let added = false;
  for (let i = 0; i < pairs.length; i += 2) {
    const at = pairs[i]!;
    if (!added && at >= built.column) {
      merged.push(built.column, built.length);
      added = true;
    }
    merged.push(at >= built.column ? at + built.length : at, pairs[i + 1]!);
  }
  if (!added) merged.push(built.column, built.length);
  shifts.set(built.line, merged);
}

/** Original 1-based column of a generated 1-based column on a line with insertions. */
export function originalColumn(shifts: readonly number[], column: number): number {
  const generated = column - 1;
  let removed = 0;
  for (let i = 0; i < shifts.length; i += 2) {
    const at = shifts[i]!;
    const length = shifts[i + 1]!;
    if (at + length <= generated) removed += length;
    else if (at <= generated) return at - removed + 1; // inside inserted code: where it was inserted
    else break;
  }
  return generated - removed + 1;
}

type CallSite = NodeJS.CallSite;

/**
 * A call site that answers as `site` does except for the methods in `overrides`. Call sites are host
 * objects (their methods check the receiver): every method is delegated. The methods sit on the
 * prototype, where tools that clone call sites (source-map-support) look for them.
 *
 * A V8 call site has no own properties: its methods are the same for all, so their delegates are made
 * once per prototype and find their call site from the receiver. Making ~30 closures per frame cost
 * 10 µs a frame, at every stack a program formats through a frame of an instrumented file.
 */
export function callSiteWith(site: CallSite, overrides: Partial<Record<keyof CallSite | 'toString', () => unknown>>): CallSite {
  const proto = Object.getPrototypeOf(site) as object | null;
  const shared = proto !== null && Object.getOwnPropertyNames(site).length === 0 ? delegatesOf(proto) : null;
  if (shared === null) return callSiteWithOwnMethods(site, overrides);
  const methods: Record<string, unknown> = {};
  const { names, delegates } = shared;
  for (let i = 0; i < names.length; i++) methods[names[i]!] = delegates[i];
  Object.assign(methods, overrides);
  wrappedSites.set(methods, site);
  return Object.create(methods) as CallSite;
}

/** The call site a wrapper (or its methods object, when called on that) stands for. */
const wrappedSites = new WeakMap<object, CallSite>();
const sharedDelegates = new WeakMap<object, SharedDelegates>();

/** The method names of a call site prototype (and those it inherits), each with its delegate. */
interface SharedDelegates {
  names: string[];
  delegates: ((...args: unknown[]) => unknown)[];
}

function delegatesOf(proto: object): SharedDelegates {
  let shared = sharedDelegates.get(proto);
  if (shared !== undefined) return shared;
  shared = { names: [], delegates: [] };
  // what the closures version skipped: a name Object.prototype has (toString) is only there when overridden
  const seen: Record<string, unknown> = {};
  let p: object | null = proto;
  while (p && p !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name === 'constructor' || name in seen) continue;
      const descriptor = Object.getOwnPropertyDescriptor(p, name);
      if (descriptor === undefined || typeof descriptor.value !== 'function') continue;
      seen[name] = true;
      shared.names.push(name);
      shared.delegates.push(function (this: object, ...args: unknown[]): unknown {
        const site = wrappedSites.get(this) ?? wrappedSites.get(Object.getPrototypeOf(this) as object);
        if (site === undefined) throw new TypeError(`${name} called on an object that is not a call site`);
        return (site as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!.apply(site, args);
      });
    }
    p = Object.getPrototypeOf(p) as object | null;
  }
  sharedDelegates.set(proto, shared);
  return shared;
}

/** Another tool's wrapper objects may carry their own methods: each is delegated by a closure of its own. */
function callSiteWithOwnMethods(site: CallSite, overrides: Partial<Record<keyof CallSite | 'toString', () => unknown>>): CallSite {
  const methods: Record<string, unknown> = {};
  let proto: object | null = site as unknown as object;
  while (proto && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name in methods) continue;
      const method = (site as unknown as Record<string, unknown>)[name];
      if (typeof method === 'function') methods[name] = (...args: unknown[]) => (method as (...a: unknown[]) => unknown).apply(site, args);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  Object.assign(methods, overrides);
  return Object.create(methods) as CallSite;
}

/**
 * Call sites already mapped back (or found to need nothing): a formatter that hands its call sites on to
 * another realm's (jest 30's, which a vm context's Error reaches through the main one) must not get
 * them mapped twice.
 */
const mappedSites = new WeakSet<object>();

function remapped(site: CallSite): CallSite {
  if (mappedSites.has(site)) return site;
  const result = remappedOnce(site);
  mappedSites.add(result);
  return result;
}

function remappedOnce(site: CallSite): CallSite {
  const moved = movedPosition(site);
  return moved !== undefined ? withPosition(site, ...moved) : withMakerMapped(site);
}

/** Code made by eval or Function has no file of its own; the position of its maker may have moved. */
function withMakerMapped(site: CallSite): CallSite {
  return !site.getFileName?.() && site.isEval?.() ? withOriginalEvalOrigin(site) : site;
}

/** Where a frame of an instrumented file shows in a plain run, when that differs: [line, column, toLine, toColumn]. */
function movedPosition(site: CallSite): [number, number, number, number] | undefined {
  const name = site.getFileName?.();
  if (!name) return undefined;
  const file = tableName(name);
  const shifts = shiftsOf(file);
  if (!shifts) return undefined;
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (line === null || column === null) return undefined;
  const overridden = overriddenPosition(file, line, column);
  if (overridden !== undefined) return [line, column, overridden[0], overridden[1]];
  const lineShifts = shifts.get(line);
  if (!lineShifts) return undefined;
  const offset = line === 1 && firstLineOffsets.size > 0 ? (firstLineOffsets.get(file) ?? 0) : 0;
  if (column <= offset) return undefined;
  const fixed = offset === 0 ? originalColumn(lineShifts, column) : originalColumn(lineShifts, column - offset) + offset;
  if (fixed === column) return undefined;
  return [line, column, line, fixed];
}

/**
 * The name a file's table is registered under, for the name V8 gives its frames. An ES module loaded
 * with a query string or a fragment (`./config.mjs?mtime=1`, as eslint loads its config;
 * `lib.mjs?iitm=true`, import-in-the-middle's wrapper) is a module of its own, instrumented under that
 * URL (hooks/module-filter.ts): its own table. A table made before that (a build) is the file's.
 */
export function tableName(name: string): string {
  if (!name.startsWith('file:') || encodedShifts.has(name)) return name;
  const end = name.search(/[?#]/);
  return end < 0 ? name : name.slice(0, end);
}

/** `text` (a frame's) with its `:line:column` at the end moved. */
function movedText(text: string, line: number, column: number, toLine: number, toColumn: number): string {
  const suffix = `:${line}:${column}`;
  const at = text.lastIndexOf(suffix);
  return at < 0 ? text : `${text.slice(0, at)}:${toLine}:${toColumn}${text.slice(at + suffix.length)}`;
}

/**
 * A frame of code made by `eval` or `Function` names where that code was made: `eval at wrap
 * (/app/node_modules/pug-runtime/wrap.js:6:10), <anonymous>:12:69`. When the maker is an instrumented
 * file, that position moved with the inserted text too (pug's templates showed `wrap.js:6:74`).
 */
function withOriginalEvalOrigin(site: CallSite): CallSite {
  const origin = site.getEvalOrigin?.();
  if (typeof origin !== 'string' || encodedShifts.size === 0) return site;
  const fixed = originalEvalOrigin(origin);
  if (fixed === origin) return site;
  return callSiteWith(site, {
    getEvalOrigin: () => fixed,
    toString: () => {
      const text = String(site);
      const at = text.indexOf(origin);
      return at < 0 ? text : `${text.slice(0, at)}${fixed}${text.slice(at + origin.length)}`;
    },
  });
}

/** Each `(file:line:column)` of an eval origin (nested evals name several) at its original column. */
export function originalEvalOrigin(origin: string): string {
  return origin.replace(/\(([^()]*?):(\d+):(\d+)\)/g, (whole: string, name: string, lineText: string, columnText: string) => {
    const line = Number(lineText);
    const column = Number(columnText);
    const file = tableName(name);
    const shifts = shiftsOf(file);
    if (!shifts) return whole;
    const overridden = overriddenPosition(file, line, column);
    if (overridden !== undefined) return `(${name}:${overridden[0]}:${overridden[1]})`;
    const lineShifts = shifts.get(line);
    return lineShifts ? `(${name}:${line}:${originalColumn(lineShifts, column)})` : whole;
  });
}

/** `site` at another line and column, in its answers and in its text. */
function withPosition(site: CallSite, line: number, column: number, toLine: number, toColumn: number): CallSite {
  return callSiteWith(site, {
    getLineNumber: () => toLine,
    getColumnNumber: () => toColumn,
    toString: () => movedText(String(site), line, column, toLine, toColumn),
  });
}

/** Rewrites a whole stack before its columns are mapped: frames of our own module loading (cjs-hook). */
export type StackRewrite = (sites: CallSite[]) => CallSite[];
const stackRewrites: StackRewrite[] = [];

export function registerStackRewrite(rewrite: StackRewrite): void {
  stackRewrites.push(rewrite);
}

/**
 * How many frames of a stack captured `captured` frames long a plain run shows, when the capture was cut
 * at a limit raised for a wrapper's frame (wrapper-frames.ts); undefined when it shows them all.
 */
export type StackCut = (captured: number) => number | undefined;
let stackCut: StackCut | null = null;

export function registerStackCut(cut: StackCut): void {
  stackCut = cut;
}

function rewritten(sites: CallSite[]): CallSite[] {
  let out = sites;
  for (const rewrite of stackRewrites) out = rewrite(out);
  const keep = stackCut?.(sites.length);
  return keep !== undefined && out.length > keep ? out.slice(0, Math.max(0, keep)) : out;
}

/**
 * Runs `read` with `prepare` as Error.prepareStackTrace (set as a plain data property, past our
 * accessor) and puts back whatever was there, accessor or not.
 */
export function withOwnPrepareStackTrace<T>(prepare: (error: Error, sites: CallSite[]) => unknown, read: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(OwnError, 'prepareStackTrace');
  Object.defineProperty(OwnError, 'prepareStackTrace', { value: prepare, configurable: true, writable: true });
  try {
    return read();
  } finally {
    if (saved !== undefined) Object.defineProperty(OwnError, 'prepareStackTrace', saved);
    else delete (OwnError as { prepareStackTrace?: unknown }).prepareStackTrace;
  }
}

/**
 * V8's call sites of the running stack, at most `count`, from the caller of `below` down (by default
 * from the caller of this function), unmapped; through the realm's own Error (node-originals.ts), so
 * that no code of the program's (a replaced global Error) runs inside our probes.
 */
export function currentCallSites(count: number, below: (...args: never[]) => unknown = currentCallSites): CallSite[] {
  const limit = OwnError.stackTraceLimit;
  try {
    OwnError.stackTraceLimit = count;
    const holder: { stack?: unknown } = {};
    return withOwnPrepareStackTrace(
      (_error, callSites) => callSites,
      () => {
        OwnError.captureStackTrace(holder, below);
        return Array.isArray(holder.stack) ? (holder.stack as CallSite[]) : [];
      },
    );
  } finally {
    OwnError.stackTraceLimit = limit;
  }
}

/**
 * The frames' texts as Node's default formatter prints them for the program (`String(site)` of its call
 * sites): a capture formatting an error's stack needs only the text, not the call sites, and a wrapper
 * per frame cost more than the rest of the formatting (Effect's span errors: 19,772 reads, 190,000 frames).
 */
export function programFrameTexts(sites: CallSite[]): string[] {
  try {
    return rewritten(sites).map(frameText);
  } catch {
    return sites.map(String);
  }
}

function frameText(site: CallSite): string {
  const moved = movedPosition(site);
  return moved !== undefined ? movedText(String(site), ...moved) : String(withMakerMapped(site));
}

/** Call sites as a program's formatter receives them: our loading frames rewritten, columns mapped back. */
export function programCallSites(sites: CallSite[]): CallSite[] {
  try {
    return rewritten(sites).map(remapped);
  } catch {
    return sites;
  }
}

/**
 * The mapped call sites of errors whose stack went through the program's formatter with frames of
 * instrumented files: once formatted, V8 keeps only the text, and the uncaught exception's line
 * (process/exception-line.ts) needs the first frame.
 */
const formattedSites = new WeakMap<object, CallSite[]>();

/** The call sites the error's stack was formatted with, mapped back; undefined when not seen. */
export function formattedCallSites(error: object): CallSite[] | undefined {
  return formattedSites.get(error);
}

/** Whether text was inserted on the line (1-based) of an instrumented file, by the name V8 gives it. */
export function lineHasInsertions(name: string, line: number): boolean {
  return shiftsOf(tableName(name))?.has(line) === true;
}

/**
 * Adds to a formatted stack what Node would have put before it where the program reads it (the line
 * above an error leaving `vm`'s evaluation: process/exception-line.ts); `sites` are the mapped call
 * sites it was formatted with. Returns the stack as it is when there is nothing to add.
 */
export type StackDecoration = (error: Error, sites: CallSite[], stack: string) => string;
let stackDecoration: StackDecoration | null = null;

export function registerStackDecoration(decoration: StackDecoration): void {
  stackDecoration = decoration;
}

type Prepare = (error: Error, sites: CallSite[]) => unknown;
const wrappers = new WeakMap<Prepare, Prepare>();
const targets = new WeakMap<Prepare, Prepare>();
/**
 * Error constructors (one per realm) whose prepareStackTrace is the accessor below, with Node's formatter
 * as it was when the process started.
 */
const installed = new WeakMap<object, { nodeDefault: Prepare | undefined }>();
/** Every getter defineRemap made: a descriptor of ours the program saved and defines back is still ours. */
const ourGetters = new WeakSet<() => unknown>();

/** The function a wrapper of ours wraps, or the value as it is (what the accessor holds). */
function unwrap(value: unknown): unknown {
  return typeof value === 'function' ? (targets.get(value as Prepare) ?? value) : value;
}

function wrap(target: Prepare): Prepare {
  let wrapper = wrappers.get(target);
  if (!wrapper) {
    wrapper = function (this: unknown, error: Error, sites: CallSite[]): unknown {
      const mapped = (stackRewrites.length > 0 || encodedShifts.size > 0 || (globalThis as BuiltFilesHolder)[BUILT_FILES_KEY] !== undefined) && Array.isArray(sites) ? programCallSites(sites) : sites;
      if (mapped === sites || typeof error !== 'object' || error === null) return target.call(this, error, mapped);
      formattedSites.set(error, mapped);
      const stack = target.call(this, error, mapped);
      return stackDecoration !== null && typeof stack === 'string' ? stackDecoration(error, mapped, stack) : stack;
    };
    Object.defineProperty(wrapper, 'name', { value: target.name });
    Object.defineProperty(wrapper, 'length', { value: target.length });
    showsTextOf(wrapper, target);
    wrappers.set(target, wrapper);
    targets.set(wrapper, target);
  }
  return wrapper;
}

/**
 * Error.prepareStackTrace becomes an accessor. V8 (through Node) reads it exactly as the program does, so
 * both get the function that was set wrapped (same name and length; setting a wrapper back stores what
 * it wraps). A program that compares the property with the function it assigned sees a difference: the
 * price of correct columns in its own formatter.
 */
export function installStackPositionRemap(realmError: ErrorConstructor = Error): void {
  if (installed.has(realmError)) return;
  const descriptor = Object.getOwnPropertyDescriptor(realmError, 'prepareStackTrace');
  if (descriptor && !descriptor.configurable) return;
  const current = descriptor && 'value' in descriptor ? (descriptor.value as unknown) : descriptor?.get?.call(realmError);
  // Another realm's value may be one of our wrappers already (jest copies the main realm's into its
  // contexts): unwrapped, so that call sites are mapped once.
  const unwrapped = unwrap(current);
  // Node's own formatter (ErrorPrepareStackTrace, the property's value when the process starts). Node
  // formats a stack as it does when the property holds no function: a program that sets it to undefined or null to
  // get default stacks (rather than putting back what it read) reads that formatter back, wrapped, so
  // that its stacks keep their original columns (with undefined, Node formatted them unmapped).
  const nodeDefault = typeof unwrapped === 'function' ? (unwrapped as Prepare) : undefined;
  defineRemap(realmError, unwrapped, nodeDefault, descriptor?.enumerable ?? false);
}

function defineRemap(realmError: ErrorConstructor, value: unknown, nodeDefault: Prepare | undefined, enumerable: boolean): void {
  let current = value;
  const get = (): unknown => {
    if (typeof current === 'function') return wrap(current as Prepare);
    return current == null && nodeDefault !== undefined ? wrap(nodeDefault) : current;
  };
  installed.set(realmError, { nodeDefault });
  ourGetters.add(get);
  Object.defineProperty(realmError, 'prepareStackTrace', {
    configurable: true,
    enumerable,
    get,
    set(value: unknown) {
      current = unwrap(value);
    },
  });
}

/**
 * Puts the accessor back when the program took it away: `delete Error.prepareStackTrace` (a `finally`
 * that "restores" a formatter it found missing, or a test's clean-up) or a data property defined over it.
 * Node then formatted stacks with generated columns. What the program left there is kept (deleted: as
 * undefined, Node's formatter), and an accessor of the program's own is left alone. Called where it
 * costs little and comes before most stacks are formatted: a traced call left by an exception, a traced
 * `catch`, a module registered. A stack made and formatted with no traced exception between the
 * program's change and its reading keeps generated columns.
 */
export function keepStackPositionRemap(realmError: ErrorConstructor = OwnError): void {
  const ours = installed.get(realmError);
  if (ours === undefined) return;
  try {
    const descriptor = Object.getOwnPropertyDescriptor(realmError, 'prepareStackTrace');
    // (a formatter the program made read-only stays so: assigning to it fails as it did)
    if (descriptor !== undefined && ((descriptor.get !== undefined && ourGetters.has(descriptor.get)) || !descriptor.configurable || !descriptor.writable)) return;
    // deleted from an Error the program made non-extensible (frozen intrinsics): it stays deleted
    if (descriptor === undefined && !Object.isExtensible(realmError)) return;
    const value = descriptor === undefined ? undefined : (descriptor.value as unknown);
    defineRemap(realmError, unwrap(value), ours.nodeDefault, descriptor?.enumerable ?? false);
  } catch {
    // not reached for an Error constructor as checked above: kept from throwing into the program all the same
  }
}
