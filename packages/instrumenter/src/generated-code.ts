// The text the instrumenter inserts. Every insertion is wrapped in the comments OPEN ... CLOSE so that
// the runtime can give `Function.prototype.toString()` back the original text by deleting them, and the
// marker lets anyone detect instrumented code. The probe object is reached only through
// `globalThis.__breadcrumb__`; without it the module uses no-op probes and runs unchanged.

export const INSERT_OPEN = '/*@bc*/';
export const INSERT_CLOSE = '/*bc@*/';
// Built by concatenation so that this file itself does not look instrumented.
export const INSTRUMENTED_MARKER = '/*__breadcrumb' + '_instrumented__*/';
/** Version of the probe API the generated code calls (checked by the runtime). */
export const PROBE_API_VERSION = 4;

/** Names of the module-level bindings; `suffix` keeps two instrumented scripts in one scope apart. */
export interface ModuleNames {
  probe: string;
  fnBase: string;
  siteBase: string;
  init: string;
}

export const CALL_ID = '__bc$c';
/** The thrown value: the async/generator epilogue's catch, and the binding added to a bare `catch {`. */
export const CAUGHT = '__bc$e';

export function moduleNames(suffix: string): ModuleNames {
  const probe = `__bc$${suffix}`;
  return { probe, fnBase: `${probe}f`, siteBase: `${probe}s`, init: `${probe}i` };
}

export function wrapInsert(code: string): string {
  return INSERT_OPEN + code + INSERT_CLOSE;
}

/**
 * `probe` when the module is surely initialised, else the call that initialises it. Not
 * `(probe || init())`: a statement starting with `(` would continue the previous line when it has no
 * semicolon (`f = function () {}` + newline + `g()`).
 */
export function probeRef(names: ModuleNames, initialised: boolean): string {
  return initialised ? names.probe : `${names.init}()`;
}

/**
 * `values`: the parameters (`[a,b]`), `arguments` for a function without parameters that reads its
 * `arguments` anyway (so V8 builds the object already), or nothing.
 */
export function enterCode(names: ModuleNames, localId: number, values: string | null): string {
  const id = `${names.fnBase}+${localId}`;
  const probe = `(${names.probe}||${names.init}())`;
  if (values === null) return `const ${CALL_ID}=${probe}.e(${id});`;
  // `w` enters like `e`, or answers 0 when this call is to be recorded with its values: only then is
  // the array built (and handed to E).
  return `const ${CALL_ID}=${probe}.w(${id})||${names.probe}.E(${id},${values});`;
}

export function parameterValues(paramNames: readonly string[]): string | null {
  return paramNames.length === 0 ? null : `[${paramNames.join(',')}]`;
}

export function bodyPrologue(names: ModuleNames, localId: number, values: string | null): string {
  return `${enterCode(names, localId, values)}try{`;
}

/**
 * No function has a catch clause of ours: `n` marks the normal fall-off (a `return` marks it with `v`) and
 * a call that reaches `finally` unmarked left by an exception. V8 rethrows from `finally` with the
 * original message location, so an uncaught exception prints the user's throw line, not ours. The thrown
 * value is learned where it is caught (`catchProbe`) or by the runtime's uncaught-exception monitor. An
 * async function or generator whose frame is suspended when `r` runs was resumed abruptly (an `await`
 * that threw, a generator's `return()`): the recorder tells which from how it was suspended (`s`).
 */
export function bodyEpilogue(names: ModuleNames): string {
  return `;${names.probe}.n(${CALL_ID})}finally{${names.probe}.r(${CALL_ID})}`;
}

/** How a suspension resumes (third argument of `s`): an `await` only by a value or a throw. */
export const SUSPEND_AWAIT = 0;
/** A `yield`: also by `return()`. */
export const SUSPEND_YIELD = 1;
/** A `yield*`: `return()` or `throw()` forwarded, or the inner iterator threw. */
export const SUSPEND_DELEGATE = 2;

/**
 * First statement of a `catch` body: hands the caught value (or, for a pattern, nothing) to the
 * recorder. `call` (inside a traced function): the catch may run right after an `await` or `yield` that
 * threw, before any resume probe; the recorder resumes that call.
 */
export function catchProbe(probe: string, binding: string | null, call: string | null): string {
  const callArg = call === null ? '' : `,${call}`;
  if (binding === null) return `${probe}.K(${call ?? ''});`;
  return `${probe}.k(${binding}${callArg});`;
}

/** The end of the file: declarations (hoisted, so probes work before the top of the module ran). */
export function moduleEpilogue(names: ModuleNames, tableJson: string): string {
  const noop =
    `{ pv: ${PROBE_API_VERSION}, c: false, e: function () { return 1; }, w: function () { return 1; }, E: function () { return 1; }, ` +
    'r: function () {}, x: function () {}, n: function () {}, k: function () {}, K: function () {}, v: function (c, v) { return v; }, ' +
    's: function (c, v) { return v; }, R: function (c, v) { return v; }, ' +
    'b: function (s, v) { return v; }, a: function (s, v) { return v; }, m: function () { return [0, 0]; } }';
  return (
    `var ${names.probe}, ${names.fnBase}, ${names.siteBase}; ` +
    `function ${names.init}() { if (${names.probe}) return ${names.probe}; ` +
    `var g = typeof globalThis === "object" && globalThis ? globalThis.__breadcrumb__ : undefined; ` +
    `if (g && g.pv === ${PROBE_API_VERSION}) { try { var r = g.m(${tableJson}); ${names.fnBase} = r[0]; ${names.siteBase} = r[1]; return ${names.probe} = g; } catch (e) {} } ` +
    `${names.fnBase} = 0; ${names.siteBase} = 0; return ${names.probe} = ${noop}; } ` +
    `${names.init}();`
  );
}
