// Which load hooks on which Node: CommonJS always through the compile path (it sees the final source
// of every require hook); ES modules through `module.registerHooks` where it exists (Node ≥ 22.15:
// synchronous, in this thread) and otherwise through `module.register` (Node 20: a hooks thread).
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';
import { installCjsHook } from './cjs-hook.js';
import type { EsmHookSettings, EsmWarning } from './esm-hook-settings.js';
import { createEsmTransform, type LoadResult } from './esm-transform.js';
import type { ModuleFilter } from './module-filter.js';
import type { ModuleTransformer } from './transform.js';

export type EsmHookApi = 'registerHooks' | 'register' | 'none';

export interface InstalledHooks {
  esm: EsmHookApi;
  uninstall(): void;
}

interface SyncHooksModule {
  registerHooks?: (hooks: {
    load?: (url: string, context: unknown, nextLoad: (url: string, context: unknown) => LoadResult) => LoadResult;
  }) => { deregister(): void };
  register?: (specifier: string, options: { data: unknown }) => void;
}

export function installLoadHooks(
  filter: ModuleFilter,
  transformer: ModuleTransformer,
  settings: EsmHookSettings,
  onWarning: (message: string, file: string) => void,
): InstalledHooks {
  const uninstallCjs = installCjsHook(filter, transformer);
  const moduleApi = Module as unknown as SyncHooksModule;
  if (typeof moduleApi.registerHooks === 'function') {
    const transform = createEsmTransform(settings, onWarning, transformer);
    const handle = moduleApi.registerHooks({
      load: (url, context, nextLoad) => transform(url, nextLoad(url, context)),
    });
    return { esm: 'registerHooks', uninstall: () => (uninstallCjs(), handle.deregister()) };
  }
  // Node 20 cannot register hooks from a worker thread ("Missing internal module"): workers there
  // trace their CommonJS modules only.
  if (typeof moduleApi.register === 'function' && isMainThread) {
    const warningChannel = `breadcrumb.warnings.${process.pid}.${threadId}`;
    const channel = new BroadcastChannel(warningChannel);
    channel.onmessage = (event) => {
      const warning = (event as MessageEvent<EsmWarning>).data;
      onWarning(warning.message, warning.file);
    };
    channel.unref();
    const loader = pathToFileURL(path.join(__dirname, 'esm-loader.mjs')).href;
    moduleApi.register(loader, { data: { ...settings, warningChannel } });
    // module.register cannot be undone; the CJS half can.
    return { esm: 'register', uninstall: uninstallCjs };
  }
  return { esm: 'none', uninstall: uninstallCjs };
}
