// Starts Breadcrumb inside a traced process (or worker thread): the spool writer, the recorder and its
// async context, the load hooks, the exit handlers, and the propagation to child processes and
// workers. At most one runtime per thread, even if two copies of this package are loaded.
import path from 'node:path';
import { isMainThread, parentPort } from 'node:worker_threads';
import { AsyncCausalContext } from './context/causal-context.js';
import type { EsmHookSettings } from './hooks/esm-hook-settings.js';
import { installLoadHooks, type EsmHookApi, type InstalledHooks } from './hooks/install-hooks.js';
import { ModuleFilter } from './hooks/module-filter.js';
import { instrumenterManifest } from './instrumenter-location.js';
import { ModuleTransformer } from './hooks/transform.js';
import { installVmHook } from './hooks/vm-hook.js';
import { hideAddedExecArgv } from './process/added-exec-argv.js';
import { batchBuiltinExportSyncs } from './process/builtin-exports.js';
import { traceChildProcesses } from './process/child-processes.js';
import { hideRunVariables, hideRuntimeFromNodeOptions, type ChildRuntime } from './process/child-environment.js';
import { nodeFlags } from './hooks/node-flags.js';
import { installExitHandlers, type ProcessEnding } from './process/exit-handlers.js';
import { inspectorUrl, mayEndAtOnce, startedPlain } from './process/end-at-once.js';
import { installVmErrorLines } from './process/exception-line.js';
import { identifyProcess } from './process/process-identity.js';
import { every } from './process/periodic.js';
import { flushBeforeWorkerMessages } from './process/worker-messages.js';
import { traceWorkerThreads } from './process/worker-threads.js';
import { scaleTierUpBudget, tierUpEnvironment } from './process/tier-up-budget.js';
import { ENV, type RuntimeSettings } from './settings.js';
import type { Recorder, RecorderSink, ValueCapturer } from './recorder/index.js';
import { FLUSH_INTERVAL_MS, SpoolWriter } from './spool/writer.js';
import { ownDateNow } from './node-originals.js';
import type { CausalContext } from './context/causal-context.js';

/** The running runtime of this thread, as `init()` returns it. */
export interface BreadcrumbRuntime {
  readonly processKey: string;
  readonly settings: Readonly<RuntimeSettings>;
  /** Which ESM hook API is in use: 'registerHooks' (Node ≥ 22.15), 'register' (Node 20) or 'none'. */
  readonly esmHooks: EsmHookApi;
  /** False when the recorder could not be loaded (modules then run uninstrumented). */
  readonly recording: boolean;
  /** Writes everything recorded so far to the spool now. */
  flush(): void;
  /** Spool files written so far. */
  spoolFiles(): string[];
}

// The recorder and capture modules are loaded with require() only once recording starts; their types
// come from the modules themselves.
type RecorderModule = typeof import('./recorder/index.js');
type CaptureModule = typeof import('./capture/index.js');

const RUNTIME_KEY = Symbol.for('breadcrumb.runtime');
/**
 * V8's own coverage (c8, node --test's coverage) counts the code V8 runs: for a traced file that is
 * the instrumented code, whose offsets, extra blocks and extra functions its report cannot map back.
 */
export const V8_COVERAGE_WARNING =
  'V8 coverage is being collected (NODE_V8_COVERAGE: c8, node --test coverage): its figures for traced files count the instrumented code, not the program; run the coverage without breadcrumb';
/** dist/register.js: what children and workers preload. */
export const REGISTER_PATH = path.join(__dirname, 'register.js');

type RuntimeHolder = { [RUNTIME_KEY]?: BreadcrumbRuntime };

export function currentRuntime(): BreadcrumbRuntime | null {
  return (globalThis as RuntimeHolder)[RUNTIME_KEY] ?? null;
}

/** What the code that starts the runtime may want to do at points of its start-up. */
export interface StartHooks {
  /**
   * Called before the runtime changes V8's flags (the tier-up budget), which changes V8's flag hash:
   * code cached after that is rejected by the next process, which starts with the flags as they were.
   */
  beforeV8FlagsChange?: () => void;
}

/** Starts the runtime with these settings (warnings are recorded as Warning frames). Never throws. */
export function startRuntime(settings: RuntimeSettings, warnings: readonly string[] = [], hooks: StartHooks = {}): BreadcrumbRuntime | null {
  return batchBuiltinExportSyncs(() => startRuntimeNow(settings, warnings, hooks));
}

function startRuntimeNow(settings: RuntimeSettings, warnings: readonly string[], hooks: StartHooks): BreadcrumbRuntime | null {
  const running = currentRuntime();
  if (running !== null || !settings.enabled || !isProgramThread()) return running;
  let writer: SpoolWriter | null = null;
  try {
    const startedWith = process.execArgv.slice();
    hideAddedExecArgv(settings.addedExecArgv);
    const identity = identifyProcess(settings.runId, settings.project);
    writer = new SpoolWriter({
      dir: settings.spoolDir,
      start: identity.start,
      fileBytes: settings.spoolFileBytes,
      maxBytes: settings.spoolMaxBytes,
    });
    const spool = writer;
    const warn = (message: string, file?: string): void => spool.warn(file === undefined ? { message } : { message, file });
    for (const message of warnings) warn(message);

    const context = new AsyncCausalContext();
    const recorder = loadRecorder(settings, spool, context, identity.now, warn);
    if (recorder !== null) context.enable(recorder);

    let esmHooks: EsmHookApi = 'none';
    let checkEsmLoader = (): void => {};
    if (recorder !== null) {
      ({ esm: esmHooks, checkEsmLoader } = installHooks(settings, warn));
      if (settings.include.length > 0 && process.env.NODE_V8_COVERAGE) warn(V8_COVERAGE_WARNING);
    }

    let flushFailed = false;
    const flusher = every(FLUSH_INTERVAL_MS, () => {
      try {
        recorder?.flush();
        spool.flush();
        // After the flush: registering the ESM hooks starts Node's hooks thread and blocks until it
        // runs (over 150 ms on 2 cores at load 4-6: the test's kill came first); before it, what the
        // program had done so far waited in memory all that time, and a SIGKILL then lost it all
        // (runtime.e2e's SIGKILL test: 0 of 7 ticks).
        checkEsmLoader();
      } catch (error) {
        if (!flushFailed) warn(`flushing events failed (${(error as Error).message}); the exit flush tries again`);
        flushFailed = true;
      }
    });

    installVmErrorLines();
    let finished = false;
    let plainStart = false;
    installExitHandlers((ending: ProcessEnding) => {
      if (finished) return;
      finished = true;
      flusher.stop();
      try {
        recorder?.finish();
      } catch (error) {
        // what the recorder could not hand over is lost; ProcessEnd still closes the process
        warn(`the recorder failed at exit, its last events are lost: ${(error as Error).message}`);
      }
      spool.close({ ...ending, endedAtMs: ownDateNow() });
    }, (error) => recorder?.thrown?.(error), settings.redaction, () => mayEndAtOnce(plainStart, Object.keys(require.cache), inspectorUrl));

    const child: ChildRuntime = {
      registerPath: REGISTER_PATH,
      settingsJson: JSON.stringify(settings),
      processKey: identity.start.processKey,
      nodeFlags: settings.addedExecArgv ?? [],
    };
    traceChildProcesses(child);
    traceWorkerThreads(child);
    // Put there by `breadcrumb run` or a traced parent (both pass the settings): the program sees its
    // own NODE_OPTIONS and no variable of the run's; what it starts gets them back through the two
    // hooks above. The node flags are read (and kept) first.
    if (isMainThread && process.env[ENV.settings] !== undefined) {
      nodeFlags();
      hideRuntimeFromNodeOptions(REGISTER_PATH);
      hideRunVariables();
    }
    // what the program was started with, ours hidden (end-at-once.ts)
    plainStart = startedPlain({ execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS, v8Coverage: process.env.NODE_V8_COVERAGE });
    if (recorder !== null) {
      flushBeforeWorkerMessages(() => {
        recorder.flush();
        spool.flush();
      });
    }

    const runtime: BreadcrumbRuntime = {
      processKey: identity.start.processKey,
      settings,
      esmHooks,
      recording: recorder !== null,
      flush: () => {
        recorder?.flush();
        spool.flush();
      },
      spoolFiles: () => spool.filePaths(),
    };
    (globalThis as RuntimeHolder)[RUNTIME_KEY] = runtime;
    spool.start();
    spool.flush();
    // V8's flags are the process's: set once, by the main thread, before the program's code loads
    // (after the hooks: Node 20's hooks thread starts with the flags as they are). Last: our code is
    // cached just before (beforeV8FlagsChange), with every function the start ran compiled, rather
    // than compiled again from source in every process (empty program, Node 20: -5.7 M instructions).
    if (recorder !== null && isMainThread && settings.include.length > 0) {
      hooks.beforeV8FlagsChange?.();
      scaleTierUpBudget(tierUpEnvironment(startedWith));
    }
    return runtime;
  } catch (error) {
    try {
      writer?.warn({ message: `Breadcrumb could not start in this process: ${(error as Error).message}` });
      writer?.flush();
    } catch {
      // nowhere left to say it
    }
    return null;
  }
}

/** False in Node's internal threads (the ESM hooks thread): they run preloads but are not the program's. */
function isProgramThread(): boolean {
  return isMainThread || parentPort !== null;
}

function loadRecorder(
  settings: RuntimeSettings,
  sink: RecorderSink,
  context: CausalContext,
  now: () => number,
  warn: (message: string) => void,
): Recorder | null {
  let capturer: ValueCapturer | null = null;
  if (settings.capture.enabled) {
    try {
      const capture = require('./capture/index.js') as CaptureModule;
      capturer = capture.createCapturer(settings.capture, settings.redaction);
    } catch (error) {
      warn(`values are not captured: the capture module failed to load (${(error as Error).message})`);
    }
  }
  try {
    const recorderModule = require('./recorder/index.js') as RecorderModule;
    return recorderModule.installRecorder({ settings, sink, context, capturer, now });
  } catch (error) {
    warn(`nothing is recorded: the recorder failed to load (${(error as Error).message})`);
    return null;
  }
}

function installHooks(settings: RuntimeSettings, warn: (message: string, file?: string) => void): Pick<InstalledHooks, 'esm' | 'checkEsmLoader'> {
  // Our own code (this dist folder, the instrumenter's), never the fixtures or examples next to it.
  const neverUnder = [__dirname];
  const instrumenter = instrumenterManifest();
  // not installed: nothing of it can be loaded either
  if (instrumenter !== null) neverUnder.push(path.join(path.dirname(instrumenter), 'dist'));
  const hookSettings: EsmHookSettings = {
    root: settings.root,
    include: settings.include,
    exclude: settings.exclude,
    neverUnder,
    cacheDir: settings.cacheDir,
    gapIntrinsics: settings.gapIntrinsics,
  };
  const filter = new ModuleFilter(hookSettings);
  const transformer = new ModuleTransformer({ cacheDir: settings.cacheDir, gapIntrinsics: settings.gapIntrinsics, onWarning: warn });
  const hooks = installLoadHooks(filter, transformer, hookSettings, warn);
  try {
    const { prepareRealm, registerFirstLineOffset } = require('./recorder/index.js') as RecorderModule;
    installVmHook(filter, transformer, { prepareRealm, registerFirstLineOffset, warn, beforeImportingCode: hooks.beforeVmCode });
  } catch (error) {
    warn(`modules that test runners load through node:vm (jest) are not traced: ${(error as Error).message}`);
  }
  return hooks;
}
