// `error.stack` without running a program's getter. Before Node 22 it is a data property; since then
// an own accessor whose getter is V8's own (shared by all errors), which runs no program code beyond
// what any read of `error.stack` runs (Error.prepareStackTrace, once, its result cached).

const nativeStackGetter = (Object.getOwnPropertyDescriptor(new Error(), 'stack')?.get ?? null) as ((this: object) => unknown) | null;

export function readErrorStack(e: object): string | null {
  const d = Object.getOwnPropertyDescriptor(e, 'stack');
  if (d === undefined) return null;
  let stack: unknown = d.value;
  if (d.get !== undefined) {
    if (nativeStackGetter === null || d.get !== nativeStackGetter) return null;
    try {
      stack = nativeStackGetter.call(e);
    } catch {
      return null;
    }
  }
  return typeof stack === 'string' ? stack : null;
}
