// V8 flags of this process (the CLI's own, never the traced program's), set while it runs. A flag set
// after start-up changes V8's flag hash: code cached before it is rejected after it, and code cached
// after it is rejected by the next process, which starts without the flag. So the CLI's own code
// cache is saved first (bin.ts registers that), and what loads later is compiled from source.
// Dependency-free: bin.ts loads it before anything else. node:v8 itself is loaded at the first flag
// set, not here: it brings ~30 of Node's built-in modules (heap snapshots' streams), which `run` would
// otherwise load before it spawns its command; its one flag is set after the spawn, once the command
// runs (inlining-budget.ts). Loaded before the flag changes, they still come from Node's code cache.

let beforeChange: () => void = () => {};

/** What to do before this process's V8 flags change (bin.ts: save the code cache made so far). */
export function beforeOwnV8FlagsChange(hook: () => void): void {
  beforeChange = hook;
}

/** Sets `flag` (`--name=value`) in this process unless its command line has one of that name; never throws. */
export function setOwnV8Flag(flag: string, execArgv: readonly string[] = process.execArgv): boolean {
  const name = flag.split('=')[0]!;
  if (execArgv.some((arg) => arg.replace(/_/g, '-').split('=')[0] === name)) return false;
  try {
    const { setFlagsFromString } = require('node:v8') as typeof import('node:v8');
    beforeChange();
    setFlagsFromString(flag);
    return true;
  } catch {
    return false;
  }
}
