// Untraced code that calls back into traced code: `emitter.emit('x')` reaching a traced listener, or
// (with gaps.intrinsics) `items.forEach(fn)`. The listener entering must not count as the site's callee
// (that would make the untraced `emit` look traced and record no gap). A site whose callee is such an
// API and a traced function that does not have the callee's name: the site stays pending, so the
// untraced call is recorded as a gap with its whole duration, and the listener is still the caller's
// child. Everything here is decided when a module registers; the hot path compares two integers.

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

  register(fnBase: number, functionNames: readonly string[], siteBase: number, callees: readonly string[]): void {
    this.fnName = fit(this.fnName, fnBase + functionNames.length);
    this.siteName = fit(this.siteName, siteBase + callees.length);
    for (let i = 0; i < functionNames.length; i++) this.fnName[fnBase + i] = this.idOf(lastSegment(functionNames[i]!));
    for (let i = 0; i < callees.length; i++) {
      const name = lastSegment(callees[i]!);
      this.siteName[siteBase + i] = CALLS_BACK.has(name) ? this.idOf(name) : 0;
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
