// The entry `breadcrumb run` preloads in every process of a run (`NODE_OPTIONS=--require <this file>`),
// also usable as `node --import @breadcrumb/core/register` or `import '@breadcrumb/core/register'`.
// With BREADCRUMB_ENABLED=false nothing beyond this check is loaded.
// Node's own ESM hooks thread (and any internal worker) runs preloads too: it is no thread of the
// program (no parentPort), and tracing it would instrument the loader's own Babel.
import { isMainThread, parentPort } from 'node:worker_threads';
import { ENV } from './settings.js';

const enabled = process.env[ENV.enabled];
const programThread = isMainThread || parentPort !== null;
if (programThread && (enabled === undefined || !['false', '0', 'off', 'no'].includes(enabled.trim().toLowerCase()))) {
  try {
    (require('./start-from-env.js') as typeof import('./start-from-env.js')).startFromEnvironment();
  } catch {
    // Breadcrumb never stops a program from starting
  }
}
