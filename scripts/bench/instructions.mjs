// Instructions a whole node process executes, counted by valgrind's callgrind. Unlike wall or CPU time
// they do not follow the machine's load, so a change of a few percent shows in one run of each side.
// With `predictable`, node gets `--predictable --random-seed=1`: V8 compiles on the main thread and
// hashes the same way each time, so the count repeats to ~0.1% (the optimizing compiler's work is then
// counted in full; in a normal run it is on a background thread). Slow: 20-50 times the plain run.
import { spawnSync } from 'node:child_process';

/**
 * Instructions of `node [nodeFlags] file [args]` (every thread, callgrind's "Collected"), or null when
 * valgrind is missing or the run failed.
 */
export function countInstructions(file, { args = [], nodeFlags = [], env = process.env, cwd = process.cwd(), predictable = false } = {}) {
  const flags = predictable ? ['--predictable', '--random-seed=1', ...nodeFlags] : nodeFlags;
  const result = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...flags, file, ...args], {
    env,
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const collected = /Collected : (\d+)/.exec(result.stderr ?? '');
  return result.status === 0 && collected !== null ? Number(collected[1]) : null;
}
