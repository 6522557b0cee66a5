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
 * Bytes of bytecode TurboFan may inline into one optimized function of `breadcrumb run`'s own ingest.
 * Its compiles are its warm-up: the ingest runs for about as long as the program, in a process that
 * starts cold, and TurboFan compiles its hot functions several times (each kind of event, each path
 * of the statements' chunking, first met after a compile, throws that code away). Less inlining makes
 * each compile cheaper and the code it makes a little slower; over a corpus program's whole ingest
 * (callgrind --predictable, scripts/bench/ingest-replay.mjs SPOOL 1, whole process, Node 20), 300 ->
 * 100: js-yaml's spool 3,825 -> 3,498 M instructions (TurboFan 800 -> 556 M), lodash's 4,388 ->
 * 4,334, marked's 3,752 -> 3,639, acorn's (101 MB) 5,892 -> 5,851 (TurboFan -144 M, the compiled
 * code +124 M: a spool several times acorn's would ingest a little slower). 200: js-yaml 3,680; 50:
 * 3,544.
 */
export const INGEST_INLINING_BUDGET = 100;

/**
 * The ingest's budget in this process, set once when `breadcrumb run` starts ingesting. With V8's
 * default (920), a fifth of the instructions of a cold ingest were TurboFan's, on a thread that takes
 * its CPU from the traced program. Everything `run` loads is loaded by then but for one of Node's
 * built-in modules (own-v8-flags.ts: the code cache). Never throws.
 */
export function narrowIngestInlining(execArgv: readonly string[] = process.execArgv): boolean {
  return setOwnV8Flag(`${FLAG}=${INGEST_INLINING_BUDGET}`, execArgv);
}
