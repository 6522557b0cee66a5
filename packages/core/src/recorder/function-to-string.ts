// Instrumented functions keep their original `toString()`: the inserted text is delimited by comments
// (see the instrumenter's generated-code.ts), so removing it gives back the source exactly.

const INSERT_OPEN = '/*@bc*/';
// An arrow function's text ends inside its last insertion (the closing comment follows the arrow).
const INSERTION = /\/\*@bc\*\/[\s\S]*?(?:\/\*bc@\*\/|$)/g;
/** Function constructors (one per realm) whose prototype's toString is patched. */
const patched = new WeakSet<object>();

export function originalFunctionText(text: string): string {
  return text.includes(INSERT_OPEN) ? text.replace(INSERTION, '') : text;
}

/**
 * Patches Function.prototype.toString once per realm (this one by default, or a vm context's, whose
 * functions have their own prototype); the patch itself looks native.
 */
export function patchFunctionToString(realmFunction: FunctionConstructor = Function): void {
  if (patched.has(realmFunction)) return;
  const prototype = realmFunction.prototype;
  const nativeToString = prototype.toString;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, 'toString');
  if (!descriptor || !descriptor.writable || !descriptor.configurable) return;
  const replacement = {
    toString(this: unknown): string {
      if (this === replacement) return nativeToString.call(nativeToString);
      const text = nativeToString.call(this as () => void);
      return text.includes(INSERT_OPEN) ? text.replace(INSERTION, '') : text;
    },
  }.toString;
  Object.defineProperty(prototype, 'toString', { ...descriptor, value: replacement });
  patched.add(realmFunction);
}
