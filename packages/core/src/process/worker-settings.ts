// A worker thread's settings. The run's variables are taken out of the environment the program sees
// (child-environment.ts hideRunVariables), and a worker's environment is a copy of that, the very same
// one (SHARE_ENV) or the program's own object: the settings go in environment data instead, which the
// creating thread sets just before it constructs a worker (each worker gets a clone as it is then).
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';
import { ENV } from '../settings.js';

const SETTINGS_DATA = 'breadcrumb.settings';

export function announceWorkerSettings(settingsJson: string): void {
  try {
    setEnvironmentData(SETTINGS_DATA, settingsJson);
  } catch {
    // the worker reads its environment only
  }
}

/** The environment to read this thread's settings from: in a worker, with the creating thread's settings when its own has none. */
export function environmentWithWorkerSettings(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (isMainThread || env[ENV.settings] !== undefined) return env;
  try {
    const settings = getEnvironmentData(SETTINGS_DATA);
    return typeof settings === 'string' ? { ...env, [ENV.settings]: settings } : env;
  } catch {
    return env;
  }
}
