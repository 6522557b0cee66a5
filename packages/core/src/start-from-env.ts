// The runtime started from the environment: what `register` does once it knows Breadcrumb is on.
import { environmentWithWorkerSettings } from './process/worker-settings.js';
import { loadRuntimeSettings } from './runtime-settings.js';
import { startRuntime, type BreadcrumbRuntime, type StartHooks } from './runtime.js';

export function startFromEnvironment(hooks: StartHooks = {}): BreadcrumbRuntime | null {
  const { settings, warnings } = loadRuntimeSettings(environmentWithWorkerSettings());
  return startRuntime(settings, warnings, hooks);
}
