// Test support (see ./pipeline.ts): the first pass of the former three-pass capture, kept as it was
// (but for the deliberate fixes marked below) as the differential test's oracle. Nothing in the runtime
// imports it.
//
// A bounded, type-tagged snapshot of a program value, taken without running any of the program's code:
// every property is read through its descriptor (an accessor is shown, never called), a Proxy is shown
// as a Proxy before anything else touches it, built-ins are read with intrinsics (./intrinsics.ts), and
// nothing of the program's is kept: the snapshot holds only primitives and objects it made itself.
// The shapes are documented in packages/core/CAPTURE.md.

import { types } from 'node:util';
import { readErrorStack } from '../../redact/error-stack.js';
import { setOwn } from '../../redact/own-property.js';
import type { CaptureLimits } from '../../settings.js';
import { classNameOfPrototype, dataPropertyInChain, functionName, intrinsics } from '../intrinsics.js';

/** Characters beyond maxStringLength that string redaction still sees, so a secret cut by the limit is recognised. */
export const REDACTION_WINDOW = 1024;
const MARKER_START = '[REDACTED:';
const DEFAULT_MAX_VALUES = 100;
const LONG_STRING_CACHE_SIZE = 64;
const LONG_STRING_CACHE_CHARS = 8 * 1024 * 1024;

export type Snapshot = null | boolean | number | string | Snapshot[] | { [key: string]: Snapshot };

/** Prototypes whose instances were found to be ordinary objects, with their class names. */
const plainClasses = new WeakMap<object, string>();

export class SnapshotTaker {
  /**
   * The containers being walked (ancestors[d] is at depth d) and, for cycle references, the key or
   * index taken out of each (segments[d]); written by depth, never pushed per property.
   */
  private readonly ancestors: object[] = [];
  private readonly segments: (string | number)[] = [];
  private rootName: string | null = null;
  /** Values walked so far in this snapshot, against maxValues. */
  private values = 0;
  /** Redacted heads of long strings seen lately (see longString). */
  private readonly longStrings = new Map<string, { [key: string]: Snapshot }>();
  private longStringChars = 0;
  private readonly maxValues: number;

  constructor(
    private readonly limits: CaptureLimits,
    private readonly redactString: (text: string) => string,
  ) {
    this.maxValues = limits.maxValues ?? DEFAULT_MAX_VALUES;
  }

  /** The snapshot of `value`; `rootName` (a parameter name) starts the paths of cycle references. */
  take(value: unknown, rootName: string | null): Snapshot {
    this.rootName = rootName;
    this.values = 0;
    return this.walk(value, 0);
  }

  walk(v: unknown, depth: number): Snapshot {
    if (++this.values > this.maxValues) return { $type: 'truncated', reason: 'size' };
    switch (typeof v) {
      case 'string':
        return v.length <= this.limits.maxStringLength ? v : this.longString(v);
      case 'number':
        if (v === v && v !== Infinity && v !== -Infinity) return v === 0 && 1 / v < 0 ? { $type: 'number', value: '-0' } : v;
        return { $type: 'number', value: String(v) };
      case 'boolean':
        return v;
      case 'undefined':
        return { $type: 'undefined' };
      case 'bigint':
        return { $type: 'bigint', value: String(v) };
      case 'symbol': {
        const description = intrinsics.symbolDescription.call(v);
        return { $type: 'symbol', description: description === undefined ? null : this.walk(description, depth) };
      }
      case 'function':
        return types.isProxy(v) ? { $type: 'Proxy' } : this.fn(v);
      default:
        return v === null ? null : this.object(v as object, depth);
    }
  }

  /** A string over the limit: redacted over a window past the limit first, then cut (never inside a marker). */
  longString(s: string, max = this.limits.maxStringLength): Snapshot {
    // Programs pass the same long string again and again (a parser's whole input on every call): its
    // redacted head is computed once. V8 hashes a long string by its length, and compares the same
    // string object by identity first, so a lookup costs next to nothing.
    if (max !== this.limits.maxStringLength) return this.cutLongString(s, max);
    const cached = this.longStrings.get(s);
    if (cached !== undefined) return { ...cached };
    const snapshot = this.cutLongString(s, max);
    // Holding a string the program has dropped keeps its memory: the cache is small and bounded in length.
    if (this.longStrings.size >= LONG_STRING_CACHE_SIZE || this.longStringChars + s.length > LONG_STRING_CACHE_CHARS) {
      this.longStrings.clear();
      this.longStringChars = 0;
    }
    if (s.length <= LONG_STRING_CACHE_CHARS) {
      this.longStrings.set(s, snapshot);
      this.longStringChars += s.length;
    }
    return { ...snapshot };
  }

  private cutLongString(s: string, max: number): { [key: string]: Snapshot } {
    const redacted = this.redactString(s.slice(0, max + REDACTION_WINDOW));
    let cut = Math.min(max, redacted.length);
    const marker = redacted.lastIndexOf(MARKER_START, cut);
    if (marker >= 0) {
      const close = redacted.indexOf(']', marker);
      if (close >= cut) cut = close + 1;
    }
    return { $type: 'string', length: s.length, value: redacted.slice(0, cut), truncated: true };
  }

  private fn(f: Function): Snapshot {
    const kind = types.isAsyncFunction(f)
      ? types.isGeneratorFunction(f) ? 'async generator' : 'async'
      : types.isGeneratorFunction(f) ? 'generator' : null;
    const out: { [key: string]: Snapshot } = { $type: 'function', name: functionName(f) };
    if (kind) out.kind = kind;
    return out;
  }

  private object(o: object, depth: number): Snapshot {
    if (types.isProxy(o)) return { $type: 'Proxy' };
    for (let i = 0; i < depth; i++) if (this.ancestors[i] === o) return { $ref: this.pathOf(i) };
    const proto = Object.getPrototypeOf(o) as object | null;
    const isArray = Array.isArray(o);
    if (depth >= this.limits.maxDepth) {
      return { $type: 'truncated', reason: 'depth', of: isArray ? 'Array' : proto === null ? 'Object' : (classNameOfPrototype(proto) ?? 'Object') };
    }
    this.ancestors[depth] = o;
    try {
      if (isArray) return this.array(o as unknown[], depth);
      if (proto === intrinsics.objectPrototype || proto === null) return this.record(o, depth, null);
      return this.special(o, proto, depth);
    } finally {
      // drop the reference: the snapshot must not keep the program's objects alive
      this.ancestors[depth] = null as unknown as object;
    }
  }

  private special(o: object, proto: object, depth: number): Snapshot {
    // Objects of a class seen before as a plain class skip the thirteen type tests. Safe even if a
    // later object of that class is exotic (Reflect.construct): it is then read as a record, which runs
    // no code either.
    const knownClass = plainClasses.get(proto);
    if (knownClass !== undefined) return this.record(o, depth, knownClass);
    if (types.isNativeError(o)) return this.error(o as Error, proto, depth);
    if (ArrayBuffer.isView(o)) return this.bytes(o, proto);
    if (types.isMap(o)) return this.map(o as Map<unknown, unknown>, depth);
    if (types.isSet(o)) return this.set(o as Set<unknown>, depth);
    if (types.isDate(o)) {
      const time = intrinsics.dateGetTime.call(o as Date);
      return { $type: 'Date', value: time === time ? intrinsics.dateToISOString.call(o as Date) : null };
    }
    if (types.isRegExp(o)) {
      let flags = '';
      for (const [flag, get] of intrinsics.regExpFlagGetters) if (get.call(o)) flags += flag;
      return { $type: 'RegExp', source: this.walk(intrinsics.regExpSource.call(o as RegExp), depth), flags };
    }
    if (types.isPromise(o)) return { $type: 'Promise' };
    if (types.isWeakMap(o)) return { $type: 'WeakMap' };
    if (types.isWeakSet(o)) return { $type: 'WeakSet' };
    if (types.isArrayBuffer(o) || types.isSharedArrayBuffer(o)) {
      // deliberate fix, as in the writer: the intrinsic getter (a subclass's byteLength getter is program code)
      return types.isArrayBuffer(o)
        ? { $type: 'ArrayBuffer', byteLength: intrinsics.arrayBufferByteLength.call(o as ArrayBuffer) }
        : { $type: 'SharedArrayBuffer', byteLength: intrinsics.sharedArrayBufferByteLength.call(o as SharedArrayBuffer) };
    }
    if (types.isBoxedPrimitive(o)) return this.boxed(o, depth);
    if (types.isModuleNamespaceObject(o)) return this.record(o, depth, 'Module');
    const className = classNameOfPrototype(proto);
    if (className === 'WeakRef') return { $type: 'WeakRef' };
    plainClasses.set(proto, className ?? 'Object');
    return this.record(o, depth, className ?? 'Object');
  }

  private record(o: object, depth: number, className: string | null): Snapshot {
    const out: { [key: string]: Snapshot } = {};
    if (className !== null) out.$class = className;
    const names = Object.keys(o);
    let n = Math.min(names.length, this.limits.maxKeys);
    for (let i = 0; i < n; i++) {
      if (this.values >= this.maxValues) {
        n = i; // the snapshot is full: the keys left are counted, not walked
        break;
      }
      const k = names[i];
      let d: PropertyDescriptor | undefined;
      try {
        d = Object.getOwnPropertyDescriptor(o, k);
      } catch {
        d = undefined; // a module namespace binding still in its temporal dead zone
      }
      if (d === undefined) continue;
      // `$` starts our own tags; a program's key that starts with `$` gets one more.
      const value = this.property(d, k, depth);
      if (k.charCodeAt(0) === 36) out['$' + k] = value;
      else if (k === '__proto__') setOwn(out as Record<string, unknown>, k, value);
      else out[k] = value;
    }
    if (names.length > n) out.$moreKeys = names.length - n;
    return out;
  }

  private property(d: PropertyDescriptor, segment: string | number, depth: number): Snapshot {
    if (!('value' in d)) return { $type: 'accessor', get: d.get !== undefined, set: d.set !== undefined };
    this.segments[depth] = segment;
    return this.walk(d.value, depth + 1);
  }

  private array(a: unknown[], depth: number): Snapshot {
    const length = a.length;
    let n = Math.min(length, this.limits.maxItems);
    // pushed, not preallocated: a holey array takes JSON.stringify's slow path
    const items: Snapshot[] = [];
    // Element descriptors are a slow runtime path in V8 (about 5x __lookupGetter__); an array whose
    // prototype is the ordinary one is read through __lookupGetter__, which stops at an own data element.
    const ordinary = Object.getPrototypeOf(a) === intrinsics.arrayPrototype;
    for (let i = 0; i < n; i++) {
      if (this.values >= this.maxValues) {
        n = i; // the snapshot is full: the items left are counted, not walked
        break;
      }
      if (ordinary && intrinsics.lookupGetter.call(a, i) === undefined) {
        const v = a[i];
        if (v === undefined && !Object.hasOwn(a, i)) items.push({ $type: 'empty' });
        else {
          this.segments[depth] = i;
          items.push(this.walk(v, depth + 1));
        }
        continue;
      }
      const d = Object.getOwnPropertyDescriptor(a, i);
      // deliberate fix, as in the writer: a hole (was shown as an accessor)
      items.push(d === undefined ? { $type: 'empty' } : this.property(d, i, depth));
    }
    if (length > n) return { $type: 'Array', length, items, truncated: true };
    return items;
  }

  private error(e: Error, proto: object, depth: number): Snapshot {
    const out: { [key: string]: Snapshot } = { $type: 'Error' };
    const className = classNameOfPrototype(proto);
    const name = dataPropertyInChain(e, 'name');
    if (className) out.class = className;
    out.name = typeof name === 'string' ? this.walk(name, depth) : className ?? 'Error';
    const message = dataPropertyInChain(e, 'message');
    out.message = typeof message === 'string' ? this.walk(message, depth) : '';
    const stack = readErrorStack(e);
    // stack traces are long by nature: they get ten string lengths
    if (stack !== null) out.stack = this.errorStack(stack);
    for (const extra of ['cause', 'errors']) {
      const d = Object.getOwnPropertyDescriptor(e, extra);
      if (d) out[extra] = this.property(d, extra, depth);
    }
    const props = this.record(e, depth, null) as { [key: string]: Snapshot };
    delete props.message;
    delete props.stack;
    if (Object.keys(props).length > 0) out.props = props;
    return out;
  }

  private errorStack(stack: string): Snapshot {
    const max = this.limits.maxStringLength * 10;
    return stack.length <= max ? stack : this.longString(stack, max);
  }

  private bytes(view: ArrayBufferView, proto: object): Snapshot {
    if (!types.isTypedArray(view)) return { $type: 'DataView', byteLength: intrinsics.dataViewByteLength.call(view as DataView) };
    const length = intrinsics.typedArrayLength.call(view);
    const tag = intrinsics.typedArrayTag.call(view) ?? 'TypedArray';
    if (tag === 'Uint8Array') return this.uint8(view, length, proto === intrinsics.bufferPrototype ? 'Buffer' : tag);
    const n = Math.min(length, this.limits.maxItems);
    const items: Snapshot[] = [];
    const arr = view as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < n; i++) {
      const x = arr[i];
      items.push(typeof x === 'bigint' ? String(x) : (this.walk(x, 0) as number));
    }
    const out: { [key: string]: Snapshot } = { $type: tag, length, items };
    if (length > n) out.truncated = true;
    return out;
  }

  /**
   * Bytes that read as text are shown (and redacted) as text: a Buffer is how a password or a request
   * body often travels. Other bytes: the first maxItems as hex.
   */
  private uint8(view: ArrayBufferView, length: number, tag: string): Snapshot {
    const offset = intrinsics.viewByteOffset.call(view);
    const buffer = intrinsics.viewBuffer.call(view);
    const max = this.limits.maxStringLength;
    const head = Buffer.from(buffer, offset, Math.min(length, max + REDACTION_WINDOW));
    const out: { [key: string]: Snapshot } = { $type: tag, length };
    if (looksLikeText(head)) {
      const text = head.toString('utf8');
      out.text = text.length > max || length > head.length ? (this.longString(text) as { value: string }).value : this.redactString(text);
    } else {
      out.hex = head.subarray(0, Math.min(length, this.limits.maxItems)).toString('hex');
    }
    if (length > max) out.truncated = true;
    return out;
  }

  private map(m: Map<unknown, unknown>, depth: number): Snapshot {
    const size = intrinsics.mapSize.call(m);
    const it = intrinsics.mapEntries.call(m);
    const n = Math.min(size, this.limits.maxItems);
    const entries: Snapshot[] = [];
    for (let i = 0; i < n; i++) {
      const step = intrinsics.mapIteratorNext.call(it) as IteratorResult<[unknown, unknown]>;
      if (step.done) break;
      this.segments[depth] = i;
      entries.push([this.walk(step.value[0], depth + 1), this.walk(step.value[1], depth + 1)]);
    }
    const out: { [key: string]: Snapshot } = { $type: 'Map', size, entries };
    if (size > n) out.truncated = true;
    return out;
  }

  private set(s: Set<unknown>, depth: number): Snapshot {
    const size = intrinsics.setSize.call(s);
    const it = intrinsics.setValues.call(s);
    const n = Math.min(size, this.limits.maxItems);
    const values: Snapshot[] = [];
    for (let i = 0; i < n; i++) {
      const step = intrinsics.setIteratorNext.call(it);
      if (step.done) break;
      this.segments[depth] = i;
      values.push(this.walk(step.value, depth + 1));
    }
    const out: { [key: string]: Snapshot } = { $type: 'Set', size, values };
    if (size > n) out.truncated = true;
    return out;
  }

  private boxed(o: object, depth: number): Snapshot {
    if (types.isStringObject(o)) return { $type: 'String', value: this.walk(intrinsics.stringValueOf.call(o as unknown as string), depth) };
    if (types.isNumberObject(o)) return { $type: 'Number', value: this.walk(intrinsics.numberValueOf.call(o as unknown as number), depth) };
    if (types.isBooleanObject(o)) return { $type: 'Boolean', value: intrinsics.booleanValueOf.call(o as unknown as boolean) };
    return { $type: types.isBigIntObject(o) ? 'BigInt' : 'Symbol' };
  }

  /** `$.user.friends[0]` for the ancestor at `index`. */
  private pathOf(index: number): string {
    let path = this.rootName === null ? '$' : '$' + pathSegment(this.rootName);
    for (let i = 0; i < index; i++) path += pathSegment(this.segments[i]);
    return path;
  }
}

function pathSegment(s: string | number): string {
  return typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
}

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 256);
  if (n === 0) return true;
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13 || b >= 0xc2) printable++;
  }
  return printable >= n * 0.95;
}
