// Each traced function calls the runtime's probes (enter, return, the two around an untraced call)
// from inside a try/finally. V8's optimizing compiler inlines small callees into a function up to a
// cumulative budget (920 bytes of bytecode): the probes are small and fit, but the program's own small
// functions then fill the rest of the budget, and every call inlined inside the try gets an exception
// edge to its handler, so the graphs TurboFan builds for traced code are several times plain code's.
// Its background threads spent ~0.7 s compiling lodash's corpus driver traced against 0.2 s plain, on
// the core where `breadcrumb run` ingests. A smaller budget keeps the probes inlined and inlines less
// of the program's code: the same driver's process tree took 13% less CPU (js-yaml 5%, acorn 6%), the
// main thread no slower (scripts/bench/inlining-budget.mjs). It changes when the program's functions
// are optimized, never what they do; the program does not see the flag (settings.addedExecArgv) and
// node processes it starts get it too. A budget of the user's own wins.
import { mayAddNodeFlag } from './node-flag-owner.js';
import { setOwnV8Flag } from './own-v8-flags.js';

/** Bytes of bytecode V8 may inline into one optimized function when traced (V8's default: 920). */
export const TRACED_INLINING_BUDGET = 300;

const FLAG = '--max-inlined-bytecode-size-cumulative';

/** The flag `command` gets, if any: only node itself, and only without a budget of its own. */
export function tracedInliningFlags(command: readonly string[]): string[] {
  // NODE_OPTIONS refuses V8's own flags: only the command line can have a budget of the user's own
  if (!mayAddNodeFlag(command, FLAG, undefined)) return [];
  return [`${FLAG}=${TRACED_INLINING_BUDGET}`];
}

/**
 * The same budget for this process's own ingest, set once when `breadcrumb run` starts ingesting.
 * TurboFan compiles the ingest's hot functions several times in a run (each kind of event, each
 * path of the statements' chunking, first met after a compile, throws that code away), and each
 * compile of the per-event loop inlined up to 920 bytes of helpers: a fifth of the instructions of
 * a cold ingest were TurboFan's, on a thread that takes its CPU from the traced program. With 300 its
 * compiles took a quarter to a third fewer instructions, the main thread's the same (callgrind,
 * scripts/bench/ingest-replay.mjs on acorn's spool). Everything `run` loads is loaded by then but
 * for one of Node's built-in modules (own-v8-flags.ts: the code cache). Never throws.
 */
export function narrowIngestInlining(execArgv: readonly string[] = process.execArgv): boolean {
  return setOwnV8Flag(`${FLAG}=${TRACED_INLINING_BUDGET}`, execArgv);
}
