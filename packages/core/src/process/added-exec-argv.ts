// `breadcrumb run` gives the node it starts flags the program did not ask for (a larger --stack-size:
// instrumented functions have bigger frames), and the runtime gives them to the node processes the
// program starts (child-environment.ts), and a worker thread the preload it must run (worker-threads.ts).
// Every program must see the execArgv it was started with.
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';
import { ENV } from '../settings.js';

/** Environment data a thread sets just before it starts a worker: the execArgv entries it appended. */
const WORKER_ADDED_DATA = 'breadcrumb.workerAddedExecArgv';

/**
 * Removes the added flags from process.execArgv: `flags` (settings.addedExecArgv) in the process
 * `breadcrumb run` started, the ones listed in BREADCRUMB_ADDED_EXEC_ARGV in a child of a traced process,
 * and in a worker thread the entries its creating thread appended to the execArgv it was given.
 */
export function hideAddedExecArgv(flags: readonly string[] | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (!isMainThread) {
    hideWorkerAddedExecArgv();
    return;
  }
  const listed = env[ENV.addedExecArgv];
  delete env[ENV.addedExecArgv];
  const added = env[ENV.parentKey] === undefined ? (flags ?? []) : flagsListed(listed);
  for (const flag of added) {
    const at = process.execArgv.indexOf(flag);
    if (at >= 0) process.execArgv.splice(at, 1);
  }
}

/**
 * Tells the worker about to be constructed in this thread which entries were appended to its execArgv
 * (environment data is cloned into a worker when it is constructed, so each worker gets its own list).
 */
export function announceWorkerAddedExecArgv(added: readonly string[]): void {
  try {
    setEnvironmentData(WORKER_ADDED_DATA, added.length > 0 ? JSON.stringify(added) : undefined);
  } catch {
    // the worker will show them
  }
}

function hideWorkerAddedExecArgv(): void {
  try {
    const added = flagsListed(getEnvironmentData(WORKER_ADDED_DATA) as string | undefined);
    // the thread's own workers get their own list (or none) when they are constructed
    setEnvironmentData(WORKER_ADDED_DATA, undefined);
    if (added.length === 0) return;
    const argv = process.execArgv;
    const at = argv.length - added.length;
    if (at >= 0 && added.every((flag, i) => argv[at + i] === flag)) argv.splice(at, added.length);
  } catch {
    // execArgv stays as the worker got it
  }
}

function flagsListed(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const flags: unknown = JSON.parse(text);
    return Array.isArray(flags) ? flags.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}
