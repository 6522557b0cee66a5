// Which load hooks on which Node: CommonJS always through the `.js` handler and the compile path (see
// cjs-hook.ts); ES modules through `module.registerHooks` where it exists (Node ≥ 22.15:
// synchronous, in this thread) and otherwise through `module.register` (Node 20: a hooks thread, which a
// program that starts as CommonJS gets only when it may load an ES module: esm-on-demand.ts).
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';
import { syncBuiltinExports } from '../process/builtin-exports.js';
import { installCjsHook } from './cjs-hook.js';
import { esModulesFromStart, esmOnDemand, type EsmOnDemand } from './esm-on-demand.js';
import type { EsmHookSettings, EsmWarning } from './esm-hook-settings.js';
import { createEsmTransform, type LoadResult } from './esm-transform.js';
import type { ModuleFilter } from './module-filter.js';
import { requireEsmSources } from './require-esm-sources.js';
import type { ModuleTransformer } from './transform.js';

export type EsmHookApi = 'registerHooks' | 'register' | 'none';

export interface InstalledHooks {
  esm: EsmHookApi;
  /** Before node:vm compiles code given an importModuleDynamically: the ES module hooks it may need. */
  beforeVmCode(code: unknown): void;
  /** Now and then: hooks still on demand get registered if Node's ES module loader started without them. */
  checkEsmLoader(): void;
  uninstall(): void;
}

type NextLoad = (url: string, context: unknown) => LoadResult;

interface SyncHooksModule {
  registerHooks?: (hooks: { load?: (url: string, context: unknown, nextLoad: NextLoad) => LoadResult }) => { deregister(): void };
  register?: (specifier: string, options: { data: unknown }) => void;
}

export function installLoadHooks(
  filter: ModuleFilter,
  transformer: ModuleTransformer,
  settings: EsmHookSettings,
  onWarning: (message: string, file?: string) => void,
): InstalledHooks {
  let programHooksLoading = false;
  // Node 20, a program that starts as CommonJS: the hooks thread is started when first needed
  let onDemand: EsmOnDemand | null = null;
  const moduleApi = Module as unknown as SyncHooksModule;
  // Node 20: the ES modules a require() loads are read by a loader that runs no registered hooks
  const requireEsm = typeof moduleApi.registerHooks === 'function' ? null : requireEsmSources(createEsmTransform(settings, onWarning, transformer), () => transformer.busy);
  const uninstallCjs = installCjsHook(
    filter,
    transformer,
    () => programHooksLoading,
    (source, format, isMain, loadsModules) => onDemand?.beforeCompile(source, format, isMain, loadsModules),
    requireEsm,
  );
  let esm: EsmHookApi = 'none';
  let deregister = (): void => {};
  if (typeof moduleApi.registerHooks === 'function') {
    const transform = createEsmTransform(settings, onWarning, transformer);
    const hooks = { load: (url: string, context: unknown, nextLoad: NextLoad) => transform(url, nextLoad(url, context)) };
    const registerHooks = moduleApi.registerHooks.bind(Module);
    let handle = registerHooks(hooks);
    esm = 'registerHooks';
    deregister = () => handle.deregister();
    // Hooks registered later run first: when the program registers its own (tsx compiles TypeScript
    // in its load hook), ours move on top of them, so they instrument their JavaScript output.
    wrapRegistration(moduleApi, 'registerHooks', () => {
      programHooksLoading = true;
      handle.deregister();
      handle = registerHooks(hooks);
    });
  }
  if (typeof moduleApi.register === 'function') {
    const registerLoader = asyncLoaderRegistration(moduleApi.register.bind(Module), settings, onWarning);
    if (esm === 'none') {
      esm = 'register';
      // A worker thread registers its own from its preload, as the main thread does (Node 20.19 and 20.20
      // allow it): its entry then loads as without Breadcrumb, a CommonJS one through Node's CommonJS
      // loader rather than the ESM loader an --import would put it through.
      if (!isMainThread) registerLoader();
      else if (esModulesFromStart() && !programRunning()) {
        registerLoader();
        runStartupTicks();
      } else {
        onDemand = esmOnDemand(registerLoader, (error) =>
          onWarning(`ES modules run untraced: their load hooks could not be registered (${(error as Error)?.message ?? String(error)})`),
        );
        // Started by the program itself (init()): its modules were compiled before these hooks could see
        // them, so the hooks are registered now, its nextTick queue left as it is.
        if (programRunning()) onDemand.now();
      }
    }
    wrapRegistration(moduleApi, 'register', () => {
      programHooksLoading = true; // their load hooks may see CommonJS too (kModuleSource)
      // ours go on top of theirs, so that ours see what theirs make (registered once, not twice, when pending)
      if (onDemand?.pending) onDemand.now();
      else registerLoader();
    });
  }
  return {
    esm,
    beforeVmCode: (code) => onDemand?.beforeVmCode(code),
    checkEsmLoader: () => onDemand?.ifLoaderStarted(),
    uninstall: () => {
      uninstallCjs();
      deregister();
    },
  };
}

/** Whether the program's entry point has started (the runtime started by init(), not by the preload). */
function programRunning(): boolean {
  return (process as { mainModule?: unknown }).mainModule !== undefined;
}

/**
 * `module.register` starts the hooks thread, whose stdio piping queues process.nextTick callbacks. Left
 * queued, they make Node drain the main module's first microtasks inside processTicksAndRejections, so
 * an error thrown after an `await` that resolved in that first turn shows one more stack frame than
 * without Breadcrumb. Running them now (the preload is still synchronous; the program's code has not run)
 * leaves the queue as the program would find it.
 */
function runStartupTicks(): void {
  try {
    const tick = (process as unknown as { _tickCallback?: () => void })._tickCallback;
    if (typeof tick === 'function') tick.call(process);
  } catch {
    // the extra frame stays; nothing else changes
  }
}

function asyncLoaderRegistration(
  register: NonNullable<SyncHooksModule['register']>,
  settings: EsmHookSettings,
  onWarning: (message: string, file: string) => void,
): () => void {
  const warningChannel = `breadcrumb.warnings.${process.pid}.${threadId}`;
  let channel: BroadcastChannel | null = null;
  const loader = pathToFileURL(path.join(__dirname, 'esm-loader.mjs')).href;
  return () => {
    if (channel === null) {
      channel = new BroadcastChannel(warningChannel);
      channel.onmessage = (event) => {
        const warning = (event as MessageEvent<EsmWarning>).data;
        onWarning(warning.message, warning.file);
      };
      channel.unref();
    }
    register(loader, { data: { ...settings, warningChannel } });
  };
}

// Calls `after` each time the program registers hooks of its own through `api[name]`.
function wrapRegistration(moduleApi: SyncHooksModule, name: 'register' | 'registerHooks', after: () => void): void {
  const original = moduleApi[name] as (...args: unknown[]) => unknown;
  const wrapped = {
    [name](this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      try {
        after();
      } catch {
        // their hooks work; ours stay where they were
      }
      return result;
    },
  }[name]!;
  Object.defineProperty(wrapped, 'length', { value: original.length });
  (moduleApi as Record<string, unknown>)[name] = wrapped;
  syncBuiltinExports();
}
