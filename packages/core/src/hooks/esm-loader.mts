// Node's asynchronous ESM hooks (`module.register`): this file runs on the hooks thread, away from the
// program's globals, so the instrumented source carries its own function table and registers it
// through the global probe when it is evaluated on the program's thread.
//
// The runtime registers this loader again whenever the program registers hooks of its own (tsx,
// ts-node/esm ...), so that it is the outermost one and sees their output (JavaScript, not TypeScript).
// The module is loaded once, so every registration shares this state: only the outermost call for a
// URL transforms, the inner ones pass through.
import { BroadcastChannel } from 'node:worker_threads';
import { createEsmTransform, type EsmTransform, type LoadResult } from './esm-transform.js';
import type { EsmHookSettings, EsmWarning } from './esm-hook-settings.js';

let transform: EsmTransform | null = null;
const loading = new Map<string, number>();

export function initialize(settings: EsmHookSettings): void {
  if (transform !== null) return;
  const channel = settings.warningChannel === undefined ? null : new BroadcastChannel(settings.warningChannel);
  channel?.unref();
  transform = createEsmTransform(settings, (message, file) => {
    const warning: EsmWarning = { message, file };
    channel?.postMessage(warning);
  });
}

type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  const depth = loading.get(url) ?? 0;
  loading.set(url, depth + 1);
  try {
    const result = await nextLoad(url, context);
    return transform === null || depth > 0 ? result : transform(url, result);
  } finally {
    if (depth === 0) loading.delete(url);
    else loading.set(url, depth);
  }
}
