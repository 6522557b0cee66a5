// Instrumented functions keep their original `toString()`: the inserted text is delimited by comments
// (see the instrumenter's generated-code.ts), so removing it gives back the source exactly.

const INSERT_OPEN = '/*@bc*/';
// An arrow function's text ends inside its last insertion (the closing comment follows the arrow).
const INSERTION = /\/\*@bc\*\/[\s\S]*?(?:\/\*bc@\*\/|$)/g;
let patched = false;

export function originalFunctionText(text: string): string {
  return text.includes(INSERT_OPEN) ? text.replace(INSERTION, '') : text;
}

/** Patches Function.prototype.toString once per realm; the patch itself looks native. */
export function patchFunctionToString(): void {
  if (patched) return;
  const nativeToString = Function.prototype.toString;
  const descriptor = Object.getOwnPropertyDescriptor(Function.prototype, 'toString');
  if (!descriptor || !descriptor.writable || !descriptor.configurable) return;
  const replacement = {
    toString(this: unknown): string {
      if (this === replacement) return nativeToString.call(nativeToString);
      const text = nativeToString.call(this as () => void);
      return text.includes(INSERT_OPEN) ? text.replace(INSERTION, '') : text;
    },
  }.toString;
  Object.defineProperty(Function.prototype, 'toString', { ...descriptor, value: replacement });
  patched = true;
}
