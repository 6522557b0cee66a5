// The entry `breadcrumb run` preloads in every process of a run (`NODE_OPTIONS=--require <this file>`),
// also usable as `node --import @breadcrumb/core/register` or `import '@breadcrumb/core/register'`.
// With BREADCRUMB_ENABLED=false nothing beyond this check is loaded.
import { ENV } from './settings.js';

const enabled = process.env[ENV.enabled];
if (enabled === undefined || !['false', '0', 'off', 'no'].includes(enabled.trim().toLowerCase())) {
  try {
    (require('./start-from-env.js') as typeof import('./start-from-env.js')).startFromEnvironment();
  } catch {
    // Breadcrumb never stops a program from starting
  }
}
