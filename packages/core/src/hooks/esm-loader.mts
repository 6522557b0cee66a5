// Node 20's ESM hooks (`module.register`): this file runs on the hooks thread, away from the
// program's globals, so the instrumented source carries its own function table and registers it
// through the global probe when it is evaluated on the program's thread.
import { createEsmTransform, type EsmTransform, type LoadResult } from './esm-transform.js';
import { BroadcastChannel } from 'node:worker_threads';
import type { EsmHookSettings, EsmWarning } from './esm-hook-settings.js';

let transform: EsmTransform | null = null;

export function initialize(settings: EsmHookSettings): void {
  const channel = settings.warningChannel === undefined ? null : new BroadcastChannel(settings.warningChannel);
  channel?.unref();
  transform = createEsmTransform(settings, (message, file) => {
    const warning: EsmWarning = { message, file };
    channel?.postMessage(warning);
  });
}

type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  return transform === null ? result : transform(url, result);
}
