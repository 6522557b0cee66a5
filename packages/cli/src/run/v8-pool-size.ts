// V8's background threads (optimizing compiles, concurrent and parallel garbage collection) are a pool
// of 4 by default. Traced code keeps them busier than plain code (bigger functions to optimize: 1 s of
// compile CPU tracing lodash's corpus driver, 0.2 s plain), and `breadcrumb run` ingests the events on
// a core of its own while the program runs: on 2 cores the pool took the main thread's core away from
// it. The node `breadcrumb run` starts gets a pool the size of the cores left once its main thread and
// the ingest have one each (1 to 4); a pool size of the user's own (command line or NODE_OPTIONS) wins.
// It changes no behaviour of the program, only when its functions get optimized. Measured on 2 cores,
// the corpus under `breadcrumb run`, 3 rounds interleaved: acorn -8%, lodash -7%, marked -7%,
// immer -3%, js-yaml 0%.
import { mayAddNodeFlag } from './node-flag-owner.js';

/** Node's own default. */
export const DEFAULT_V8_POOL_SIZE = 4;

/** The `--v8-pool-size` flag `command` gets, if any, on a machine of `cores` cores. */
export function tracedPoolFlags(command: readonly string[], nodeOptions: string | undefined, cores: number): string[] {
  if (!mayAddNodeFlag(command, '--v8-pool-size', nodeOptions)) return [];
  const size = Math.min(DEFAULT_V8_POOL_SIZE, Math.max(1, Math.floor(cores) - 2));
  return size === DEFAULT_V8_POOL_SIZE ? [] : [`--v8-pool-size=${size}`];
}
