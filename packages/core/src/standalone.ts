// The runtime of a pre-instrumented build (`breadcrumb build`, or a user's own Babel/bundler build with
// @breadcrumb/instrumenter): the code already carries its probes, so this installs only the recorder,
// its async context, the spool writer and the exit handlers — no load hooks, no Babel, no change to the
// environment of child processes (a built child loads this runtime itself). Loads nothing but its own
// checks when BREADCRUMB_ENABLED is off, and never throws into the program.
//
// `breadcrumb build` copies this file and what it requires into `<out>/.breadcrumb/runtime/`, so keep
// its imports to what a built program needs: importing runtime.ts would drag the hooks and minimatch in.
import { ownDateNow } from './node-originals.js';
import { isDisabledValue } from './runtime-settings.js';
import { ENV, type RuntimeSettings } from './settings.js';
import type { BreadcrumbRuntime } from './runtime.js';
import { every } from './process/periodic.js';
import type { Recorder, RecorderSink, ValueCapturer } from './recorder/index.js';

const RUNTIME_KEY = Symbol.for('breadcrumb.runtime');
const FLUSH_INTERVAL_MS = 50;

type Env = Record<string, string | undefined>;
type RuntimeHolder = { [RUNTIME_KEY]?: BreadcrumbRuntime };

// The recorder and capture modules are loaded with require() only once recording starts; their types
// come from the modules themselves.
type RecorderModule = typeof import('./recorder/index.js');
type CaptureModule = typeof import('./capture/index.js');

/**
 * Starts recording in this process with the settings a build wrote (`project` decides the default
 * spool folder, `<BREADCRUMB_HOME or ~/.breadcrumb>/spool/<project>/`). BREADCRUMB_ENABLED,
 * BREADCRUMB_SAMPLE_RATE, BREADCRUMB_SPOOL_DIR (and BREADCRUMB_DB_PATH) override them where the program
 * runs. Returns the running runtime (started earlier, e.g. by `breadcrumb run`'s preload), or null.
 */
export function startStandalone(built: Partial<RuntimeSettings> = {}, env: Env = process.env): BreadcrumbRuntime | null {
  if (isDisabledValue(env[ENV.enabled]) || built.enabled === false) return null;
  const holder = globalThis as RuntimeHolder;
  if (holder[RUNTIME_KEY] !== undefined) return holder[RUNTIME_KEY];
  try {
    return start(built, env, holder);
  } catch {
    return null; // the program runs untraced, exactly as it would unbuilt
  }
}

function start(built: Partial<RuntimeSettings>, env: Env, holder: RuntimeHolder): BreadcrumbRuntime | null {
  const { breadcrumbHome, projectSpoolDir } = require('./paths.js') as typeof import('./paths.js');
  const { loadRuntimeSettings } = require('./runtime-settings.js') as typeof import('./runtime-settings.js');
  const project = typeof built.project === 'string' ? built.project : null;
  // The build's settings take the place of BREADCRUMB_SETTINGS (a parent's, if any, is not ours);
  // the spool folder is decided here, on the machine the program runs on.
  const spoolDir = built.spoolDir ?? projectSpoolDir(breadcrumbHome(env), project);
  const { settings, warnings } = loadRuntimeSettings({
    ...env,
    [ENV.settings]: JSON.stringify({ ...built, project, runId: null, spoolDir, cacheDir: null }),
  });
  if (!settings.enabled) return null;

  const { identifyProcess } = require('./process/process-identity.js') as typeof import('./process/process-identity.js');
  const { SpoolWriter } = require('./spool/writer.js') as typeof import('./spool/writer.js');
  const { AsyncCausalContext } = require('./context/causal-context.js') as typeof import('./context/causal-context.js');
  const { installExitHandlers } = require('./process/exit-handlers.js') as typeof import('./process/exit-handlers.js');

  const identity = identifyProcess(null, settings.project, env);
  const spool = new SpoolWriter({
    dir: settings.spoolDir,
    start: identity.start,
    fileBytes: settings.spoolFileBytes,
    maxBytes: settings.spoolMaxBytes,
  });
  const warn = (message: string): void => spool.warn({ message });
  for (const message of warnings) warn(message);

  const context = new AsyncCausalContext();
  const recorder = loadRecorder(settings, spool, context, identity.now, warn);
  if (recorder !== null) context.enable(recorder);

  const flush = (): void => {
    recorder?.flush();
    spool.flush();
  };
  const flusher = every(FLUSH_INTERVAL_MS, () => {
    try {
      flush();
    } catch {
      // the next tick or the exit flush tries again
    }
  });

  let finished = false;
  installExitHandlers((ending) => {
    if (finished) return;
    finished = true;
    flusher.stop();
    try {
      recorder?.finish();
    } catch {
      // what the recorder could not hand over is lost; ProcessEnd still closes the process
    }
    spool.close({ ...ending, endedAtMs: ownDateNow() });
  }, (error) => recorder?.thrown?.(error), settings.redaction);

  const runtime: BreadcrumbRuntime = {
    processKey: identity.start.processKey,
    settings,
    esmHooks: 'none',
    recording: recorder !== null,
    flush,
    spoolFiles: () => spool.filePaths(),
  };
  holder[RUNTIME_KEY] = runtime;
  spool.flush(); // ProcessStart on disk now: the process is known even if it is killed
  return runtime;
}

function loadRecorder(
  settings: RuntimeSettings,
  sink: RecorderSink,
  context: import('./context/causal-context.js').CausalContext,
  now: () => number,
  warn: (message: string) => void,
): Recorder | null {
  let capturer: ValueCapturer | null = null;
  if (settings.capture.enabled) {
    try {
      capturer = (require('./capture/index.js') as CaptureModule).createCapturer(settings.capture, settings.redaction);
    } catch (error) {
      warn(`values are not captured: the capture module failed to load (${(error as Error).message})`);
    }
  }
  try {
    return (require('./recorder/index.js') as RecorderModule).installRecorder({ settings, sink, context, capturer, now });
  } catch (error) {
    warn(`nothing is recorded: the recorder failed to load (${(error as Error).message})`);
    return null;
  }
}
