// The built-in functions the capturer reads values with, taken when this module loads (before any
// user code can replace them). Calling `map.size` or `date.toISOString()` on a program's object would
// find a subclass's or a monkey-patched method: user code. The intrinsic getters read internal slots.

import { types } from 'node:util';

const isProxy = types.isProxy;
const ownDescriptor = Object.getOwnPropertyDescriptor;
const prototypeOf = Object.getPrototypeOf;

function getter(proto: object, name: PropertyKey): (this: unknown) => unknown {
  return Object.getOwnPropertyDescriptor(proto, name)!.get! as (this: unknown) => unknown;
}

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;

export const intrinsics = {
  mapSize: getter(Map.prototype, 'size') as (this: Map<unknown, unknown>) => number,
  setSize: getter(Set.prototype, 'size') as (this: Set<unknown>) => number,
  mapEntries: Map.prototype.entries as (this: Map<unknown, unknown>) => Iterator<[unknown, unknown]>,
  setValues: Set.prototype.values as (this: Set<unknown>) => Iterator<unknown>,
  mapIteratorNext: Object.getPrototypeOf(new Map().entries()).next as (this: Iterator<unknown>) => IteratorResult<unknown>,
  setIteratorNext: Object.getPrototypeOf(new Set().values()).next as (this: Iterator<unknown>) => IteratorResult<unknown>,
  dateGetTime: Date.prototype.getTime as (this: Date) => number,
  dateToISOString: Date.prototype.toISOString as (this: Date) => string,
  regExpSource: getter(RegExp.prototype, 'source') as (this: RegExp) => string,
  regExpFlagGetters: (
    [
      ['d', 'hasIndices'], ['g', 'global'], ['i', 'ignoreCase'], ['m', 'multiline'], ['s', 'dotAll'],
      ['u', 'unicode'], ['v', 'unicodeSets'], ['y', 'sticky'],
    ] as const
  )
    .filter(([, name]) => Object.getOwnPropertyDescriptor(RegExp.prototype, name)?.get)
    .map(([flag, name]) => [flag, getter(RegExp.prototype, name)] as const),
  symbolDescription: getter(Symbol.prototype, 'description') as (this: symbol) => string | undefined,
  typedArrayLength: getter(TypedArrayPrototype, 'length') as (this: ArrayBufferView) => number,
  typedArrayTag: getter(TypedArrayPrototype, Symbol.toStringTag) as (this: ArrayBufferView) => string | undefined,
  viewBuffer: getter(TypedArrayPrototype, 'buffer') as (this: ArrayBufferView) => ArrayBufferLike,
  viewByteOffset: getter(TypedArrayPrototype, 'byteOffset') as (this: ArrayBufferView) => number,
  dataViewByteLength: getter(DataView.prototype, 'byteLength') as (this: DataView) => number,
  arrayBufferByteLength: getter(ArrayBuffer.prototype, 'byteLength') as (this: ArrayBuffer) => number,
  sharedArrayBufferByteLength: getter(SharedArrayBuffer.prototype, 'byteLength') as (this: SharedArrayBuffer) => number,
  stringValueOf: String.prototype.valueOf as (this: string) => string,
  numberValueOf: Number.prototype.valueOf as (this: number) => number,
  booleanValueOf: Boolean.prototype.valueOf as (this: boolean) => boolean,
  lookupGetter: (Object.prototype as { __lookupGetter__(key: PropertyKey): unknown }).__lookupGetter__,
  urlPrototype: URL.prototype as object,
  urlHref: getter(URL.prototype, 'href') as (this: URL) => string,
  searchParamsPrototype: URLSearchParams.prototype as object,
  searchParamsEntries: URLSearchParams.prototype.entries as (this: URLSearchParams) => Iterator<[string, string]>,
  searchParamsIteratorNext: Object.getPrototypeOf(new URLSearchParams().entries()).next as (this: Iterator<unknown>) => IteratorResult<unknown>,
  bufferPrototype: Buffer.prototype as object,
  objectPrototype: Object.prototype as object,
  arrayPrototype: Array.prototype as object,
};

const errorPrototype = Error.prototype as object;

/**
 * Whether objects with this prototype are errors made the ES5 way (`YAMLException.prototype =
 * Object.create(Error.prototype)`, `Error.call(this)`, `Error.captureStackTrace(this)`): not native
 * errors, but errors to whoever reads the trace. Walked without traps.
 */
export function inheritsFromError(proto: object): boolean {
  let cur: object | null = proto;
  for (let hops = 0; cur !== null && hops < 32 && !isProxy(cur); hops++) {
    if (cur === errorPrototype) return true;
    cur = prototypeOf(cur) as object | null;
  }
  return false;
}

/** A data property's value found on `o` or its prototype chain; accessors (user code) are skipped. */
export function dataPropertyInChain(o: object, name: string): unknown {
  let cur: object | null = o;
  for (let hops = 0; cur !== null && hops < 32 && !isProxy(cur); hops++) {
    const d = ownDescriptor(cur, name);
    if (d) return 'value' in d ? d.value : undefined;
    cur = prototypeOf(cur) as object | null;
  }
  return undefined;
}

const classNames = new WeakMap<object, string | null>();

/** The name of the class whose prototype is `proto` (`constructor.name`, read without getters). */
export function classNameOfPrototype(proto: object): string | null {
  let name = classNames.get(proto);
  if (name !== undefined) return name;
  if (isProxy(proto)) return null; // an object inheriting from a Proxy: asking it anything runs a trap
  const ctor = ownDescriptor(proto, 'constructor');
  const fn = ctor && 'value' in ctor ? (ctor.value as unknown) : undefined;
  name = typeof fn === 'function' && !isProxy(fn) ? functionName(fn) || null : null;
  classNames.set(proto, name);
  return name;
}

/** A function's own `name` when it is a data property (a `static get name()` is user code). */
export function functionName(fn: Function): string {
  const d = ownDescriptor(fn, 'name');
  return d && 'value' in d && typeof d.value === 'string' ? d.value : '';
}
