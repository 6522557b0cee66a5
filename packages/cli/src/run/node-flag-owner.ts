// `breadcrumb run` gives a traced `node` command a few flags of its own (stack-size.ts,
// v8-pool-size.ts, inlining-budget.ts): only node itself gets them (a shell, npx or npm starts its
// node processes with the defaults), and a value the user gave always wins.
import { isNodeExecutable } from '@breadcrumb/core';

/**
 * Whether `command` runs node and sets `flag` nowhere: not on its command line (V8 takes its flags
 * with underscores too), not in NODE_OPTIONS.
 */
export function mayAddNodeFlag(command: readonly string[], flag: string, nodeOptions: string | undefined): boolean {
  const program = command[0];
  if (program === undefined || !isNodeExecutable(program)) return false;
  const sets = (option: string): boolean => option.replace(/_/g, '-').startsWith(flag);
  return !command.some(sets) && !(nodeOptions ?? '').split(/\s+/).some(sets);
}
