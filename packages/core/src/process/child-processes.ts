// Child processes belong to the run: every asynchronous spawn (spawn, exec, execFile, fork) goes
// through ChildProcess.prototype.spawn with its final `envPairs`; the synchronous ones are wrapped at
// the module's exports (they call an internal binding we cannot reach).
import childProcess from 'node:child_process';
import { syncBuiltinExports } from './builtin-exports.js';
import { allowWrapperFrame, hideWrapperFrames, restoreStackLimit } from '../recorder/wrapper-frames.js';
import { addedNodeFlags, childVariables, envOfPairs, withAddedFlagsPair, withChildVariablesInPairs, withFlagsAfterArgv0, type ChildRuntime } from './child-environment.js';
import { ENV } from '../settings.js';
import { ownJson } from '../node-originals.js';

type AnyFunction = (...args: unknown[]) => unknown;

export function traceChildProcesses(runtime: ChildRuntime): () => void {
  const proto = childProcess.ChildProcess.prototype as unknown as { spawn: AnyFunction };
  const originalSpawn = proto.spawn;
  proto.spawn = function spawn(this: unknown, options: unknown) {
    let givenArgs: unknown = null;
    try {
      const spawnOptions = options as { envPairs?: unknown; file?: unknown; args?: unknown } | null;
      if (spawnOptions !== null && Array.isArray(spawnOptions.envPairs)) {
        const pairs = withChildVariablesInPairs(spawnOptions.envPairs as string[], runtime);
        const args = spawnOptions.args;
        const flags = Array.isArray(args) && args.length > 0 ? addedNodeFlags(spawnOptions.file, envOfPairs(pairs), runtime) : [];
        if (flags.length > 0) {
          givenArgs = args;
          spawnOptions.args = withFlagsAfterArgv0(args as string[], flags);
        }
        spawnOptions.envPairs = withAddedFlagsPair(pairs, flags);
      }
    } catch {
      // spawn as asked
    }
    const raised = allowWrapperFrame();
    try {
      return originalSpawn.call(this, options);
    } finally {
      restoreStackLimit(raised);
      // the program's `child.spawnargs` (and the spawn error built from it) are its own arguments
      if (givenArgs !== null) (this as { spawnargs?: unknown }).spawnargs = givenArgs;
    }
  };

  const exports = childProcess as unknown as Record<string, AnyFunction>;
  const originals: Array<[string, AnyFunction]> = [];
  for (const name of ['spawnSync', 'execSync', 'execFileSync']) {
    const original = exports[name]!;
    originals.push([name, original]);
    // name and length as the original's, for programs that look.
    const wrapped = {
      [name](this: unknown, ...args: unknown[]) {
        const traced = withChildEnvironmentInArgs(args, name !== 'execSync', runtime);
        let result: unknown;
        const raised = allowWrapperFrame();
        try {
          result = original.apply(this, traced.args);
        } catch (error) {
          throw traced.flags.length === 0 ? error : withoutAddedFlags(error, traced.flags);
        } finally {
          restoreStackLimit(raised);
        }
        if (traced.flags.length === 0) return result;
        const spawnError = (result as { error?: unknown } | null)?.error;
        if (spawnError !== undefined) withoutAddedFlags(spawnError, traced.flags);
        return result;
      },
    }[name]!;
    Object.defineProperty(wrapped, 'length', { value: original.length });
    exports[name] = wrapped;
  }
  syncBuiltinExports();
  hideWrapperFrames(__filename);

  return () => {
    proto.spawn = originalSpawn;
    for (const [name, original] of originals) exports[name] = original;
    syncBuiltinExports();
  };
}

interface TracedSyncArgs {
  args: unknown[];
  /** The node flags put before the command's own arguments. */
  flags: readonly string[];
}

// spawnSync(cmd, args?, options?), execFileSync(file, args?, options?), execSync(cmd, options?): the
// options follow the args array when there is one, else the command; absent options are added.
function withChildEnvironmentInArgs(args: unknown[], takesArgs: boolean, runtime: ChildRuntime): TracedSyncArgs {
  try {
    if (args.length === 0) return { args, flags: [] };
    const hasArgs = takesArgs && Array.isArray(args[1]);
    const index = hasArgs ? 2 : 1;
    const given = args[index];
    if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) return { args, flags: [] };
    const options = { ...(given as { env?: Record<string, string | undefined> } | null | undefined) };
    const env = options.env ?? process.env;
    options.env = { ...env, ...childVariables(env, runtime) };
    const flags = takesArgs ? addedNodeFlags(args[0], options.env, runtime) : [];
    delete options.env[ENV.addedExecArgv];
    if (flags.length > 0) options.env[ENV.addedExecArgv] = ownJson.stringify(flags);
    const out = args.slice();
    if (flags.length > 0) {
      // before the command's own arguments; execFileSync(file, options) gets an array of them
      if (hasArgs) out[1] = [...flags, ...(args[1] as string[])];
      else out.splice(1, 0, [...flags]);
    }
    out[hasArgs || flags.length > 0 ? 2 : 1] = options;
    return { args: out, flags };
  } catch {
    return { args, flags: [] };
  }
}

/**
 * An error of a synchronous call as it would be without the flags we added: execFileSync's `Command
 * failed: <file> <args>` (message and stack) and a spawn error's `spawnargs` name the program's own
 * arguments.
 */
function withoutAddedFlags(error: unknown, flags: readonly string[]): unknown {
  try {
    if (error === null || typeof error !== 'object') return error;
    const fields = error as { message?: unknown; stack?: unknown; spawnargs?: unknown };
    const added = ` ${flags.join(' ')}`;
    if (typeof fields.message === 'string' && fields.message.startsWith('Command failed: ')) {
      const firstLine = fields.message.split('\n', 1)[0]!;
      const at = firstLine.indexOf(added);
      if (at >= 0) {
        const stack = fields.stack;
        fields.message = fields.message.slice(0, at) + fields.message.slice(at + added.length);
        if (typeof stack === 'string') {
          const inStack = stack.indexOf(firstLine);
          if (inStack >= 0) fields.stack = stack.slice(0, inStack + at) + stack.slice(inStack + at + added.length);
        }
      }
    }
    const spawnargs = fields.spawnargs;
    if (Array.isArray(spawnargs) && flags.every((flag, i) => spawnargs[i] === flag)) fields.spawnargs = spawnargs.slice(flags.length);
  } catch {
    // the error as Node made it
  }
  return error;
}

