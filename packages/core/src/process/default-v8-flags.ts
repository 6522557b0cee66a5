// Node compiles each built-in module it loads (child_process, crypto, worker_threads and the ~70 more
// the runtime needs) from its code cache only while V8's flags are as Node was built with: the cache
// carries a hash of the flags, and any V8 flag on the command line (`breadcrumb run` gives node
// `--stack-size` and `--max-inlined-bytecode-size-cumulative`) makes V8 reject it, so every process of
// a run compiled them from source: ~60 M instructions, a fifth of an empty traced process, on Node 20,
// 22 and 24 alike. Neither flag is needed while the runtime loads: the stack's limit is fixed when V8
// sets up the thread (a later value changes nothing but the hash), and the inlining budget matters only
// to the program's code. So the main thread sets both back to V8's defaults for the runtime's load and
// to the command line's values before the program's first line: what the program runs with is as
// before, and so is the code cache of the built-ins the program loads itself (the flags are back).
import { setFlagsFromString } from 'node:v8';

/** V8's defaults (V8 11 to 13) of the flags whose values only the program's code needs. */
const DEFAULTS: ReadonlyMap<string, string> = new Map([
  ['stack-size', '984'],
  ['max-inlined-bytecode-size-cumulative', '920'],
]);

/**
 * Sets each of those flags that `execArgv` gives (as `--name=N`) to its default; returns what puts
 * the command line's values back, which does it once, however often it is called. A flag written in
 * another form (`--stack-size N`) is left as it is. Never throws: at worst the flags stay as they were.
 */
export function defaultV8FlagsWhileLoading(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): () => void {
  const given = new Map<string, string | null>();
  for (const arg of execArgv) {
    const name = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (name === null) continue;
    const key = name[1]!.replace(/_/g, '-');
    if (!DEFAULTS.has(key)) continue;
    // the last one counts, as for V8; any form other than --name=N leaves the flag alone
    given.set(key, given.get(key) === null || name[2] === undefined || !/^\d+$/.test(name[2]) ? null : name[2]);
  }
  const changed = [...given].filter((entry): entry is [string, string] => entry[1] !== null && entry[1] !== DEFAULTS.get(entry[0]));
  if (changed.length === 0) return () => {};
  try {
    setFlags(changed.map(([key]) => `--${key}=${DEFAULTS.get(key)}`).join(' '));
  } catch {
    return () => {};
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    try {
      setFlags(changed.map(([key, value]) => `--${key}=${value}`).join(' '));
    } catch {
      // nothing to do about it: V8 took the defaults and keeps them
    }
  };
}

/**
 * Whether this is the main thread, told without loading node:worker_threads (which brings Node's
 * streams, compiled from source while the command line's flags are in force): Node replaces a worker's
 * process.abort() (and chdir(), umask()...) with a stub that throws, marked `disabled` (Node 12 to 24).
 * A hint only: the caller checks node:worker_threads' isMainThread right after, and a worker that was
 * taken for the main thread puts the flags back at once.
 */
export function seemsMainThread(abort: unknown = process.abort): boolean {
  return (abort as { disabled?: unknown } | undefined)?.disabled !== true;
}
