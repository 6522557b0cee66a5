// Instrumented functions carry the probes' bytecode: on lodash, 2.5 times the original bytecode in
// all, 4.6 times for the median function (small ones grow the most). V8 before version 12 (Node 20)
// tiers a function up to its optimising compiler once the function has run a fixed amount of
// bytecode (`--interrupt-budget`, 66 KiB), so a traced function was optimised after a fraction of
// the calls it needs plain, and lukewarm code plain node never optimises was compiled too: acorn's
// traced run made 368 optimised compilations, 234 with the budget scaled, and V8's compiler thread
// used 1.7 s of CPU against 1.1 s, CPU that `breadcrumb run` needs for the program and its ingest.
// Scaling the budget by about the growth puts tier-up back near plain node's points. V8 12 and later
// count invocations instead (the budget is a count times the function's own bytecode length), which
// grows with the function already. Yet on V8 12 as Node 22 ships it (TurboFan alone, Maglev off)
// traced code still went to TurboFan far more often than plain code (acorn: 376 compilations against
// 288; lodash: 230 against 142), and its compiler thread took 0.3-0.4 s more CPU than Node 20's:
// twice the invocation count (6,000) cut the traced run's other threads by 140 ms (lodash) to 340 ms
// (acorn) with the main thread no slower (3 runs, per-thread CPU). Node 24 (V8 13, Maglev first)
// was slower with it (+200 ms of compiler CPU on acorn, +60 ms main): it is left alone.
//
// A V8 flag set after start-up changes V8's flag hash, and Node then compiles the built-in modules
// loaded later without their code cache (10 ms more for http, zlib, crypto, readline and stream/web),
// as a V8 flag on the command line does from the start. So the budget is raised only in a process
// whose command line has a V8 flag already (`breadcrumb run` gives `node` commands `--stack-size`),
// where that cache is lost anyway: a process started through npx, npm or a shell pays nothing more.
import { setFlagsFromString } from 'node:v8';

/** V8 11's default `--interrupt-budget` (bytes of bytecode). */
export const V8_11_INTERRUPT_BUDGET = 67584;
/** How much larger the budget is made: about the median traced function's bytecode growth. */
export const TIER_UP_BUDGET_SCALE = 4;
/** V8 12.4's `--invocation-count-for-turbofan` for traced code (its default: 3,000). */
export const V8_12_TURBOFAN_INVOCATIONS = 6000;

export interface TierUpEnvironment {
  v8Version: string;
  /** The command line's node options as started (before the runtime hides the ones it added). */
  execArgv: readonly string[];
  nodeOptions: string | undefined;
  setFlags: (flags: string) => void;
}

/**
 * Delays V8's tier-up for instrumented code, once per process (V8 flags are process-wide): V8 11's
 * bytecode budget scaled, V8 12.4's TurboFan invocation count doubled (Node 22, Maglev off);
 * returns the flag set, or null when there is nothing to do: V8 after 12.4 (Maglev on), a
 * command line without a V8 flag (see above), or a tier-up flag of the program's own command line or
 * NODE_OPTIONS. Never throws.
 */
export function scaleTierUpBudget(env: TierUpEnvironment): string | null {
  const [major = NaN, minor = NaN] = env.v8Version.split('.').map((part) => Number.parseInt(part, 10));
  // V8 12.4 is Node 22's (Maglev off); later V8s tier up through Maglev
  if (!Number.isFinite(major) || major > 12 || (major === 12 && !(minor <= 4))) return null;
  if (!env.execArgv.some((arg) => /^--stack[-_]size(=|$)/.test(arg))) return null;
  const own = [...env.execArgv, ...(env.nodeOptions ?? '').split(/\s+/)];
  let flag: string;
  if (major < 12) {
    if (own.some((arg) => /^--interrupt[-_]budget(=|$)/.test(arg))) return null;
    flag = `--interrupt-budget=${V8_11_INTERRUPT_BUDGET * TIER_UP_BUDGET_SCALE}`;
  } else {
    if (own.some((arg) => /^--(?:invocation[-_]count[-_]for[-_]turbofan|maglev)(=|$)/.test(arg))) return null;
    flag = `--invocation-count-for-turbofan=${V8_12_TURBOFAN_INVOCATIONS}`;
  }
  try {
    env.setFlags(flag);
    return flag;
  } catch {
    return null;
  }
}

/** This process, with its command line as started (`execArgv`: read before hideAddedExecArgv). */
export function tierUpEnvironment(execArgv: readonly string[]): TierUpEnvironment {
  return { v8Version: process.versions.v8, execArgv, nodeOptions: process.env.NODE_OPTIONS, setFlags: setFlagsFromString };
}
