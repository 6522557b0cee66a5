// Breadcrumb wraps a few of Node's functions (child_process's spawns, worker_threads' Worker, node:vm's
// evaluation, MessagePort's postMessage, CommonJS compilation): each wrapper is a frame of its own under
// what it calls, which a plain run does not have. A file of wrappers has its frames left out of stacks
// (Error.stack, the CallSite API), and a wrapper raises Error.stackTraceLimit by one while it runs, so
// that a stack cut at the limit still ends with the frame a plain run's ends with. A program that sets a
// limit of its own meanwhile keeps it.
//
// A stack made deeper inside the wrapper's call is cut before it reaches the wrapper's frame: it has one
// frame more than a plain run's, with nothing of ours to leave out. Such a stack is exactly as long as the
// raised limit: it is cut back to the program's limit when it is formatted while the raise is in force,
// or after the wrapper's call (an error thrown out through it, or kept) while the program's limit is
// still the one it raised. What a program reads from Error.stackTraceLimit while a wrapper runs is one
// more (README, known differences).
import { registerStackCut, registerStackRewrite } from './stack-positions.js';

const hiddenFiles = new Set<string>();

/** Stacks leave out the frames of `file` (a compiled module of ours made of wrappers). */
export function hideWrapperFrames(file: string): void {
  if (hiddenFiles.size === 0) registerStackRewrite((sites) => (sites.some(isHidden) ? sites.filter((site) => !isHidden(site)) : sites));
  hiddenFiles.add(file);
}

function isHidden(site: NodeJS.CallSite): boolean {
  const file = site.getFileName?.();
  return file !== undefined && file !== null && hiddenFiles.has(file);
}

/** A raise: the realm's Error, the limit set, and the program's own limit under it. */
export interface RaisedLimit {
  realmError: ErrorConstructor;
  raised: number;
  program: number;
}

/** Raises in force, innermost last. */
const inForce: RaisedLimit[] = [];
/**
 * Raises whose wrapper's call ended, latest first, one for each limit raised (a nested wrapper ends
 * before the one around it, and either's stack may be read later).
 */
const ended: EndedRaise[] = [];
const ENDED_KEPT = 4;
/** An ended raise: its realm held weakly (a vm context jest is done with goes). */
interface EndedRaise {
  realm: WeakRef<ErrorConstructor>;
  raised: number;
  program: number;
}
let cutRegistered = false;

/**
 * Raises the realm's Error.stackTraceLimit by one for a wrapper's frame (errors count the limit of the
 * realm whose code makes them: a vm context's own for its code); undefined when it was left (not a
 * finite number, not writable, no realm). The wrapper hands it to restoreStackLimit once its call is over.
 */
export function allowWrapperFrame(realmError: ErrorConstructor | null = Error): RaisedLimit | undefined {
  if (realmError === null) return undefined;
  if (!cutRegistered) {
    registerStackCut(programLimitOf);
    cutRegistered = true;
  }
  try {
    const limit = realmError.stackTraceLimit;
    if (typeof limit !== 'number' || !Number.isFinite(limit)) return undefined;
    const outer = innermostUntouched(realmError);
    realmError.stackTraceLimit = limit + 1;
    if (realmError.stackTraceLimit !== limit + 1) return undefined;
    const raise = { realmError, raised: limit + 1, program: outer?.program ?? limit };
    inForce.push(raise);
    return raise;
  } catch {
    return undefined;
  }
}

/** Puts the limit back after the wrapper's call, unless the program set one of its own meanwhile. */
export function restoreStackLimit(raise: RaisedLimit | undefined): void {
  if (raise === undefined) return;
  const at = inForce.lastIndexOf(raise);
  if (at >= 0) inForce.splice(at, 1);
  const same = ended.findIndex((other) => other.raised === raise.raised && other.realm.deref() === raise.realmError);
  if (same >= 0) ended.splice(same, 1);
  else if (ended.length === ENDED_KEPT) ended.pop();
  ended.unshift({ realm: new WeakRef(raise.realmError), raised: raise.raised, program: raise.program });
  try {
    if (raise.realmError.stackTraceLimit === raise.raised) raise.realmError.stackTraceLimit = raise.raised - 1;
  } catch {
    // a limit made read-only meanwhile stays as it is
  }
}

/** The innermost raise in force in the realm whose limit the program left as it was raised. */
function innermostUntouched(realmError: ErrorConstructor): RaisedLimit | undefined {
  for (let i = inForce.length - 1; i >= 0; i--) {
    const raise = inForce[i]!;
    if (raise.realmError === realmError) return readLimit(realmError) === raise.raised ? raise : undefined;
  }
  return undefined;
}

/**
 * How many frames of a stack `captured` frames long (before ours were left out) a plain run shows, when
 * it was cut at a raised limit; undefined when it was not.
 */
function programLimitOf(captured: number): number | undefined {
  for (let i = inForce.length - 1; i >= 0; i--) {
    const raise = inForce[i]!;
    if (captured === raise.raised && readLimit(raise.realmError) === raise.raised) return raise.program;
  }
  for (const raise of ended) {
    const realmError = raise.realm.deref();
    if (captured !== raise.raised || realmError === undefined) continue;
    const now = innermostUntouched(realmError);
    if ((now?.program ?? readLimit(realmError)) === raise.program) return raise.program;
  }
  return undefined;
}

function readLimit(realmError: ErrorConstructor): unknown {
  try {
    return realmError.stackTraceLimit;
  } catch {
    return undefined;
  }
}
