// Imported by worker threads on Node 20 (worker-threads.ts adds it to their execArgv after the
// runtime's --require): hooks can be registered from a worker's --import but not from its preload.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
(require('./install-hooks.js') as typeof import('./install-hooks.js')).registerWorkerEsmHooks();
