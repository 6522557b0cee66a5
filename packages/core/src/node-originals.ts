// Node's own fs functions and clock, taken when Breadcrumb loads: before the program runs, so before it
// can patch them. Programs do: graceful-fs replaces fs.closeSync (and its replacement resets the
// program's retry queue), mock-fs and memfs swap the file system, fake timers replace performance.now.
// Breadcrumb's own work (spool files, the transform cache) going through such a patch would run the
// program's code where the program did not call it, and, with that code traced, record calls in the
// middle of writing a batch of events.
import fs from 'node:fs';

export const ownFs = {
  closeSync: fs.closeSync,
  existsSync: fs.existsSync,
  mkdirSync: fs.mkdirSync,
  openSync: fs.openSync,
  readdirSync: fs.readdirSync,
  readFileSync: fs.readFileSync,
  realpathSync: fs.realpathSync,
  renameSync: fs.renameSync,
  rmSync: fs.rmSync,
  statSync: fs.statSync,
  unlinkSync: fs.unlinkSync,
  writeFileSync: fs.writeFileSync,
  writeSync: fs.writeSync,
} as const;

/**
 * JSON as Node made it. core-js replaces both methods (JSON.rawJSON, the source text of JSON.parse's
 * reviver) with code the program traces: capturing the arguments of its `stringify` called `stringify`
 * again for each argument's name, until the process died.
 */
export const ownJson: { stringify: typeof JSON.stringify; parse: typeof JSON.parse } = { stringify: JSON.stringify, parse: JSON.parse };

/**
 * The realm's Error as Node made it. A program may replace the global one: zone.js's ZoneAwareError
 * forwards `stackTraceLimit` through an accessor and `captureStackTrace` through a function of its own,
 * both traced code, which our probes reading a stack would run (and re-enter themselves through). V8
 * reads the limit from this one, and Node formats through its `prepareStackTrace` when the global's
 * forwards to it or has none.
 */
export const OwnError: ErrorConstructor = Error;

// Taken at its first use, not here: reading the `performance` global loads Node's perf_hooks (~2 ms),
// which the CLI (loading this through the core's index) never needs. A traced process's first use is
// the spool writer's, made as the runtime starts, before the program runs.
let performanceNow: (() => number) | null = null;
const dateNow = Date.now;

/** performance.now() as Node made it. */
export function ownPerformanceNow(): number {
  performanceNow ??= performance.now.bind(performance);
  return performanceNow();
}

/** Date.now() as Node made it. */
export function ownDateNow(): number {
  return dateNow();
}
