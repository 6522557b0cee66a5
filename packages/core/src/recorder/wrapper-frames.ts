// Breadcrumb wraps a few of Node's functions (child_process's spawns, worker_threads' Worker, node:vm's
// evaluation): each wrapper is a frame of its own under what it calls, which a plain run does not have.
// A file of wrappers has its frames left out of stacks (Error.stack, the CallSite API), and a wrapper
// raises Error.stackTraceLimit by one while it runs, so that a stack cut at the limit still ends with
// the frame a plain run's ends with. A program that sets a limit of its own meanwhile keeps it.
import { registerStackRewrite } from './stack-positions.js';

const hiddenFiles = new Set<string>();

/** Stacks leave out the frames of `file` (a compiled module of ours made of wrappers). */
export function hideWrapperFrames(file: string): void {
  if (hiddenFiles.size === 0) {
    registerStackRewrite((sites) => (sites.some(isHidden) ? sites.filter((site) => !isHidden(site)) : sites));
  }
  hiddenFiles.add(file);
}

function isHidden(site: NodeJS.CallSite): boolean {
  const file = site.getFileName?.();
  return file !== undefined && file !== null && hiddenFiles.has(file);
}

/**
 * Raises the realm's Error.stackTraceLimit by one for a wrapper's frame (errors count the limit of the
 * realm whose code makes them: a vm context's own for its code); returns the limit set, undefined when
 * it was left (not a finite number, not writable, no realm).
 */
export function allowWrapperFrame(realmError: ErrorConstructor | null = Error): number | undefined {
  if (realmError === null) return undefined;
  try {
    const limit = realmError.stackTraceLimit;
    if (typeof limit !== 'number' || !Number.isFinite(limit)) return undefined;
    realmError.stackTraceLimit = limit + 1;
    return realmError.stackTraceLimit === limit + 1 ? limit + 1 : undefined;
  } catch {
    return undefined;
  }
}

/** Puts the limit back after the wrapper's call, unless the program set one of its own meanwhile. */
export function restoreStackLimit(raised: number | undefined, realmError: ErrorConstructor | null = Error): void {
  try {
    if (raised !== undefined && realmError !== null && realmError.stackTraceLimit === raised) realmError.stackTraceLimit = raised - 1;
  } catch {
    // a limit made read-only meanwhile stays as it is
  }
}
