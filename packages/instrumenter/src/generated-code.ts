// The text the instrumenter inserts. Every insertion is wrapped in the comments OPEN ... CLOSE so that
// the runtime can give `Function.prototype.toString()` back the original text by deleting them, and the
// marker lets anyone detect instrumented code. The probe object is reached only through
// `globalThis.__breadcrumb__`; without it the module uses no-op probes and runs unchanged.

export const INSERT_OPEN = '/*@bc*/';
export const INSERT_CLOSE = '/*bc@*/';
// Built by concatenation so that this file itself does not look instrumented.
export const INSTRUMENTED_MARKER = '/*__breadcrumb' + '_instrumented__*/';
/** Version of the probe API the generated code calls (checked by the runtime). */
export const PROBE_API_VERSION = 5;

/** Names of the module-level bindings; `suffix` keeps two instrumented scripts in one scope apart. */
export interface ModuleNames {
  probe: string;
  fnBase: string;
  siteBase: string;
  init: string;
  /** The build shape's module-level flag: recording is off (see moduleStart). */
  off: string;
  /** An ES module's flag, set by its first statement once the constants are bound (hoistedBodyNames). */
  ready: string;
  /** `probe` is a constant the module's first statement binds (constantNames): set wherever a probe runs. */
  bound?: boolean;
  /** Declarators of `probe` and `fnBase` as locals, which each traced function's enter binds first (hoistedBodyNames). */
  binding?: string;
}

export const CALL_ID = '__bc$c';
/** The thrown value: the async/generator epilogue's catch, and the binding added to a bare `catch {`. */
export const CAUGHT = '__bc$e';

export function moduleNames(suffix: string): ModuleNames {
  const probe = `__bc$${suffix}`;
  return { probe, fnBase: `${probe}f`, siteBase: `${probe}s`, init: `${probe}i`, off: `${probe}o`, ready: `${probe}r` };
}

/**
 * The names a module's probes use in the load shape: `const` copies of the probe and the two bases,
 * bound by its first statement (moduleStart), which runs before anything else of a CommonJS module can
 * (in a function body, as CommonJS is), and before anything of an ES module but its hoisted functions
 * (hoisted-functions.ts), which keep the hoisted names and check in their enter. V8's optimising compiler reads a `const` of the enclosing
 * function's context as the constant it holds, where it reloads a `var` (assigned by init) at every
 * probe: the probe object was loaded three times per call, each with a Smi check, a map check and a
 * call-target compare, and the function id was an addition with an overflow check. With constants, a
 * counted call of a one-line function ran 61-76 machine instructions fewer (callgrind, 2.16 M calls,
 * Node 20, 22, 24). Its bytecode grew (131 -> 143 bytes: a hole check at each read of a `const`, which
 * the optimised code drops), and it is still not inlined into its caller: with its probes' 247 it
 * passes the cumulative budget of 300 that `breadcrumb run` sets.
 * Not for an ES module's hoisted function: it can run (through an import cycle) before the module's
 * first statement, where a `const` is not yet initialised (a ReferenceError); see hoistedBodyNames. An
 * ES module's other functions gain as much: a counted call of a one-line function expression that its
 * caller does not inline ran 60 instructions fewer than with the guarded shape (callgrind, 2 M calls, Node 20).
 */
export function constantNames(names: ModuleNames): ModuleNames {
  return { ...names, probe: `${names.probe}P`, fnBase: `${names.probe}F`, siteBase: `${names.probe}S`, bound: true };
}

/** The locals that hold the probe object and the function id base in the body of an ES module's hoisted function. */
const HOISTED_PROBE = '__bc$p';
const HOISTED_FN_BASE = '__bc$q';

/**
 * The names the body of an ES module's hoisted function (or of a function inside one) uses in the load
 * shape. Its enter binds two locals: the constant probe and function id base once the module's first
 * statement has bound them (and set the module's `ready` flag), else what init returns and the base it
 * set (a call through an import cycle before that statement, where the constants are uninitialised);
 * the body's probes read the local probe. Its call sites add to the hoisted `var` site base. Outside a
 * traced body (a default parameter, a class field) the hoisted names remain, after a call of init.
 * V8 compiles the flag's test to a load and a compare, and the untaken branch away: a counted call of a
 * one-line hoisted function that is not inlined ran 54 instructions fewer than with the former check
 * (`(probe||init()).w(fnBase+0)`, then `probe.v`, `probe.r` reloading the `var`), 6 more than one
 * reading the constants; 45 fewer with the id from the `var` base (callgrind, 2 M calls, Node 20).
 */
export function hoistedBodyNames(names: ModuleNames, constants: ModuleNames): ModuleNames {
  const early = `${names.ready}===void 0`;
  return {
    ...names,
    probe: HOISTED_PROBE,
    fnBase: HOISTED_FN_BASE,
    binding: `${HOISTED_PROBE}=${early}?${names.init}():${constants.probe},${HOISTED_FN_BASE}=${early}?${names.fnBase}:${constants.fnBase}`,
  };
}

/**
 * A probe call around an expression of the program: `(0,probe.m)(`, not `probe.m(`. V8 names an
 * anonymous function in its stack frames from the names around it (`parse(x, { cb: () => {} })` shows
 * as `parse.cb`): a member call would add ours (`__bc$x.a.parse.cb`); a parenthesised sequence adds none.
 */
export function probeCall(probe: string, method: string): string {
  return `(0,${probe}.${method})(`;
}

/** Where V8 shows a frame stopped at a probeCall: its `(` (a member call shows at the method's name). */
export function probeCallPosition(probe: string): number {
  return probe.length + 6;
}

export function wrapInsert(code: string): string {
  return INSERT_OPEN + code + INSERT_CLOSE;
}

/**
 * `probe` when the module is surely initialised (inside a traced body, whose enter initialised it, or
 * anywhere the bound constant is used), else the call that initialises it. Not `(probe || init())`: a
 * statement starting with `(` would continue the previous line when it has no semicolon
 * (`f = function () {}` + newline + `g()`).
 */
export function probeRef(names: ModuleNames, initialised: boolean): string {
  return initialised || names.bound === true ? names.probe : `${names.init}()`;
}

/**
 * `values`: the parameters (`[a,b]`), `arguments` for a function without parameters that reads its
 * `arguments` anyway (so V8 builds the object already), or nothing. `receiver`: the function reads
 * `this`, which a call recorded in detail hands to E as well (`E(id,[a],this)`), also with no values.
 * An ES module's hoisted function can run (through an import cycle) before the module's first
 * statement registered it: its enter binds the probe it checked (hoistedBodyNames). Nothing else of a
 * module can run before that statement, and the check was a fifth of what the code shape costs on a
 * busy program.
 */
export function enterCode(names: ModuleNames, localId: number, values: string | null, receiver = false): string {
  const id = `${names.fnBase}+${localId}`;
  if (receiver) values = `${values ?? '[]'},this`;
  const probe = names.probe;
  const binding = names.binding === undefined ? '' : `${names.binding},`;
  if (values === null) return `const ${binding}${CALL_ID}=${probe}.e(${id});`;
  // `w` enters like `e`, or answers 0 when this call is to be recorded with its values: only then is
  // the array built (and handed to E).
  return `const ${binding}${CALL_ID}=${probe}.w(${id})||${probe}.E(${id},${values});`;
}

export function parameterValues(paramNames: readonly string[]): string | null {
  return paramNames.length === 0 ? null : `[${paramNames.join(',')}]`;
}

/**
 * `original`: in the build shape, the statement that runs the function's original body instead when
 * recording is off (see buildEnterCode), or null.
 */
export function bodyPrologue(
  names: ModuleNames,
  localId: number,
  values: string | null,
  build: BuildShape | null = null,
  original: string | null = null,
  receiver = false,
): string {
  return `${build === null ? enterCode(names, localId, values, receiver) : buildEnterCode(names, localId, values, build, original, receiver)}try{`;
}

/**
 * The build shape (`breadcrumb build`, the Babel plugin): the code of a deployed program, which mostly
 * runs with recording off. Every probe call goes through one process-wide global, defined once and never
 * changed: the recorder's probe object, or a no-op one when recording is off. V8's optimising compiler
 * reads a global that never changed as a constant, so with recording off each probe is inlined to
 * nothing (the `try`/`finally` stays); with it on, the calls are the ones the load shape makes.
 * The name carries the probe API version: a recorder speaking another version is never called.
 */
export const BUILD_PROBE_GLOBAL = `__bc$pv${PROBE_API_VERSION}`;

export interface BuildShape {
  /**
   * An ES module's hoisted function can be called (through an import cycle) before the module's first
   * statement ran its init: such a module checks that its table is registered first. A CommonJS
   * module's functions cannot run before its first statement: the plain global read suffices.
   */
  guarded: boolean;
}

/** The no-op probes carry this flag; the recorder's probe object does not. */
export const PROBES_OFF = 'bcOff';

/**
 * The function's first declaration binds the module's probe name (shadowing the module-level binding)
 * to the global, so that every probe in the body, written as for the load shape, calls through a
 * constant. `original` (a body on one line, see the visitor) runs instead when the module's flag says
 * recording is off (moduleStart), before the `try`: V8 keeps a try/finally's cost even when the calls
 * in it are inlined to nothing.
 */
export function buildEnterCode(
  names: ModuleNames,
  localId: number,
  values: string | null,
  build: BuildShape,
  original: string | null = null,
  receiver = false,
): string {
  const id = `${names.fnBase}+${localId}`;
  if (receiver) values = `${values ?? '[]'},this`;
  const probe = names.probe;
  const source = build.guarded ? `${names.fnBase}===void 0?${names.init}():${BUILD_PROBE_GLOBAL}` : BUILD_PROBE_GLOBAL;
  const binding = `${original === null ? '' : `if(${names.off})${original}`}const ${probe}=${source},`;
  if (values === null) return `${binding}${CALL_ID}=${probe}.e(${id});`;
  return `${binding}${CALL_ID}=${probe}.w(${id})||${probe}.E(${id},${values});`;
}

/**
 * No function but an async one has a catch clause of ours: `n` marks the normal fall-off (a `return` marks it with `v`) and
 * a call that reaches `finally` unmarked left by an exception. V8 rethrows from `finally` with the
 * original message location, so an uncaught exception prints the user's throw line, not ours. The thrown
 * value is learned where it is caught (`catchProbe`) or by the runtime's uncaught-exception monitor
 * (an async function's, which cannot print a header from our line, on its way out). An
 * async function or generator whose frame is suspended when `r` runs was resumed abruptly (an `await`
 * that threw, a generator's `return()`): the recorder tells which from how it was suspended (`s`).
 */
export function bodyEpilogue(names: ModuleNames, asyncFunction = false): string {
  const probe = names.probe;
  // An async function's exception leaves in its promise, often to a rejection callback (`.catch(cb)`,
  // a framework's `then(ok, fail)`) and not to a catch clause: the value is taken on the way out. The
  // rethrow is invisible: the error keeps its stack, and the uncaught-rejection header its first throw.
  const catcher = asyncFunction ? `catch(${THROWN}){${probe}.x(${CALL_ID},${THROWN});throw ${THROWN}}` : '';
  return `;${probe}.n(${CALL_ID})}${catcher}finally{${probe}.r(${CALL_ID})}`;
}


/** The binding of the catch clause of an async function's body (bodyEpilogue). */
const THROWN = '__bc$t';

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

/**
 * The statement a module starts with: its init (the table registered before its code runs, see
 * instrument.ts). In the load shape it binds the constants its probes read (constantNames) and, in an
 * ES module (`hoisted`), then sets the flag its hoisted functions test (hoistedBodyNames). In the build
 * shape it also keeps whether recording is off in a module-level variable, which a copied body tests:
 * read without an inline cache even before V8 optimises the function. A `var`
 * (not a `const`): a function called through an import cycle before the module's first statement reads
 * `undefined` and takes the instrumented path, whose probe binding registers the module first; and a
 * script evaluated twice in one global scope may declare it again.
 */
export function moduleStart(names: ModuleNames, build: BuildShape | null, constants: ModuleNames | null = null, hoisted = false): string {
  if (constants !== null) {
    const ready = hoisted ? `${names.ready}=1;` : '';
    return `const ${constants.probe}=${names.init}(),${constants.fnBase}=${names.fnBase},${constants.siteBase}=${names.siteBase};${ready}`;
  }
  if (build === null) return `${names.init}();`;
  return `var ${names.off}=${names.init}().${PROBES_OFF}===true;`;
}

/** What a module calls when no recorder is installed: every probe does nothing and passes values on. */
const NOOP_PROBES =
  `{ pv: ${PROBE_API_VERSION}, ${PROBES_OFF}: true, c: false, e: function () { return 1; }, w: function () { return 1; }, E: function () { return 1; }, ` +
  'r: function () {}, x: function () {}, n: function () {}, k: function () {}, K: function () {}, v: function (c, v) { return v; }, ' +
  's: function (c, v) { return v; }, R: function (c, v) { return v; }, ' +
  'b: function (s, v) { return v; }, a: function (s, v) { return v; }, m: function () { return [0, 0]; }, ' +
  // an empty iterable of its own: an array's spread would call a program's Array.prototype[Symbol.iterator]
  'B: function () { return { next: function () { return { done: true }; }, [Symbol.iterator]: function () { return this; } }; } }';

/** The end of the file: declarations (hoisted, so probes work before the top of the module ran). */
export function moduleEpilogue(names: ModuleNames, tableJson: string, build: BuildShape | null = null, hoisted = false): string {
  if (build !== null) return buildModuleEpilogue(names, tableJson);
  return (
    `var ${names.probe}, ${names.fnBase}, ${names.siteBase}${hoisted ? `, ${names.ready}` : ''}; ` +
    `function ${names.init}() { if (${names.probe}) return ${names.probe}; ` +
    `var g = typeof globalThis === "object" && globalThis ? globalThis.__breadcrumb__ : undefined; ` +
    `if (g && g.pv === ${PROBE_API_VERSION}) { try { var r = g.m(${tableJson}); ${names.fnBase} = r[0]; ${names.siteBase} = r[1]; return ${names.probe} = g; } catch (e) {} } ` +
    `${names.fnBase} = 0; ${names.siteBase} = 0; return ${names.probe} = ${NOOP_PROBES}; } ` +
    `${names.init}();`
  );
}

/**
 * The build shape's init: the first module to run decides for the whole process (the recorder when one
 * speaking this probe API is installed, else the no-op probes) and defines the global; every module then
 * registers its table with that choice, so a module's own binding and the global are always the same
 * object. Not writable and never redefined: V8 keeps treating it as a constant.
 */
function buildModuleEpilogue(names: ModuleNames, tableJson: string): string {
  return (
    `var ${names.probe}, ${names.fnBase}, ${names.siteBase}; ` +
    `function ${names.init}() { if (${names.probe}) return ${names.probe}; ` +
    `var o = typeof globalThis === "object" && globalThis ? globalThis : {}, p = o.${BUILD_PROBE_GLOBAL}; ` +
    `if (!p) { var g = o.__breadcrumb__; p = g && g.pv === ${PROBE_API_VERSION} ? g : ${NOOP_PROBES}; ` +
    `try { Object.defineProperty(o, "${BUILD_PROBE_GLOBAL}", { value: p, configurable: true }); } catch (e) {} } ` +
    `${names.fnBase} = 0; ${names.siteBase} = 0; ` +
    `try { var r = p.m(${tableJson}); ${names.fnBase} = r[0]; ${names.siteBase} = r[1]; } catch (e) {} ` +
    `return ${names.probe} = p; } ` +
    `${names.init}();`
  );
}
