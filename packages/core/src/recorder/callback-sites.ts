// Untraced code that calls back into traced code: `emitter.emit('x')` reaching a traced listener, or
// (with gaps.intrinsics) `items.forEach(fn)`. The listener entering must not count as the site's callee
// (that would make the untraced `emit` look traced and record no gap). A site whose callee is such an
// API and a traced function that does not have the callee's name: the site stays pending, so the
// untraced call is recorded as a gap with its whole duration, and the listener is still the caller's
// child. Everything here is decided when a module registers; the hot path compares two integers.
// A traced function of another name can also be the callee itself, behind a wrapper (async's
// `async.every` is its `awaitable`): once per site and function, the stack tells whether traced code
// called it directly.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentCallSites, tableName } from './stack-positions.js';

/** Untraced APIs that call functions they are given, synchronously. */
const CALLS_BACK = new Set([
  'emit', 'forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex',
  'findLast', 'findLastIndex', 'flatMap', 'sort', 'toSorted', 'from', 'replace', 'replaceAll', 'each',
  'forOwn', 'forIn', 'times', 'mapValues', 'mapKeys', 'sortBy', 'groupBy', 'keyBy', 'walk', 'traverse',
  'visit',
]);
// Not `call`/`apply`/`bind`: `fn.call(x)` is the program calling `fn` itself, not a gap.

export class CallbackSites {
  /** Per site: the interned name of its callee's last segment when the callee calls back, else 0. */
  siteName: Uint32Array = new Uint32Array(64);
  /** Per function: the interned last segment of its name. */
  fnName: Uint32Array = new Uint32Array(64);
  private readonly ids = new Map<string, number>();
  /** Per function: its module's file (both as a path and as a file: URL are in `instrumentedFiles`). */
  private readonly fnFile: string[] = [];
  private readonly instrumentedFiles = new Set<string>();
  /** site × 2^32 + function → whether traced code called the function directly at that site. */
  private readonly direct = new Map<number, boolean>();
  /**
   * Set while a stack is read: a traced function entered meanwhile (a getter of the program's on the
   * way, zone.js's `Error.prepareStackTrace`) is not asked about, or it would read a stack again.
   */
  private reading = false;

  register(fnBase: number, functionNames: readonly string[], siteBase: number, callees: readonly string[], file = ''): void {
    this.fnName = fit(this.fnName, fnBase + functionNames.length);
    this.siteName = fit(this.siteName, siteBase + callees.length);
    if (file !== '') for (const name of fileNames(file)) this.instrumentedFiles.add(name);
    for (let i = 0; i < functionNames.length; i++) {
      this.fnName[fnBase + i] = this.idOf(lastSegment(functionNames[i]!));
      this.fnFile[fnBase + i] = file;
    }
    for (let i = 0; i < callees.length; i++) {
      const name = lastSegment(callees[i]!);
      this.siteName[siteBase + i] = CALLS_BACK.has(name) ? this.idOf(name) : 0;
    }
  }

  /**
   * Whether `fn`, entered while `site` waits, was called by traced code (the site's callee is a traced
   * wrapper) rather than by untraced code calling back. Asked from `fn`'s enter probe: the frame below
   * `fn`'s own is its caller. Decided once per site and function.
   */
  calledDirectly(site: number, fn: number): boolean {
    const key = site * 0x100000000 + fn;
    let direct = this.direct.get(key);
    if (direct === undefined) {
      if (this.reading) return false;
      direct = this.callerIsTraced(this.fnFile[fn] ?? '');
      this.direct.set(key, direct);
    }
    return direct;
  }

  private callerIsTraced(file: string): boolean {
    if (file === '') return false;
    const own = new Set(fileNames(file));
    this.reading = true;
    try {
      const sites = currentCallSites(16);
      const at = sites.findIndex((s) => own.has(tableName(s.getFileName() ?? '')));
      const caller = at < 0 ? undefined : sites[at + 1];
      return caller !== undefined && this.instrumentedFiles.has(tableName(caller.getFileName() ?? ''));
    } catch {
      return false;
    } finally {
      this.reading = false;
    }
  }

  private idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) this.ids.set(name, (id = this.ids.size + 1));
    return id;
  }
}

/** `emitter.emit` → `emit`; `get Cart.total` → `total`; `new Foo` → `Foo`. */
function lastSegment(name: string): string {
  const bare = name.replace(/^(?:new|get|set|static|async)\s+/, '');
  const dot = bare.lastIndexOf('.');
  return dot === -1 ? bare : bare.slice(dot + 1);
}

function fit(array: Uint32Array, length: number): Uint32Array {
  if (array.length >= length) return array;
  const next = new Uint32Array(Math.max(length, array.length * 2));
  next.set(array);
  return next;
}

/** A module's file as a path and as a file: URL (V8 names an ES module's frames by URL). */
function fileNames(file: string): string[] {
  try {
    if (file.startsWith('file:')) return [file, fileURLToPath(file)];
    if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) return [file, pathToFileURL(file).href];
  } catch {
    // neither: the name as given
  }
  return [file];
}
