// Worker threads belong to the run. A worker runs the preload only if its execArgv (default: the
// parent's) or the NODE_OPTIONS of its environment (default: a copy of the parent's) names it, so a
// program that passes `execArgv: []` or its own `env` would lose it: add it back. The Worker export is
// replaced by a Proxy of the original class, so `instanceof`, subclassing and the prototype are as before.
import workerThreads from 'node:worker_threads';
import { ENV } from '../settings.js';
import { isDisabledValue } from '../runtime-settings.js';
import { syncBuiltinExports } from './builtin-exports.js';
import { allowWrapperFrame, hideWrapperFrames, restoreStackLimit } from '../recorder/wrapper-frames.js';
import { announceWorkerAddedExecArgv } from './added-exec-argv.js';
import { loadsRuntime, type ChildRuntime } from './child-environment.js';
import { announceWorkerSettings } from './worker-settings.js';

interface WorkerOptionsLike {
  execArgv?: string[];
  env?: unknown;
}

export function traceWorkerThreads(runtime: ChildRuntime): () => void {
  const exports = workerThreads as unknown as { Worker: typeof workerThreads.Worker };
  const Original = exports.Worker;
  exports.Worker = new Proxy(Original, {
    construct(target, args: unknown[], newTarget) {
      const traced = args.slice();
      const { options, added } = withRuntime(args[1] as WorkerOptionsLike | undefined, runtime);
      traced[1] = options;
      // the worker's runtime takes them back out of its process.execArgv, and the run's added flags
      // too when Node gives it this process's own execArgv (no execArgv given, none added)
      announceWorkerAddedExecArgv(added, options?.execArgv === undefined);
      announceWorkerSettings(runtime.settingsJson);
      const raised = allowWrapperFrame();
      try {
        return Reflect.construct(target, traced, newTarget) as object;
      } finally {
        restoreStackLimit(raised);
      }
    },
  });
  syncBuiltinExports();
  hideWrapperFrames(__filename);
  return () => {
    exports.Worker = Original;
    syncBuiltinExports();
  };
}

interface TracedWorkerOptions {
  options: WorkerOptionsLike | undefined;
  /** What was appended to the worker's execArgv. */
  added: string[];
}

function withRuntime(options: WorkerOptionsLike | undefined, runtime: ChildRuntime): TracedWorkerOptions {
  try {
    const env = options?.env;
    const ownEnv = env !== undefined && env !== workerThreads.SHARE_ENV && typeof env === 'object' && env !== null ? (env as Record<string, string | undefined>) : null;
    const visibleEnv = ownEnv ?? process.env;
    if (isDisabledValue(visibleEnv[ENV.enabled])) return { options, added: [] };
    const execArgv = options?.execArgv ?? process.execArgv;
    const out: WorkerOptionsLike = { ...options };
    const extra: string[] = [];
    if (!loadsRuntime(execArgv, runtime.registerPath) && !loadsRuntime(visibleEnv.NODE_OPTIONS, runtime.registerPath)) {
      extra.push('--require', runtime.registerPath);
    }
    if (extra.length > 0) out.execArgv = [...execArgv, ...extra];
    return { options: out, added: extra };
  } catch {
    return { options, added: [] };
  }
}
