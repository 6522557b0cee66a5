// Node 20's ES module hooks (`module.register`) run in a thread of their own, which `register` starts
// and then waits for: about 90 ms before the program's first line, and as much CPU again on the other
// core, in every process of a run. A program that starts as CommonJS needs them only once it may load an
// ES module, which Node can only do from code it compiles: an `import(` in a module's text (or in text
// it hands to eval, Function or vm), an ES module `require`d (require(esm), Node ≥ 20.19), or a `.js`
// file of a package without "type" whose syntax Node finds to be a module's. So for such a program the
// registration waits for the first module compiled with one of those, and happens just before Node
// compiles it; a program that starts as an ES module, or on a command line that may load one
// (--import, --loader, -e, the REPL, --test...), registers at start as before.
//
// For a module Breadcrumb instruments, the instrumenter parsed it and says (its `loadsModules`): an
// actual `import()`, module syntax, or a string that may be run as code with an `import(` in it
// (instrumenter's module-loads.ts), not a mention in a comment or an error message (acorn's
// "Trailing comma is not allowed in import()" cost its every run the hooks thread). For a module it
// does not instrument, its text is searched with the patterns below.
//
// Registering while the program runs must leave no trace in it: the hooks thread's stdio piping queues
// process.nextTick callbacks (which would make Node run the current turn's microtasks inside
// processTicksAndRejections, one more frame in async stacks), and Node announces the thread with a
// `process.emit('worker')`. Both are taken in hand: the callbacks run at once, the announcement goes
// nowhere (the program never sees Node's own loader thread, as when it registers at start).
// What no compile shows (an import in text the program builds while it runs, a REPL it starts) loads
// untraced; the runtime's periodic flush then sees that Node's loader started and registers the hooks,
// so that the imports after it are traced.
import path from 'node:path';
import { nodeFlags } from './node-flags.js';
import { packageTypeOf } from './package-type.js';

/** Node flags whose process may load an ES module before any module is compiled through the hooks. */
const EAGER_FLAGS = ['--import', '--loader', '--experimental-loader', '--experimental-default-type', '--input-type', '--eval', '--print', '--interactive', '--test', '--watch'];
const EAGER_SHORT_FLAGS = new Set(['-e', '-p', '-pe', '-i', '-']);

/** A dynamic import: `import(`, also with a comment or line break before the parenthesis. */
const DYNAMIC_IMPORT = /\bimport\s*(?:\(|\/[*/])/;
/** `import.meta`, which only a module has. */
const IMPORT_META = /\bimport\s*\.\s*meta\b/;
/**
 * Module syntax as statements start, at the start of a line (comments' lines start with // or *):
 * `import x from`, `import {`, `import '...'`, `export ...`. A line of a comment that starts so
 * registers the hooks for nothing, which is harmless.
 */
const MODULE_STATEMENT = /^[ \t]*(?:import(?:\s+[\w$]|\s*[{*'"])|export(?:\s+[\w$]|\s*[{*]))/m;
/**
 * A top-level await, unindented (an await in a function's body is indented), which also makes Node run
 * an entry point as a module. (An entry point that is a module imports something too, which the
 * patterns above find.)
 */
const LINE_AWAIT = /^(?:(?:const|let|var)\s[^=\n]*=\s*)?await\b/m;

export interface EsmOnDemand {
  /** Whether the hooks are still to be registered. */
  readonly pending: boolean;
  /**
   * Before Node compiles a CommonJS-loaded file's `source` (its `format` as Node passes it: 'module' for
   * require(esm), 'commonjs', or undefined when Node decides from the syntax): registers the hooks if
   * the file may load an ES module, as the instrumenter found (`loadsModules`), or, for a file it did
   * not instrument (null), as its text shows.
   */
  beforeCompile(source: unknown, format: unknown, isMain: boolean, loadsModules?: boolean | null): void;
  /** Before node:vm compiles `code` that may import (it was given an importModuleDynamically). */
  beforeVmCode(code: unknown): void;
  /** Registers the hooks now if they are not (the program registers hooks of its own). */
  now(): void;
  /**
   * Registers the hooks if Node's ES module loader started without them, from what no compile showed
   * (an import in text built while the program runs, a REPL's): the imports after it are traced. For
   * a periodic check; cheap.
   */
  ifLoaderStarted(): void;
}

/**
 * The entry `process.moduleLoadList` gets once Node's ES module loader runs a module (import() or a
 * required ES module). Not esm/loader itself: on Node 20.20 require('node:module') loads that, and the
 * runtime does at start, so every CommonJS program started the hooks thread at its first flush.
 */
const LOADER_MODULE = 'NativeModule internal/modules/esm/module_job';

/** Defers `register` (which starts Node's hooks thread) until the program may load an ES module. */
export function esmOnDemand(register: () => void, onError: (error: unknown) => void): EsmOnDemand {
  let pending = true;
  const registerNow = (): void => {
    if (!pending) return;
    pending = false;
    try {
      withoutStartupNoise(register);
    } catch (error) {
      onError(error);
    }
  };
  return {
    get pending() {
      return pending;
    },
    beforeCompile(source, format, isMain, loadsModules = null) {
      if (!pending || typeof source !== 'string') return;
      if (format === 'module' || (loadsModules ?? mayLoadModules(source, format === undefined, isMain))) registerNow();
    },
    beforeVmCode(code) {
      if (pending && typeof code === 'string' && DYNAMIC_IMPORT.test(code)) registerNow();
    },
    now: registerNow,
    ifLoaderStarted() {
      if (!pending) return;
      const loaded = (process as unknown as { moduleLoadList?: unknown }).moduleLoadList;
      if (Array.isArray(loaded) && loaded.includes(LOADER_MODULE)) registerNow();
    },
  };
}

/**
 * Whether CommonJS-loaded `source` may load an ES module: a dynamic import, or, when Node decides its
 * format from its syntax (`detected`), module syntax (and, for the entry point, a top-level await).
 */
export function mayLoadModules(source: string, detected: boolean, isMain: boolean): boolean {
  if (DYNAMIC_IMPORT.test(source)) return true;
  if (!detected) return false;
  return hasModuleSyntax(source) || (isMain && LINE_AWAIT.test(source));
}

/** Whether `source` has syntax only a module has: `import.meta`, or an import or export statement. */
export function hasModuleSyntax(source: string): boolean {
  return IMPORT_META.test(source) || MODULE_STATEMENT.test(source);
}

/**
 * Whether this process must register at start: its command line may load an ES module before any
 * module is compiled (a flag above, no entry file: the REPL, -e, stdin), or its entry point is one.
 */
export function esModulesFromStart(argv: readonly string[] = process.argv, flags: readonly string[] = nodeFlags()): boolean {
  for (const flag of flags) {
    if (EAGER_SHORT_FLAGS.has(flag)) return true;
    if (EAGER_FLAGS.some((eager) => flag === eager || flag.startsWith(`${eager}=`) || (eager === '--watch' && flag.startsWith(eager)))) return true;
  }
  const entry = argv[1];
  if (entry === undefined || entry === '' || entry === '-') return true;
  let file: string;
  try {
    file = require.resolve(path.resolve(entry));
  } catch {
    return true; // Node fails to find it too, or finds it some other way: as before
  }
  if (file.endsWith('.mjs') || file.endsWith('.mts')) return true;
  if (file.endsWith('.cjs') || file.endsWith('.cts')) return false;
  const type = packageTypeOf(file);
  return type === 'module' || type === null;
}

type TickCallback = (...args: unknown[]) => void;

/**
 * Runs `register` with the nextTick callbacks it queues run right after it, here, and its
 * `process.emit('worker', ...)` dropped: the program's queue and listeners are left as they were.
 */
function withoutStartupNoise(register: () => void): void {
  const queued: [TickCallback, unknown[]][] = [];
  const nextTick = process.nextTick;
  process.nextTick = function queueForNow(callback: TickCallback, ...args: unknown[]) {
    queued.push([callback, args]);
  } as typeof process.nextTick;
  try {
    register();
  } finally {
    process.nextTick = nextTick;
  }
  if (queued.length === 0) return;
  const emit = process.emit;
  process.emit = function emitButWorker(this: NodeJS.Process, event: string | symbol, ...args: unknown[]): boolean {
    return event === 'worker' ? false : (emit as (...a: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof process.emit;
  try {
    for (const [callback, args] of queued) {
      try {
        callback(...args);
      } catch {
        // Node's own bookkeeping; nothing of the program's
      }
    }
  } finally {
    process.emit = emit;
  }
}
