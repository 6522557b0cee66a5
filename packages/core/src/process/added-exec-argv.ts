// `breadcrumb run` gives the node it starts flags the program did not ask for (a larger --stack-size:
// instrumented functions have bigger frames). The program must see the execArgv it was started with.
import { isMainThread } from 'node:worker_threads';
import { ENV } from '../settings.js';

/** Removes `flags` from process.execArgv in the process `breadcrumb run` started (not in its children). */
export function hideAddedExecArgv(flags: readonly string[] | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (flags === undefined || flags.length === 0 || !isMainThread || env[ENV.parentKey] !== undefined) return;
  for (const flag of flags) {
    const at = process.execArgv.indexOf(flag);
    if (at >= 0) process.execArgv.splice(at, 1);
  }
}
