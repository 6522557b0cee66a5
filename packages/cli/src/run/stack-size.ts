// Instrumented functions have bigger stack frames than the originals (the probes' registers, the
// try/finally), so a recursion that fits in plain Node's stack can overflow when traced: a one-argument
// recursive function reached 10,466 levels plain and 6,332 traced (Node 20). V8 fixes a process's stack
// limit when it starts and NODE_OPTIONS refuses --stack-size, so when the command is `node` itself its
// command line gets a larger one. 1,900 KiB was enough for small functions, not for a method that writes
// an outer binding (10,466 levels plain, 9,711 traced); 2,400 KiB gives every shape of
// test/fixtures/deep-recursion at least plain's depth (that method: 12,271). The runtime takes the flag back out of
// `process.execArgv`, where the program would see it (settings.addedExecArgv), and gives it to the node
// processes the program starts (core's process/child-environment.ts); commands run through a shell,
// npx and npm scripts start with V8's default. The price: with a V8 flag of its own, Node
// compiles its built-in modules without their code cache, 15-40 ms more start-up (the most on Node 20,
// whose ES module hooks thread loads the whole ESM loader); a user's own --stack-size skips it.
import fs from 'node:fs';
import { mayAddNodeFlag } from './node-flag-owner.js';

/** V8's stack limit when traced, in KiB (its default on 64-bit platforms is 984). */
export const TRACED_STACK_KIB = 2400;

/** The main thread's stack must leave room around V8's limit: its size at least twice that limit. */
const MIN_THREAD_STACK_BYTES = 2 * TRACED_STACK_KIB * 1024;

/** The flags `command` gets before its own: none unless it runs node and the stack has room. */
export function tracedNodeFlags(command: readonly string[], threadStackBytes: number | null): string[] {
  // NODE_OPTIONS cannot hold --stack-size: only the command line can have one of the user's own
  if (!mayAddNodeFlag(command, '--stack-size', undefined)) return [];
  if (threadStackBytes !== null && threadStackBytes < MIN_THREAD_STACK_BYTES) return [];
  return [`--stack-size=${TRACED_STACK_KIB}`];
}

/**
 * The main thread's stack size a child will get: the soft RLIMIT_STACK (Linux, from /proc), null when
 * unlimited; 0 where it cannot be known for sure (Windows, where a larger V8 limit could crash).
 */
export function mainThreadStackBytes(): number | null {
  if (process.platform === 'darwin') return 8 * 1024 * 1024; // the default for every macOS process
  if (process.platform !== 'linux') return 0;
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max stack size'));
    const soft = line?.slice('Max stack size'.length).trim().split(/\s+/)[0];
    if (soft === 'unlimited') return null;
    const bytes = Number(soft);
    return Number.isFinite(bytes) ? bytes : 0;
  } catch {
    return 0;
  }
}
