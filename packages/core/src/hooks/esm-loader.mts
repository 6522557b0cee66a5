// Node's asynchronous ESM hooks (`module.register`): this file runs on the hooks thread, away from the
// program's globals, so the instrumented source carries its own function table and registers it
// through the global probe when it is evaluated on the program's thread.
//
// The runtime registers this loader again whenever the program registers hooks of its own (tsx,
// ts-node/esm ...), so that it is the outermost one and sees their output (JavaScript, not TypeScript).
// The module is loaded once, so every registration shares this state: only the outermost call for a
// URL transforms, the inner ones pass through.
//
// The program's thread waits for this module (and `initialize`) before it goes on: the filter and the
// transformer (minimatch, the transform cache) are loaded with the first ES module, not before, so a
// CommonJS program, whose modules never come through here, does not wait for them at all.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EsmTransform, LoadResult } from './esm-transform.js';
import type { EsmHookSettings, EsmWarning } from './esm-hook-settings.js';

type EsmTransformModule = typeof import('./esm-transform.js');
type OwnModulesModule = typeof import('../own-modules.js');
type CodeCacheFileModule = typeof import('../code-cache-file.js');

const require = createRequire(import.meta.url);
let settings: EsmHookSettings | null = null;
let transform: EsmTransform | null = null;
const loading = new Map<string, number>();

export function initialize(data: EsmHookSettings): void {
  settings ??= data;
}

type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  const depth = loading.get(url) ?? 0;
  loading.set(url, depth + 1);
  try {
    const result = await nextLoad(url, context);
    // Only ES modules are instrumented here (CommonJS goes through the compile path).
    if (depth > 0 || result.format !== 'module' || result.source == null) return result;
    const instrument = transformer();
    return instrument === null ? result : instrument(url, result);
  } finally {
    if (depth === 0) loading.delete(url);
    else loading.set(url, depth);
  }
}

/** The transform, made on first use; null before `initialize` or when it cannot be loaded. */
function transformer(): EsmTransform | null {
  if (transform !== null || settings === null) return transform;
  try {
    const { createEsmTransform } = loadOwn<EsmTransformModule>('hooks/esm-transform.js', settings.cacheDir);
    const warn = warningSender(settings.warningChannel);
    transform = createEsmTransform(settings, (message, file) => warn({ message, file }));
  } catch {
    settings = null; // ES modules run uninstrumented; CommonJS is not affected
  }
  return transform;
}

/**
 * One of our files with those it requires, as the program's thread loads the runtime (own-modules.ts):
 * no resolution between them, V8's code cache (a file of this thread's own: both threads write theirs
 * as they start).
 */
function loadOwn<T>(file: string, cacheDir: string | null): T {
  const dist = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const { OwnModuleLoader } = require('../own-modules.js') as OwnModulesModule;
  const { codeCacheFile } = require('../code-cache-file.js') as CodeCacheFileModule;
  const loader = new OwnModuleLoader({ roots: [dist], cacheFile: cacheDir ? codeCacheFile(cacheDir, 'esm-hooks') : null });
  const exports = loader.require(path.join(dist, file)) as T;
  loader.saveCodeCache();
  return exports;
}

function warningSender(channelName: string | undefined): (warning: EsmWarning) => void {
  if (channelName === undefined) return () => {};
  const { BroadcastChannel } = require('node:worker_threads') as typeof import('node:worker_threads');
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  return (warning) => channel.postMessage(warning);
}
