// Ending a traced process at the end of its 'exit' event, as `process.exit()` there would, instead of
// letting Node tear it down. After the last 'exit' listener (the runtime's, which flushes) a natural
// end frees the environment and the V8 heap page by page and waits for V8's background tasks: lodash's
// driver traced, from the runtime's last spool write to exit_group, 79-242 ms against 3-9 ms ended at
// once (strace -tt, 4 runs each, load ~5); the parent (`breadcrumb run`) waits for that before its
// report. Plain node pays the same teardown for a smaller heap: 29-44 ms.
//
// What a natural end does that `process.exit()` does not, and which the program could notice, rules it
// out: a native addon's environment cleanup hooks (better-sqlite3 closes its databases there, which
// checkpoints the WAL and deletes the -wal file), node flags (an inspector waiting for its debugger,
// --cpu-prof and --heap-prof writing their profiles, reports), NODE_OPTIONS, NODE_V8_COVERAGE. Only a
// process started with none of these, that loaded no addon and has no inspector open, ends at once.
import { isMainThread } from 'node:worker_threads';

/** The facts of the process's start that rule it out; read once the runtime hid its own flags and NODE_OPTIONS entry. */
export interface StartFacts {
  execArgv: readonly string[];
  nodeOptions: string | undefined;
  v8Coverage: string | undefined;
}

export function startedPlain(facts: StartFacts): boolean {
  return facts.execArgv.length === 0 && (facts.nodeOptions ?? '').trim() === '' && facts.v8Coverage === undefined;
}

/** Whether the process can end now without a difference its program could see (see above). */
export function mayEndAtOnce(plainStart: boolean, loadedModules: Iterable<string>, inspectorUrl: () => string | undefined): boolean {
  if (!plainStart || !isMainThread) return false;
  for (const file of loadedModules) if (file.endsWith('.node')) return false;
  try {
    return inspectorUrl() === undefined;
  } catch {
    return false;
  }
}

/** The open inspector's URL (node --inspect, or inspector.open() by the program), read at exit only. */
export function inspectorUrl(): string | undefined {
  return (require('node:inspector') as typeof import('node:inspector')).url();
}
