// `breadcrumb run` gives the node it starts flags the program did not ask for (a larger --stack-size:
// instrumented functions have bigger frames), and the runtime gives them to the node processes the
// program starts (child-environment.ts). Every program must see the execArgv it was started with.
import { isMainThread } from 'node:worker_threads';
import { ENV } from '../settings.js';

/**
 * Removes the added flags from process.execArgv: `flags` (settings.addedExecArgv) in the process
 * `breadcrumb run` started, the ones listed in BREADCRUMB_ADDED_EXEC_ARGV in a child of a traced process.
 */
export function hideAddedExecArgv(flags: readonly string[] | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (!isMainThread) return;
  const listed = env[ENV.addedExecArgv];
  delete env[ENV.addedExecArgv];
  const added = env[ENV.parentKey] === undefined ? (flags ?? []) : flagsListed(listed);
  for (const flag of added) {
    const at = process.execArgv.indexOf(flag);
    if (at >= 0) process.execArgv.splice(at, 1);
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
