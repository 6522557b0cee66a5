// The entry `breadcrumb run` preloads in every process of a run (`NODE_OPTIONS=--require <this file>`),
// also usable as `node --import @breadcrumb/core/register` or `import '@breadcrumb/core/register'`.
// With BREADCRUMB_ENABLED=false nothing beyond this check is loaded.
// Node's own ESM hooks thread (and any internal worker) runs preloads too: it is no thread of the
// program (no parentPort), and tracing it would instrument the loader's own Babel.
import path from 'node:path';
import { ENV } from './settings.js';

const enabled = process.env[ENV.enabled];
if (enabled === undefined || !['false', '0', 'off', 'no'].includes(enabled.trim().toLowerCase())) {
  // The built-ins the runtime loads come from Node's code cache only under V8's default flags
  // (process/default-v8-flags.ts); the command line's are back before the program's first line.
  // node:worker_threads is among them, and brings Node's streams (~30 built-ins): loaded after the
  // flags are set, not before, so the main thread is first told by what Node does to a worker's
  // process object (process/default-v8-flags.ts), then by node:worker_threads itself.
  let restoreV8Flags = (): void => {};
  try {
    const { defaultV8FlagsWhileLoading, seemsMainThread } = require('./process/default-v8-flags.js') as typeof import('./process/default-v8-flags.js');
    if (seemsMainThread()) restoreV8Flags = defaultV8FlagsWhileLoading();
    const { isMainThread, parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
    // A thread that only seemed to be the main one puts the flags back at once: they are the process's.
    if (!isMainThread) restoreV8Flags();
    if (isMainThread || parentPort !== null) start(restoreV8Flags);
  } catch {
    // Breadcrumb never stops a program from starting
  } finally {
    restoreV8Flags();
  }
}

/** Starts the runtime in a thread of the program (throws to the check above, which catches). */
function start(restoreV8Flags: () => void): void {
  // The runtime's ~70 files load through own-modules.ts: no resolution between them, V8's code cache.
  const { OwnModuleLoader } = require('./own-modules.js') as typeof import('./own-modules.js');
  const loader = new OwnModuleLoader({ roots: [__dirname], cacheFile: codeCacheFile() });
  const { startFromEnvironment } = loader.require(path.join(__dirname, 'start-from-env.js')) as typeof import('./start-from-env.js');
  // our code is cached as compiled under the default flags, before any flag changes
  startFromEnvironment({
    beforeV8FlagsChange: () => {
      loader.saveCodeCache();
      restoreV8Flags();
    },
  });
  loader.saveCodeCache();
}

/** In the run's cache folder, when the run's settings name one. */
function codeCacheFile(): string | null {
  try {
    const { environmentWithWorkerSettings } = require('./process/worker-settings.js') as typeof import('./process/worker-settings.js');
    const json = environmentWithWorkerSettings()[ENV.settings];
    const cacheDir = json === undefined ? undefined : (JSON.parse(json) as { cacheDir?: unknown }).cacheDir;
    if (typeof cacheDir !== 'string' || cacheDir === '') return null;
    const { codeCacheFile: fileIn } = require('./code-cache-file.js') as typeof import('./code-cache-file.js');
    return fileIn(cacheDir, 'runtime');
  } catch {
    return null;
  }
}
