// `breadcrumb run` gives the node it starts flags the program did not ask for (a larger --stack-size:
// instrumented functions have bigger frames), and the runtime gives them to the node processes the
// program starts (child-environment.ts), and a worker thread the preload it must run (worker-threads.ts).
// Every program must see the execArgv it was started with.
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';
import { ENV } from '../settings.js';
import { ownJson } from '../node-originals.js';

/**
 * Environment data a thread sets just before it starts a worker: the execArgv entries it appended for
 * it, and the flags this thread hid that the worker inherits with the execArgv Node gives it by default
 * (the process's own, as it was started: Node 22 and 24 start workers with no execArgv of ours).
 */
const WORKER_ADDED_DATA = 'breadcrumb.workerAddedExecArgv';

interface WorkerAdded {
  appended: string[];
  inherited: string[];
}

/** The flags hidden from this thread's process.execArgv (a worker started with its default execArgv has them too). */
let hiddenHere: string[] = [];

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
  hiddenHere = removeEach(process.execArgv, added);
}

/** Removes each of `flags` from `argv` (its first occurrence); returns those it found. */
function removeEach(argv: string[], flags: readonly string[]): string[] {
  const removed: string[] = [];
  for (const flag of flags) {
    const at = argv.indexOf(flag);
    if (at < 0) continue;
    argv.splice(at, 1);
    removed.push(flag);
  }
  return removed;
}

/**
 * Tells the worker about to be constructed in this thread which entries were appended to its execArgv
 * (environment data is cloned into a worker when it is constructed, so each worker gets its own list).
 */
export function announceWorkerAddedExecArgv(appended: readonly string[], inheritsExecArgv: boolean): void {
  try {
    const added: WorkerAdded = { appended: appended.slice(), inherited: inheritsExecArgv ? hiddenHere.slice() : [] };
    const none = added.appended.length === 0 && added.inherited.length === 0;
    setEnvironmentData(WORKER_ADDED_DATA, none ? undefined : ownJson.stringify(added));
  } catch {
    // the worker will show them
  }
}

function hideWorkerAddedExecArgv(): void {
  try {
    const added = workerAdded(getEnvironmentData(WORKER_ADDED_DATA));
    // the thread's own workers get their own list (or none) when they are constructed
    setEnvironmentData(WORKER_ADDED_DATA, undefined);
    const argv = process.execArgv;
    const { appended } = added;
    const at = argv.length - appended.length;
    if (appended.length > 0 && at >= 0 && appended.every((flag, i) => argv[at + i] === flag)) argv.splice(at, appended.length);
    hiddenHere = removeEach(argv, added.inherited);
  } catch {
    // execArgv stays as the worker got it
  }
}

function workerAdded(data: unknown): WorkerAdded {
  const none: WorkerAdded = { appended: [], inherited: [] };
  if (typeof data !== 'string') return none;
  try {
    const parsed = ownJson.parse(data) as Partial<WorkerAdded> | null;
    const strings = (list: unknown): string[] => (Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : []);
    return { appended: strings(parsed?.appended), inherited: strings(parsed?.inherited) };
  } catch {
    return none;
  }
}

function flagsListed(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const flags: unknown = ownJson.parse(text);
    return Array.isArray(flags) ? flags.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}
