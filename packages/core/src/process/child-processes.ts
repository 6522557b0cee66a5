// Child processes belong to the run: every asynchronous spawn (spawn, exec, execFile, fork) goes
// through ChildProcess.prototype.spawn with its final `envPairs`; the synchronous ones are wrapped at
// the module's exports (they call an internal binding we cannot reach).
import childProcess from 'node:child_process';
import { syncBuiltinExports } from './builtin-exports.js';
import { childVariables, withChildVariablesInPairs, type ChildRuntime } from './child-environment.js';

type AnyFunction = (...args: unknown[]) => unknown;

export function traceChildProcesses(runtime: ChildRuntime): () => void {
  const proto = childProcess.ChildProcess.prototype as unknown as { spawn: AnyFunction };
  const originalSpawn = proto.spawn;
  proto.spawn = function spawn(this: unknown, options: unknown) {
    try {
      const spawnOptions = options as { envPairs?: unknown } | null;
      if (spawnOptions !== null && Array.isArray(spawnOptions.envPairs)) {
        spawnOptions.envPairs = withChildVariablesInPairs(spawnOptions.envPairs as string[], runtime);
      }
    } catch {
      // spawn as asked
    }
    return originalSpawn.call(this, options);
  };

  const exports = childProcess as unknown as Record<string, AnyFunction>;
  const originals: Array<[string, AnyFunction]> = [];
  for (const name of ['spawnSync', 'execSync', 'execFileSync']) {
    const original = exports[name]!;
    originals.push([name, original]);
    // name and length as the original's, for programs that look.
    const wrapped = {
      [name](this: unknown, ...args: unknown[]) {
        return original.apply(this, withChildEnvironmentInArgs(args, name !== 'execSync', runtime));
      },
    }[name]!;
    Object.defineProperty(wrapped, 'length', { value: original.length });
    exports[name] = wrapped;
  }
  syncBuiltinExports();

  return () => {
    proto.spawn = originalSpawn;
    for (const [name, original] of originals) exports[name] = original;
    syncBuiltinExports();
  };
}

// spawnSync(cmd, args?, options?), execFileSync(file, args?, options?), execSync(cmd, options?): the
// options follow the args array when there is one, else the command; absent options are added.
function withChildEnvironmentInArgs(args: unknown[], takesArgs: boolean, runtime: ChildRuntime): unknown[] {
  try {
    if (args.length === 0) return args;
    const index = takesArgs && Array.isArray(args[1]) ? 2 : 1;
    const given = args[index];
    if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) return args;
    const options = { ...(given as { env?: Record<string, string | undefined> } | null | undefined) };
    const env = options.env ?? process.env;
    options.env = { ...env, ...childVariables(env, runtime) };
    const out = args.slice();
    out[index] = options;
    return out;
  } catch {
    return args;
  }
}
