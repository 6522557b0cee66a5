// Instrumented functions keep their original `toString()`: the inserted text is delimited by comments
// (see the instrumenter's generated-code.ts), so removing it gives back the source exactly.

const INSERT_OPEN = '/*@bc*/';
// An arrow function's text ends inside its last insertion (the closing comment follows the arrow).
const INSERTION = /\/\*@bc\*\/[\s\S]*?(?:\/\*bc@\*\/|$)/g;
/** Function constructors (one per realm) whose prototype's toString is patched. */
const patched = new WeakSet<object>();
/** Our functions that stand in for one of the program's, shown as it is (see showsTextOf). */
const standIns = new WeakMap<object, object>();

/**
 * `standIn`'s toString() gives `original`'s text: a wrapper the program reads back in place of its
 * function, or of Node's (Error.prepareStackTrace, recorder/stack-positions.ts), reads as that function.
 * CoffeeScript's require hook tells Node's default formatter from a program's by its text
 * (`function ErrorPrepareStackTrace`), and installs its source-map formatter only over Node's.
 */
export function showsTextOf(standIn: object, original: object): void {
  standIns.set(standIn, original);
}

export function originalFunctionText(text: string): string {
  return text.includes(INSERT_OPEN) ? text.replace(INSERTION, '') : text;
}

/** This file, whose frame (the patch's) stacks leave out (see FrameAllowance). */
export const FUNCTION_TO_STRING_FILE = __filename;

/**
 * How the patch makes room for its own frame in the stack of the TypeError a receiver that is no
 * function gets, so that it reads as in a plain run (recorder/wrapper-frames.ts). Given by the runtime;
 * not by a build's copy of this file, inlined in its entry, which requires nothing.
 */
export interface FrameAllowance {
  allow(realmError: ErrorConstructor): unknown;
  restore(raised: unknown): void;
}

/**
 * Patches Function.prototype.toString once per realm (this one by default, or a vm context's, whose
 * functions have their own prototype, with its Error); the patch itself looks native.
 */
export function patchFunctionToString(realmFunction: FunctionConstructor = Function, realmError: ErrorConstructor = Error, frames?: FrameAllowance): void {
  if (patched.has(realmFunction)) return;
  const prototype = realmFunction.prototype;
  const nativeToString = prototype.toString;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, 'toString');
  if (!descriptor || !descriptor.writable || !descriptor.configurable) return;
  const replacement = {
    toString(this: unknown): string {
      if (this === replacement) return nativeToString.call(nativeToString);
      if (typeof this !== 'function' && frames !== undefined) {
        // no text: the native method throws its TypeError (in the realm it belongs to)
        const raised = frames.allow(realmError);
        try {
          return nativeToString.call(this as () => void);
        } finally {
          frames.restore(raised);
        }
      }
      const text = nativeToString.call((standIns.get(this as object) ?? this) as () => void);
      return text.includes(INSERT_OPEN) ? text.replace(INSERTION, '') : text;
    },
  }.toString;
  Object.defineProperty(prototype, 'toString', { ...descriptor, value: replacement });
  patched.add(realmFunction);
}
