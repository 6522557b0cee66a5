// `new Cart()` where Cart is a class of an instrumented module with no constructor of its own enters no
// traced function, so the call site alone would report it as a gap (untraced code), which it is not.
// After such a call, the constructed object tells: its class's source holds the instrumenter's
// insertions (its methods were instrumented). Read without running any of the program's code.
import { types } from 'node:util';

/** Function.prototype.toString as Node made it, taken before the recorder patches it. */
const nativeFunctionToString = Function.prototype.toString;
const INSERT_OPEN = '/*@bc*/';
const instrumentedClasses = new WeakMap<object, boolean>();

export function constructsInstrumentedClass(instance: unknown): boolean {
  try {
    if (instance === null || typeof instance !== 'object' || types.isProxy(instance)) return false;
    const prototype: unknown = Object.getPrototypeOf(instance);
    if (prototype === null || typeof prototype !== 'object' || types.isProxy(prototype)) return false;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, 'constructor');
    const constructor: unknown = descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
    if (typeof constructor !== 'function') return false;
    let instrumented = instrumentedClasses.get(constructor);
    if (instrumented === undefined) {
      instrumented = nativeFunctionToString.call(constructor).includes(INSERT_OPEN);
      instrumentedClasses.set(constructor, instrumented);
    }
    return instrumented;
  } catch {
    return false; // never throw into the program: at worst the call stays a gap
  }
}
